"""Every value a person reads is a label in the page's language: no raw enumeration value
(listed from the models' CHECK constraints, so a new one is covered at once), no English mail
header or label in a Norwegian page, no decimal point in a Norwegian number. Pages are found by
following links from the public pages and the coordinator navigation (demo data, signed in as
the demo administrator); CSV exports linked from them are read as well.
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
