"""The page-wide rules of issue 17, kept by crawling (so a new page is covered as soon as a link
leads to it): every page reachable from the public pages and the coordinator navigation (demo
data, signed in as the demo administrator), at 390×844 and 1280×800, in bokmål and nynorsk, has

- zero axe-core WCAG 2.1 A/AA violations,
- no horizontal overflow of the page (``scrollWidth <= innerWidth``; tables scroll inside their
  own container),
- no console errors (CSP violations are console errors in chromium), no failed requests.

Speed (CI runs this on SQLite and PostgreSQL): the pages are found with the Flask test client
(no browser is needed to read links), one example per URL shape (``/events/12`` and
``/events/13`` are the same page). One chromium, one context per language, a few tabs per
context reused from page to page, both languages at the same time. A page is loaded once per
language at the phone size, checked, then the window is resized to the desktop size and
checked again (the layout is CSS only: netmgr.js does not look at the size, so a resized page
is laid out as a fresh one; console and requests are those of the one load). Overflow is
measured at both sizes in both languages; axe runs once per page and size, in bokmål on the
desktop and in nynorsk on the phone (``AXE_VIEWS``): axe's rules read the document, which is
the same in both languages apart from the words, and the rules that depend on the size
(scrollable regions, reflowed contrast) run at each size. Screenshots of the main pages at
both sizes go to ``test-screenshots/`` (gitignored).
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from netmgr.demo.builder import PASSWORD, load_demo
from netmgr.extensions import db
from netmgr.web.i18n import COOKIE
from tests.axe import AXE, WCAG_TAGS, format_violations
from tests.factories import demo_mail_file

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-screenshots"  # gitignored
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
#: Each page is loaded once per language at the first size, then the window is resized
SIZE_ORDER = ("phone", "desktop")
LANGUAGES = ("nb", "nn")
#: axe once per page and size, each language at one of them (see the module's docstring)
AXE_VIEWS = {("nb", "desktop"), ("nn", "phone")}
TABS_PER_LANGUAGE = 3
SCREENSHOT_LANGUAGE = "nb"
#: Screenshots show the top of a page (a full 5000 px report costs seconds to encode)
SHOT_HEIGHT = 2400
START = ("/", "/events", "/networks", "/processes", "/about", "/personvern", "/tilgjengelighet")
#: More shapes than this means the shape rule lets a family of pages through one by one
MAX_PAGES = 120
#: Links that are not pages to check: sign-out, language switch, downloads, the API, feeds
SKIP = re.compile(
    r"^/(logout|language/|api/|static/)|\.(csv|xlsx|ics|json|pdf|txt)(\?|$)|/export|/download"
)
#: Shape -> file name of the screenshots of the main pages (README shows some of them)
MAIN_PAGES = {
    "/events": "events",
    "/events/N": "event",
    "/networks/S": "network",
    "/coordinator/": "dashboard",
    "/coordinator/events": "coordinator-events",
    "/coordinator/events/N": "coordinator-event",
    "/coordinator/events/N/registrations": "registrations",
    "/coordinator/participation/": "participation",
    "/coordinator/participation/map": "map",
}
#: What the page looks like to the checks: overflow and the elements that cause it
MEASURE = """() => {
  const width = window.innerWidth, doc = document.documentElement.scrollWidth;
  const wide = [];
  // inside a scrolling container (which clips an absolute element only from its containing block up)
  const clipped = el => {
    const abs = getComputedStyle(el).position === 'absolute', block = abs ? el.offsetParent : null;
    let reached = !abs;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (a === block) reached = true;
      if (reached && getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  if (doc > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width === 0 || clipped(el)) continue;
      if (getComputedStyle(el).overflowX === 'visible'
          && [...el.children].some(c => c.getBoundingClientRect().right > width + 1)) continue;
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className.trim()
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' ' + Math.round(r.right) + 'px');
      if (wide.length >= 4) break;
    }
  }
  return {width, doc, wide};
}"""
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)
  }));
}"""


def shape(path: str) -> str:
    """``/events/12`` -> ``/events/N``; long tokens and slugs after a list path -> ``S``."""
    parts = []
    for part in path.split("/"):
        if part.isdigit():
            part = "N"
        elif len(part) >= 20 or (parts and parts[-1] in ("networks", "processes")):
            part = "S"
        parts.append(part)
    return "/".join(parts)


def discover(client, problems: list[str]) -> dict[str, str]:
    """Shape -> first URL of that shape, following links from START and the coordinator
    navigation with the test client (the browser is not needed to read links). Notes in
    ``problems`` a coordinator page without the coordinator navigation and breadcrumbs that
    are not one flat list."""
    html = client.get("/coordinator/").get_data(as_text=True)
    nav = re.search(r'<nav class="nm-subnav" aria-label="Koordinator">(.*?)</nav>', html, re.S)
    assert nav, "the dashboard has no coordinator navigation"
    queue = [*START, "/coordinator/", *re.findall(r'href="([^"]+)"', nav[1])]
    pages: dict[str, str] = {}
    while queue:
        url = queue.pop(0)
        key = shape(urlsplit(url).path)
        if key in pages:
            continue
        response = client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            queue.insert(0, response.headers["Location"])
            continue
        pages[key] = url
        assert len(pages) <= MAX_PAGES, f"more than {MAX_PAGES} page shapes: {sorted(pages)}"
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        if (
            url.startswith("/coordinator")
            and 'class="nm-subnav" aria-label="Koordinator"' not in html
        ):
            problems.append(f"{url}: no coordinator navigation")
        crumbs = re.search(r'<nav class="ds-breadcrumbs[^>]*>(.*?)</nav>', html, re.S)
        if crumbs and crumbs[1].count("<ol") != 1:
            problems.append(f"{url}: breadcrumbs are not one list")
        for href in re.findall(r'<a\b[^>]*?\bhref="([^"#][^"]*)"', html):
            target = urlsplit(urljoin("http://localhost" + url, href.replace("&amp;", "&")))
            if target.netloc != "localhost" or SKIP.search(target.path):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


async def crawl(launch_args: dict, base_url: str, pages: dict[str, str]) -> list[str]:
    from playwright.async_api import async_playwright

    problems: list[str] = []
    timings: dict[str, float] = {}  # step -> seconds, summed over the tabs (printed with -s)
    axe_source = AXE.read_text(encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_args)
        signer = await browser.new_context(base_url=base_url, locale="nb-NO")
        tab = await signer.new_page()
        await tab.goto("/login")
        await tab.get_by_label("E-postadresse").fill("admin@lup.no")
        await tab.get_by_label("Passord", exact=True).fill(PASSWORD)
        await tab.get_by_role("button", name="Logg inn").click()
        await tab.wait_for_url("**/coordinator/**")
        state = await signer.storage_state()
        await signer.close()

        async def check(tab, language: str, key: str, url: str, messages: list[str]) -> None:
            messages.clear()
            found: list[str] = []
            clock = time.monotonic()
            await tab.set_viewport_size(viewport(SIZE_ORDER[0]))
            await tab.goto(url, wait_until="load")
            clock = _tick(timings, "load", clock)
            for size in SIZE_ORDER:
                if size != SIZE_ORDER[0]:
                    await tab.set_viewport_size(viewport(size))
                measured = await tab.evaluate(MEASURE)
                if measured["doc"] > measured["width"]:
                    found.append(
                        f"[{size}] page {measured['doc']} px wide in a {measured['width']} px"
                        f" window ({', '.join(measured['wide'])})"
                    )
                clock = _tick(timings, "measure", clock)
                if (language, size) in AXE_VIEWS:
                    violations = await tab.evaluate(AXE_RUN, WCAG_TAGS)
                    if violations:
                        found.append(f"[{size}] " + format_violations(url, violations))
                    clock = _tick(timings, "axe", clock)
                if language == SCREENSHOT_LANGUAGE and key in MAIN_PAGES:
                    width, height = viewport(size).values()
                    tall = await tab.evaluate("() => document.documentElement.scrollHeight")
                    await tab.screenshot(
                        path=str(SCREENSHOTS / f"{MAIN_PAGES[key]}-{size}.png"),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(tall, SHOT_HEIGHT)},
                    )
                    clock = _tick(timings, "screenshot", clock)
            found.extend(messages)
            problems.extend(f"[{language}] {url}: {m}" for m in found)

        async def crawl_language(language: str) -> None:
            context = await browser.new_context(
                base_url=base_url,
                viewport=viewport(SIZE_ORDER[0]),
                locale="nb-NO",
                timezone_id="Europe/Oslo",
                storage_state=state,
            )
            await context.add_cookies([{"name": COOKIE, "value": language, "url": base_url}])
            if any(lang == language for lang, _size in AXE_VIEWS):
                # in every document before its own scripts: no request, no CSP exception
                await context.add_init_script(axe_source)
            queue = list(pages.items())

            async def worker() -> None:
                tab = await context.new_page()
                messages: list[str] = []
                tab.on("console", lambda m: m.type == "error" and messages.append(m.text))
                tab.on("pageerror", lambda e: messages.append(f"page error: {e}"))
                tab.on("requestfailed", lambda r: messages.append(f"request failed: {r.url}"))
                tab.on(
                    "response",
                    lambda r: r.status >= 400 and messages.append(f"HTTP {r.status}: {r.url}"),
                )
                while queue:
                    key, url = queue.pop(0)
                    await check(tab, language, key, url, messages)
                await tab.close()

            await asyncio.gather(*(worker() for _ in range(TABS_PER_LANGUAGE)))
            await context.close()

        await asyncio.gather(*(crawl_language(language) for language in LANGUAGES))
        await browser.close()
    print("time in the tabs:", {k: round(v, 1) for k, v in timings.items()})
    return problems


def viewport(size: str) -> dict[str, int]:
    width, height = SIZES[size]
    return {"width": width, "height": height}


def _tick(timings: dict[str, float], step: str, since: float) -> float:
    now = time.monotonic()
    timings[step] = timings.get(step, 0.0) + now - since
    return now


@pytest.fixture
def demo_client(app_ctx, client, sign_in):
    load_demo()
    db.session.commit()
    demo_mail_file(app_ctx)
    from netmgr.auth.models import User

    return sign_in(client, db.session.query(User).filter_by(email="admin@lup.no").one())


def test_every_page_keeps_the_rules(demo_client, live_server, browser_type_launch_args):
    started = time.monotonic()
    problems: list[str] = []
    pages = discover(demo_client, problems)
    assert len(pages) > 40, f"the crawl found only {len(pages)} pages: {sorted(pages)}"
    assert {"/coordinator/events/N", "/events/N", "/networks/S"} <= pages.keys()
    discovered = time.monotonic()
    # Playwright's async API in a thread of its own: pytest-playwright's sync API may own this one
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["problems"] = asyncio.run(crawl(browser_type_launch_args, live_server, pages))
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="crawl")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    problems += outcome["problems"]
    print(
        f"{len(pages)} pages, discovery {discovered - started:.1f} s,"
        f" browser {time.monotonic() - discovered:.1f} s"
    )
    assert not problems, f"{len(problems)} problem(s) on {len(pages)} pages:\n" + "\n".join(
        sorted(problems)
    )
