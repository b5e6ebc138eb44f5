"""The production shape end to end, over real HTTP.

PostgreSQL + Redis + gunicorn with 4 workers from deploy/gunicorn.conf.py + two
``netmgr scheduler`` processes with instance folders of their own (two machines that share
only PostgreSQL) + ``netmgr receive-mail --imap`` + a real SMTP server + Dovecot.

With an API token it publishes an event and sends a 500-recipient campaign; the active
scheduler is SIGKILLed while the SMTP server holds one of its messages. Shown: every recipient
gets exactly one message, the standby takes over and the mail resumes within 30 s, /readyz
stays 200 through that take-over (the standby beats within a tick, long before the 3 missed
ticks that fail it), goes 503 when no scheduler is left and back to 200 when one starts again
(systemd's Restart=always), a calendar reply dropped in the mailbox is recorded once, and the
sign-in limit holds in total across the workers (Redis).

Timings: the mail settings are the defaults (claim timeout 15 s, refresh 3 s, batches of 50);
only the scheduler tick is 2 s instead of 10 so that "3 ticks without a heartbeat" is 6 s.
With the default tick the bound is one tick + the claim timeout = 25 s.

PostgreSQL only, and meaningless on SQLite: "two machines" means two processes that share
nothing but the database, and SQLite's leader lock is a file in the instance folder (one
machine), its database a file that a second machine cannot open.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
import redis
from imapclient import IMAPClient
from sqlalchemy import func, select

from netmgr.auth.models import ApiToken, User
from netmgr.auth.views import LOGIN_RATE_LIMIT
from netmgr.campaigns.models import CampaignRecipient
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration
from netmgr.scheduler.models import SchedulerInstance
from tests.deploy.helpers import REPO, base_env, listening_socket, start_gunicorn, stop
from tests.mail import itip_samples as samples
from tests.mail.dovecot import start_dovecot, stop_dovecot
from tests.mail.test_standby import GatedSMTPServer

pytestmark = pytest.mark.postgres_only

N = 500
#: The SMTP server holds message 151 (the leader's 4th batch of 50) until the leader is dead
ACCEPTED_BEFORE_KILL = 150
TICK = 2.0
TAKE_OVER_BOUND = 30.0
#: Redis database of this test (test_shared_ratelimit uses 11)
REDIS_DB = 13
PER_MINUTE = int(LOGIN_RATE_LIMIT.split()[0])
DONE_FOLDER = "netmgr-handled"


@pytest.fixture
def stack(app, is_postgres, database_url):
    """Everything but the schedulers (the test starts and kills those)."""
    if not is_postgres:
        pytest.skip("postgres_only: two machines share only the database (module docstring)")
    procs: dict[str, subprocess.Popen] = {}
    # Dovecot's processes run as other users: not under pytest's tmp_path (mode 0700)
    root = Path(tempfile.mkdtemp(prefix="netmgr-e2e-"))
    root.chmod(0o755)
    dovecot, dovecot_proc = start_dovecot(root / "dovecot")
    smtp = GatedSMTPServer(ACCEPTED_BEFORE_KILL)
    smtp.start()
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    sock = listening_socket()
    env = base_env(  # the one /etc/netmgr/netmgr.env every process of every machine reads
        PYTHONPATH=str(REPO),
        NETMGR_DATABASE_URL=database_url,
        NETMGR_SECRET_KEY="e2e-" + "k" * 44,
        NETMGR_BASE_URL="http://netmgr.test",
        NETMGR_RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:6379/{REDIS_DB}",
        NETMGR_WEB_WORKERS="4",
        NETMGR_SCHEDULER_TICK_SECONDS=str(TICK),
        NETMGR_MAIL_SERVER="127.0.0.1",
        NETMGR_MAIL_PORT=str(smtp.port),
        NETMGR_RSVP_IMAP_HOST=dovecot.host,
        NETMGR_RSVP_IMAP_PORT=str(dovecot.port),
        NETMGR_RSVP_IMAP_TLS="false",
        NETMGR_RSVP_IMAP_USER=dovecot.user,
        NETMGR_RSVP_IMAP_PASSWORD=dovecot.password,
        NETMGR_RSVP_IMAP_POLL_SECONDS="5",
    )
    logs = root / "logs"
    logs.mkdir()

    def start(name: str, *command: str) -> subprocess.Popen:
        """A netmgr command on a 'machine' of its own (instance folder)."""
        instance = root / name
        instance.mkdir(exist_ok=True)
        with open(logs / f"{name}.log", "ab") as out:
            procs[name] = subprocess.Popen(
                [sys.executable, "-c", "from netmgr.cli import main; main()", *command],
                env={**env, "NETMGR_INSTANCE_PATH": str(instance)},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return procs[name]

    (root / "web").mkdir()
    with open(logs / "web.log", "wb") as out:
        procs["web"] = start_gunicorn(
            sock,
            {**env, "NETMGR_INSTANCE_PATH": str(root / "web")},
            # gunicorn's access log only to name the worker (pid) that answered
            "--access-logfile",
            "-",
            "--access-logformat",
            "access %(p)s %(m)s %(U)s %(s)s",
            output=out,
        )
    start("rsvp", "receive-mail", "--imap")
    try:
        yield {
            "address": sock.getsockname(),
            "smtp": smtp,
            "dovecot": dovecot,
            "start": start,
            "procs": procs,
            "logs": logs,
        }
    finally:
        smtp.release.set()
        for name, proc in procs.items():
            if name == "web":
                stop(proc)
            elif proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
        sock.close()
        smtp.stop()
        stop_dovecot(dovecot_proc)
        redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
        if os.environ.get("NETMGR_E2E_KEEP"):  # the processes' logs, to read after a failure
            print(f"e2e logs kept in {logs}")
        else:
            shutil.rmtree(root, ignore_errors=True)


class Web:
    """A client of the gunicorn socket: a new connection per request, so any worker may take
    any request."""

    def __init__(self, address, token: str | None = None):
        self.address = address
        self.token = token

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(*self.address, timeout=60)
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if isinstance(body, dict):
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            return response.status, response, data
        finally:
            conn.close()

    def json(self, method, path, body=None, expect=200):
        status, _, data = self.request(method, path, body)
        assert status == expect, (method, path, status, data[:500])
        return json.loads(data)


class ReadySampler(threading.Thread):
    """GET /readyz every 0.2 s: (monotonic time, status, scheduler check)."""

    def __init__(self, web: Web):
        super().__init__(daemon=True)
        self.web = web
        self.samples: list[tuple[float, int, dict]] = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.wait(0.2):
            try:
                status, _, data = self.web.request("GET", "/readyz")
                checks = json.loads(data)["checks"]
            except (OSError, ValueError) as exc:  # shows up as a failed sample
                status, checks = 0, {"scheduler": {}, "error": repr(exc)}
            self.samples.append((time.monotonic(), status, checks))

    def between(self, start, end=float("inf")):
        return [s for s in self.samples if start <= s[0] <= end]


def _fresh(query):
    db.session.rollback()
    return query()


def wait_until(predicate, timeout, what, procs=()):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        dead = [p.args for p in procs if p.poll() is not None]
        if dead or time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what} (exited: {dead})")
        time.sleep(0.1)
    return value


def _instances():
    return _fresh(lambda: db.session.scalars(select(SchedulerInstance)).all())


def _seed(n: int) -> tuple[str, int, list[str]]:
    """A coordinator with an API token, an organisation with n contacts (data an operator
    would have imported; the test drives everything else over HTTP)."""
    user = User(email="koordinator@lup.no", name="Koordinator", role="coordinator")
    user.set_password("riktig-passord-123")
    org = Organization(
        kind="municipality",
        name="Bodø kommune",
        municipality_number="1804",
        written_standard="nb",
        county_number="18",
        population=53000,
    )
    db.session.add_all([user, org])
    db.session.flush()
    now = utcnow()
    addresses = [f"mottaker{i}@e2e.example.no" for i in range(n)]
    db.session.execute(
        Contact.__table__.insert(),
        [
            {
                "organization_id": org.id,
                "name": f"Mottaker {i}",
                "email": address,
                "opted_out": False,
                "created_at": now,
                "updated_at": now,
            }
            for i, address in enumerate(addresses)
        ],
    )
    _, secret = ApiToken.issue(user, name="e2e")
    db.session.commit()
    return secret, org.id, addresses


def _sign_in_attempts(web: Web, count: int) -> list[tuple[int, str]]:
    """Wrong passwords through the real form (CSRF on): (status, worker pid) per attempt."""
    results = []
    for _ in range(count):
        status, response, page = web.request("GET", "/login")
        assert status == 200
        cookie = response.getheader("Set-Cookie").split(";")[0]
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": "nobody@example.no", "password": "wrong-password"}
        )
        status, response, _ = web.request(
            "POST",
            "/login",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        results.append((status, response.getheader("X-Request-Id")))
    return results


def test_production_shape_end_to_end(app_ctx, stack):
    smtp, procs, start = stack["smtp"], stack["procs"], stack["start"]
    token, org_id, addresses = _seed(N)
    web = Web(stack["address"], token)
    wait_until(lambda: web.request("GET", "/healthz")[0] == 200, 60, "gunicorn", [procs["web"]])

    # -- two machines' schedulers: one leads -------------------------------------------------
    machines = [start("machine-a", "scheduler"), start("machine-b", "scheduler")]
    wait_until(
        lambda: len(_instances()) == 2 and sum(i.active for i in _instances()) == 1,
        60,
        "two schedulers, one active",
        machines,
    )
    wait_until(lambda: web.request("GET", "/readyz")[0] == 200, 30, "/readyz 200")
    sampler = ReadySampler(Web(stack["address"]))
    sampler.start()

    # -- publish an event and send the campaign over the API --------------------------------
    starts = (utcnow() + dt.timedelta(days=30)).replace(hour=8, minute=0, second=0, microsecond=0)
    event = web.json(
        "POST",
        "/api/v1/events",
        {
            "kind": "network_meeting",
            "title": "Nettverkssamling velferdsteknologi",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=6)).isoformat(),
            "location": "Bodø rådhus",
            "status": "published",
        },
        expect=201,
    )
    assert event["status"] == "published"
    campaign = web.json(
        "POST", "/api/v1/campaigns", {"event_id": event["id"], "organization_ids": [org_id]}, 201
    )
    sent = web.json("POST", f"/api/v1/campaigns/{campaign['id']}/send")
    assert sent["queued"] == N and sent["recipients"] == N

    # -- SIGKILL the active scheduler in the middle of its drain ------------------------------
    assert smtp.held.wait(60), "the drain did not reach the held message"
    assert smtp.count() == ACCEPTED_BEFORE_KILL
    [leader] = [i for i in _instances() if i.active]
    [victim] = [p for p in machines if p.pid == int(leader.name.split(":")[1])]
    [standby] = [p for p in machines if p is not victim]
    dead_claim = set(  # only the leader sends: what is claimed now is the victim's
        _fresh(
            lambda: db.session.scalars(
                select(OutboxMessage.message_id).where(OutboxMessage.state == "claimed")
            ).all()
        )
    )
    assert 0 < len(dead_claim) <= 50  # one batch (MAIL_BATCH_SIZE), not the rest of the outbox
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)
    killed_at, killed_wall = time.monotonic(), utcnow()
    smtp.release.set()  # the held message was never accepted (451)

    # -- meanwhile: a calendar reply in the mailbox, wrong passwords on every worker --------
    replier = addresses[7]
    mailbox = IMAPClient(stack["dovecot"].host, port=stack["dovecot"].port, ssl=False)
    mailbox.login(stack["dovecot"].user, stack["dovecot"].password)
    mailbox.append("INBOX", samples.outlook(event["uid"], replier, "ACCEPTED"))
    attempts = _sign_in_attempts(Web(stack["address"]), 3 * PER_MINUTE)

    # -- the standby takes over; every recipient gets exactly one message -------------------
    smtp.wait_for(N, timeout=180)  # the rest is throughput (a loaded machine), not take-over
    all_sent = wait_until(
        lambda: (
            _fresh(
                lambda: db.session.scalar(select(func.count()).where(OutboxMessage.state != "sent"))
            )
            == 0
        ),
        30,
        "outbox marked sent",
        [standby],
    )
    assert all_sent
    [new_leader] = [i for i in _instances() if i.active]
    assert new_leader.name != leader.name and int(new_leader.name.split(":")[1]) == standby.pid
    took_over = (_leader_since(stack["logs"], new_leader.name) - killed_wall).total_seconds()
    arrivals = list(zip(smtp.arrived, (m["Message-ID"] for m in smtp.messages), strict=True))
    after_kill = [t - killed_at for t, _ in arrivals[ACCEPTED_BEFORE_KILL:]]
    resumed, last = min(after_kill), max(after_kill)
    # the dead sender's claim taken over: the first of its rows delivered by the standby
    reclaimed = min(t - killed_at for t, mid in arrivals if mid in dead_claim)
    assert max(took_over, resumed, reclaimed) < TAKE_OVER_BOUND, (took_over, resumed, reclaimed)

    invitations = set(
        _fresh(
            lambda: db.session.scalars(
                select(CampaignRecipient.message_id).where(
                    CampaignRecipient.campaign_id == campaign["id"]
                )
            ).all()
        )
    )
    arrived = [(m["Message-ID"], m["To"].addresses[0].addr_spec) for m in smtp.messages]
    per_invitation = Counter(mid for mid, _ in arrived if mid in invitations)
    assert len(invitations) == N and set(per_invitation) == invitations
    twice = sorted(mid for mid, k in per_invitation.items() if k > 1)
    assert twice == [], twice
    assert {to for mid, to in arrived if mid in invitations} == set(addresses)
    others = Counter(to for mid, to in arrived if mid not in invitations)

    # -- /readyz through the take-over: never 503 (one tick < three) ------------------------
    failover = sampler.between(killed_at)
    assert failover and all(status == 200 for _, status, _ in failover), [
        (round(t - killed_at, 1), s, c["scheduler"]) for t, s, c in failover if s != 200
    ]
    worst_age = max(c["scheduler"]["heartbeat_age_s"] or 0 for _, _, c in failover)

    # -- no scheduler left: 503 after 3 ticks; one starts again: 200 ------------------------
    os.killpg(standby.pid, signal.SIGKILL)
    standby.wait(timeout=10)
    second_kill = time.monotonic()
    wait_until(
        lambda: any(s == 503 for _, s, _ in sampler.between(second_kill)),
        6 * TICK + 10,
        "/readyz 503 without a scheduler",
    )
    down = next(s for s in sampler.between(second_kill) if s[1] == 503)
    assert down[2]["scheduler"]["leader"] is False
    assert down[2]["scheduler"]["heartbeat_age_s"] > 3 * TICK
    restart = time.monotonic()
    restarted = start("machine-a", "scheduler")
    wait_until(
        lambda: any(s == 200 for _, s, _ in sampler.between(restart)),
        60,
        "/readyz 200 again",
        [restarted],
    )
    up = next(s for s in sampler.between(restart) if s[1] == 200)
    sampler.halt.set()
    sampler.join(timeout=10)

    # -- the calendar reply: recorded once, moved out of the inbox -------------------------
    def registrations():
        return _fresh(
            lambda: db.session.scalars(
                select(Registration.status)
                .join(Contact, Contact.id == Registration.contact_id)
                .where(Contact.email == replier)
            ).all()
        )

    wait_until(lambda: registrations() == ["confirmed"], 30, "the reply recorded", [procs["rsvp"]])
    mailbox.select_folder("INBOX", readonly=True)
    assert mailbox.search() == []
    mailbox.select_folder(DONE_FOLDER, readonly=True)
    assert len(mailbox.search()) == 1
    mailbox.logout()
    rsvp_log = (stack["logs"] / "rsvp.log").read_text()
    assert rsvp_log.count('"outcome": "handled"') == 1, rsvp_log
    assert replier not in rsvp_log
    assert others[replier] == 1, others  # one confirmation of the registration

    # -- the sign-in limit held in total across the workers ---------------------------------
    statuses = Counter(status for status, _ in attempts)
    assert statuses == {401: PER_MINUTE, 429: 2 * PER_MINUTE}, statuses
    web_log = (stack["logs"] / "web.log").read_text()
    booted = set(re.findall(r"Booting worker with pid: (\d+)", web_log))
    answered = set(re.findall(r"^access <(\d+)> POST /login", web_log, re.M))
    assert len(booted) == 4 and len(answered) >= 2, (booted, answered)

    print(
        f"\ne2e: {N} recipients, each exactly 1 invitation ({sum(per_invitation.values())}"
        f" invitations, {smtp.count()} messages at the server, others: {dict(others)});"
        f" leader killed after {ACCEPTED_BEFORE_KILL}"
        f"\n  standby active {took_over:.1f} s after the SIGKILL; first message after it"
        f" {resumed:.1f} s; the dead sender's claim ({len(dead_claim)} rows) resumed"
        f" {reclaimed:.1f} s after it; last message {last:.1f} s"
        f"\n  /readyz during the take-over: {len(failover)} samples, all 200, worst leader"
        f" heartbeat age {worst_age} s (fails above {3 * TICK:g} s)"
        f"\n  /readyz 503 {down[0] - second_kill:.1f} s after the last scheduler died"
        f" (heartbeat age {down[2]['scheduler']['heartbeat_age_s']} s), 200"
        f" {up[0] - restart:.1f} s after one started again"
        f"\n  sign-in: {dict(statuses)} from workers {sorted(answered)} of {sorted(booted)}"
    )


def _leader_since(logs: Path, name: str) -> dt.datetime:
    """When ``name`` logged that it became the active instance (its JSON log line)."""
    for path in logs.glob("machine-*.log"):
        for line in path.read_text().splitlines():
            if line.startswith("{") and f"scheduler {name} is now the active" in line:
                return dt.datetime.fromisoformat(json.loads(line)["ts"])
    raise AssertionError(f"{name} never logged its take-over")
