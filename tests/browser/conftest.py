"""Browser tests: a live server on the test database, Debian's chromium, and axe-core.

- ``live_server``: the session app served by werkzeug in a thread (same database as the
  fixtures, so rows made in a test are what the browser sees).
- ``base_url`` points Playwright at it, so ``page.goto("/events")`` works.
- chromium is /usr/bin/chromium (or $CHROMIUM_PATH); Playwright never downloads a browser.
- ``axe(page)``: injects netmgr/static/vendor/axe.min.js (served by the app itself, so the
  page's CSP allows it) and fails naming every WCAG 2.1 A/AA violation.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "netmgr" / "static" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "headless": True,
            "args": [*browser_type_launch_args.get("args", []), "--lang=nb-NO"],
            "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900},
            "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: run `make assets` (npm install + netmgr.web.assets)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        origin = page.evaluate("() => location.origin")
        page.add_script_tag(url=f"{origin}/static/vendor/axe.min.js")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)
            }));
        }""", WCAG_TAGS)


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


@pytest.fixture
def axe():
    """``axe(page)`` asserts zero WCAG 2.1 A/AA violations and names them otherwise."""
    checked: list[str] = []

    def check(page):
        violations = axe_violations(page)
        assert not violations, format_violations(page.url, violations)
        checked.append(page.url)
        return checked
    return check
