"""Benchmark: registration bursts the way production runs, against a hand-written SQL floor.

The app runs under gunicorn (``--no-control-socket``, 4 gthread workers x 4 threads) in its own
process group; the clients run in another process (a ``multiprocessing`` worker with a thread
per client, plain urllib). In the same run and the same database, the *floor* does the seat
decision in hand-written SQL from the same number of psycopg (or sqlite3) connections: lock the
event row, count the confirmed, insert, commit. App and floor rounds alternate (interleaved, so
both see the same machine load); medians are printed with the ratio, p50/p99 latency and the
checks: exactly ``seats`` confirmed, every other one waitlisted, no 5xx, one outbox row per
registration (the confirmation is queued in the same transaction), and at the end every queued
confirmation composed and delivered by the sender (file mode).

    python bench/registration.py --db postgres      # the three scenarios of issue 18
    python bench/registration.py                    # SQLite file (reported, not targeted)
    python bench/registration.py --db postgres --scenario burst --rounds 5
    python bench/registration.py --db postgres --scenario burst form   # API and form, one run

Scenarios: ``burst`` 200 registrations for 50 seats from 32 clients (API), ``large`` 1,000 for
300 seats from 64 clients (API), ``form`` the burst through the public supplier form.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.registration_load import fire_floor, fire_http, wait_for  # noqa: E402

PG_SERVER = os.environ.get("NETMGR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
PYTHON = sys.executable

#: name -> (registrations, seats, clients, endpoint)
SCENARIOS = {
    "burst": (200, 50, 32, "api"),
    "large": (1000, 300, 64, "api"),
    "form": (200, 50, 32, "form"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    config: dict, workers: int, threads: int, root: str = ROOT
) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NETMGR_BENCH_CONFIG": json.dumps(config), "PYTHONPATH": root}
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            "bench.registration_app:app",
        ],  # fmt: skip
        cwd=root,
        env=env,
        start_new_session=True,  # its own process group, stopped as a whole
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/events", timeout=120)
    return proc, base


def stop_gunicorn(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every live process in process group ``pgid`` (Linux)."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the command: state ppid pgrp ...
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--scenario", nargs="+", choices=(*SCENARIOS, "all"), default=["all"], help="one or more"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--before",
        metavar="TREE",
        help="also serve an older source tree (e.g. `git archive` of the previous commit, "
        "with these bench files copied in) on the same database, interleaved with the others",
    )
    args = parser.parse_args()
    # a SIGTERM (e.g. from `timeout`) still stops gunicorn and drops the database
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    from bench.registration_data import Fixture

    folder = tempfile.mkdtemp(prefix="netmgr-bench-")
    fixture = Fixture(PG_SERVER if args.db == "postgres" else None, folder)
    pool = multiprocessing.get_context("spawn").Pool(1)  # the client process
    server = before = None
    failed = False
    try:
        config = fixture.app_config(args.threads)
        server, base = start_gunicorn(config, args.workers, args.threads)
        servers = {"app": (base, server.pid)}
        if args.before:
            before, before_base = start_gunicorn(config, args.workers, args.threads, args.before)
            servers["before"] = (before_base, before.pid)
        names = list(SCENARIOS) if "all" in args.scenario else args.scenario
        summary = []
        for name in names:
            ok, line = run_scenario(name, args, fixture, pool, servers)
            failed |= not ok
            summary.append(line)
        print("\n" + "\n".join(summary))
    finally:
        for proc in (server, before):
            if proc is not None:
                stop_gunicorn(proc)
        pool.close()
        pool.join()
        fixture.close()
    return 1 if failed else 0


def run_scenario(name, args, fixture, pool, servers) -> tuple[bool, str]:
    total, seats, clients, endpoint = SCENARIOS[name]
    sides = [*servers, "floor"]
    rates = {side: [] for side in sides}
    ratios = {side: [] for side in servers}
    latencies = {side: [] for side in servers}
    cpu = {side: [] for side in servers}
    ok = True
    print(f"\n{name}: {total} registrations for {seats} seats, {clients} clients, {endpoint}")
    ok_code = 201 if endpoint == "api" else 303
    for n in range(args.rounds):
        events = dict(zip(sides, fixture.events(seats, len(sides)), strict=True))
        order = sides[n % len(sides) :] + sides[: n % len(sides)]  # interleaved, rotating
        notes = []
        for side in order:
            if side == "floor":
                elapsed = pool.apply(
                    fire_floor, (fixture.floor_url, events[side], total, clients, fixture.org_id)
                )
                checks = fixture.check(events[side], seats, total, outbox=False)
                ok &= checks["ok"]
                rates[side].append(total / elapsed)
                continue
            base, pgid = servers[side]
            jobs = fixture.http_jobs(base, events[side], total, endpoint, f"{name}{n}{side}")
            cpu0 = group_cpu_seconds(pgid)
            codes, times, elapsed = pool.apply(fire_http, (jobs, clients))
            cpu[side].append((group_cpu_seconds(pgid) - cpu0) / total)
            latencies[side].extend(times)
            rates[side].append(total / elapsed)
            checks = fixture.check(events[side], seats, total)
            server_errors = sum(1 for c in codes if c >= 500 or c < 0)
            wrong = sum(1 for c in codes if c != ok_code)
            good = checks["ok"] and not wrong
            ok &= good
            notes.append(
                f"{side}: confirmed {checks['confirmed']}, waitlisted {checks['waitlisted']}, "
                f"outbox {checks['outbox']}, 5xx {server_errors}, not {ok_code}: {wrong}"
                + ("" if good else " FAILED")
            )
        for side in servers:
            ratios[side].append(rates[side][-1] / rates["floor"][-1])
        figures = ", ".join(f"{side} {rates[side][-1]:.0f}/s" for side in sides)
        cpus = ", ".join(f"{side} {1000 * cpu[side][-1]:.1f}" for side in servers)
        print(f"  round {n + 1}: {figures}; server CPU ms/registration {cpus}; " + "; ".join(notes))
    delivered = fixture.drain()
    expected = args.rounds * total * len(servers)
    ok &= delivered == expected
    parts = [f"floor {statistics.median(rates['floor']):.0f}/s"]
    for side in servers:
        parts.append(
            f"{side} {statistics.median(rates[side]):.0f}/s = {statistics.median(ratios[side]):.2f}x "
            f"floor, p50 {1000 * percentile(latencies[side], 0.5):.0f} ms, "
            f"p99 {1000 * percentile(latencies[side], 0.99):.0f} ms, "
            f"CPU {1000 * statistics.median(cpu[side]):.1f} ms/registration"
        )
    line = (
        f"{fixture.dialect} {name} ({total} for {seats}, {clients} clients, {endpoint}, "
        f"medians of {args.rounds}): "
        + "; ".join(parts)
        + f"; mails delivered {delivered}/{expected}; "
        + ("checks OK" if ok else "CHECKS FAILED")
    )
    return ok, line


if __name__ == "__main__":
    sys.exit(main())
