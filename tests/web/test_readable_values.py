"""Every value a person reads is a label in the page's language: no raw enumeration value
(listed from the models' CHECK constraints, so a new one is covered at once), no English mail
header or label in a Norwegian page, no decimal point in a Norwegian number. Pages are found by
following links from the public pages and the coordinator navigation (demo data, signed in as
the demo administrator); CSV exports linked from them are read as well. The mails that real
actions on the demo data queue (a registration and its cancellation, an invitation campaign, a
change to the event, the reminder) are read the same way, in each language, so pages, mails
and exports are held to the one formatting layer (``netmgr.web.formatting``).
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import CheckConstraint

from netmgr.demo.builder import load_demo
from netmgr.extensions import db
from netmgr.web.i18n import COOKIE
from tests.factories import demo_mail_file

START = ("/", "/events", "/networks", "/processes", "/about", "/coordinator/")
MAX_PAGES = 150
SKIP = re.compile(r"^/(logout|language/|api/|static/)|\.(ics|json|pdf|xlsx)(\?|$)")
#: Raw values that are also ordinary Norwegian words or codes read as such on a page
NORWEGIAN_HOMOGRAPHS = {"nb", "nn", "en", "webinar", "import", "form", "api"}
#: English words that must not be shown in a Norwegian page (mail headers, leftovers)
ENGLISH = ("From", "To", "Date", "Subject", "Status:", "Yes", "No", "None", "True", "False")
#: A decimal point: "28.0", "2.3", "0.0" (times are "09.00", dates "1.12.2026")
DECIMAL_POINT = re.compile(r"(?<![\d.])(?<!WCAG )\d+\.\d(?![\d.])")
#: An ISO date shown to a person ("2026-09-16"); pages write "16. september 2026". A version
#: identifier ("Versjon 2026-12-01") is a name, not a date to read.
#: A clock written the English way ("09:00"); Norwegian writes "kl. 09.00"
COLON_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")
ISO_DATE = re.compile(r"(?<![\w-])(?<!Versjon )\d{4}-\d{2}-\d{2}(?![\w-])")


def raw_values() -> set[str]:
    values = set()
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                found = re.match(r"(\w+) IN \((.*)\)", str(constraint.sqltext))
                if found:
                    values.update(re.findall(r"'([^']*)'", found[2]))
    return values


class _Text(HTMLParser):
    """The visible text of a page (no scripts, styles, attributes)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "code", "kbd"):
            self.hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag in ("td", "th", "li", "p", "dd", "dt", "div", "br", "option", "span"):
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "code", "kbd"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    # A <pre> shows data as it is (the raw source of a mail), not labels
    parser.feed(re.sub(r"<pre\b.*?</pre>", " ", html, flags=re.S))
    text = " ".join(parser.parts)
    # Addresses are data, not labels
    text = re.sub(r"\S+@\S+|https?://\S+|/\S+", " ", text)
    return re.sub(r"\s+", " ", text), parser.links


def problems_in_text(text: str, values: set[str], language: str) -> list[str]:
    found = []
    for value in sorted(values - NORWEGIAN_HOMOGRAPHS):
        for match in re.finditer(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text):
            around = text[max(0, match.start() - 40) : match.end() + 40]
            found.append(f"raw value {value!r} in '…{around}…'")
            break
    for word in ENGLISH:
        if language == "nn" and word == "No":  # nynorsk "no" is "now"
            continue
        match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
        if match:
            around = text[max(0, match.start() - 40) : match.end() + 40]
            found.append(f"English {word!r} in '…{around}…'")
    for match in DECIMAL_POINT.finditer(text):
        around = text[max(0, match.start() - 40) : match.end() + 40]
        found.append(f"decimal point {match[0]!r} in '…{around}…'")
    match = ISO_DATE.search(text)
    if match:
        found.append(f"ISO date {match[0]!r}")
    match = COLON_CLOCK.search(text)
    if match:
        around = text[max(0, match.start() - 40) : match.end() + 40]
        found.append(f"clock {match[0]!r} written with a colon in '…{around}…'")
    return found


def problems_in_csv(body: str, values: set[str]) -> list[str]:
    found = set()
    for row in csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=_delimiter(body)):
        for cell in row[:]:
            if cell in values:
                found.add(f"raw value {cell!r} in a cell")
            elif DECIMAL_POINT.fullmatch(cell):
                found.add(f"decimal point in {cell!r}")
    return sorted(found)


def _delimiter(body: str) -> str:
    first = body.splitlines()[0] if body else ""
    return ";" if first.count(";") > first.count(",") else ","


def shape(path: str) -> str:
    parts = []
    for part in path.split("/"):
        if part.isdigit():
            part = "N"
        elif len(part) >= 20 or (parts and parts[-1] in ("networks", "processes")):
            part = "S"
        parts.append(part)
    return "/".join(parts)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_pages_and_exports_show_labels_and_norwegian_numbers(app_ctx, client, sign_in, language):
    load_demo()
    db.session.commit()
    demo_mail_file(app_ctx)
    from netmgr.auth.models import User

    admin = db.session.query(User).filter_by(email="admin@lup.no").one()
    sign_in(client, admin)
    client.set_cookie(COOKIE, language)
    values = raw_values()
    assert {"network_meeting", "waitlisted", "invitation", "unknown"} <= values

    queue = list(START)
    seen: dict[str, str] = {}
    problems: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        key = shape(path) + ("?csv" if path.endswith(".csv") or "csv" in url else "")
        if key in seen:
            continue
        seen[key] = url
        response = client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(response.headers["Location"])
            continue
        if response.status_code != 200:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        body = response.get_data(as_text=True)
        if response.mimetype == "text/csv":
            problems.extend(f"{url}: {p}" for p in problems_in_csv(body, values))
            continue
        if response.mimetype != "text/html":
            continue
        text, hrefs = visible_text(body)
        problems.extend(f"{url}: {p}" for p in problems_in_text(text, values, language))
        for href in hrefs:
            target = urlsplit(urljoin("http://localhost" + url, href))
            if target.scheme != "http" or target.netloc != "localhost" or SKIP.search(target.path):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert len(seen) > 20
    assert not problems, f"{len(problems)} problem(s) on {len(seen)} pages:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_mails_show_labels_and_norwegian_times(app_ctx, language):
    """Mails queued by real actions on the demo data, rendered in ``language``."""
    load_demo()
    db.session.commit()
    from netmgr.auth.models import User
    from netmgr.campaigns import services as campaigns
    from netmgr.core.timeutil import utcnow
    from netmgr.events import services as events
    from netmgr.events.models import Event
    from netmgr.mail.deferred import render_deferred
    from netmgr.mail.models import OutboxMessage
    from netmgr.organizations.models import Contact
    from netmgr.registration import services as registration
    from netmgr.registration.models import Registration
    from netmgr.scheduler import handlers
    from netmgr.scheduler.models import DueJob

    admin = db.session.query(User).filter_by(email="admin@lup.no").one()
    now = utcnow()
    event = next(
        e
        for e in db.session.query(Event).filter_by(status="published").order_by(Event.starts_at)
        if e.starts_at > now and (e.capacity is None or e.capacity >= 100)
    )
    taken = {r.contact_id for r in db.session.query(Registration).filter_by(event_id=event.id)}
    people = [
        c
        for c in db.session.query(Contact).filter(Contact.email.is_not(None)).order_by(Contact.id)
        if c.id not in taken and c.active and not c.opted_out
    ][:3]
    for person in people:
        person.language = language
    for reg in db.session.query(Registration).filter_by(event_id=event.id):
        if reg.contact is not None:
            reg.contact.language = language
    db.session.flush()
    before = {m.id for m in db.session.query(OutboxMessage)}

    reg, _ = registration.register(event, people[0])
    db.session.flush()
    registration.cancel_registration(reg)
    registration.register(event, people[1])
    campaign = campaigns.create_campaign(event, [people[2].id], user=admin, name="Test")
    db.session.flush()
    campaigns.send_campaign(campaign, user=admin)
    events.update_event(event, {"location": "Rådhuset, møterom 2"}, admin)
    job = db.session.query(DueJob).filter_by(event_id=event.id, kind="event.reminder").first()
    assert job is not None, "publishing the event planned no reminder"
    handlers.reminder(job, now)
    render_deferred()
    db.session.flush()

    mails = [m for m in db.session.query(OutboxMessage) if m.id not in before]
    kinds = {m.kind for m in mails}
    assert {"registration.confirmed", "registration.cancelled"} <= kinds, kinds
    assert any(k.startswith("campaign") for k in kinds) and "event.reminder" in kinds, kinds
    values = raw_values()
    problems = []
    for mail in mails:
        assert mail.language == language, (mail.kind, mail.language)
        text = re.sub(r"\S+@\S+|https?://\S+", " ", f"{mail.subject}\n{mail.body_text}")
        found = problems_in_text(text, values, language)
        if mail.body_html:
            found += problems_in_text(visible_text(mail.body_html)[0], values, language)
        problems.extend(f"{mail.kind}: {p}" for p in found)
    db.session.rollback()
    assert not problems, f"{len(problems)} problem(s) in {len(mails)} mails:\n" + "\n".join(
        problems
    )
