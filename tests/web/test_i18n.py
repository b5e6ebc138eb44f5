"""Language choice, the language switch, catalogs and date formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from netmgr.core.timeutil import oslo_datetime
from netmgr.web import formatting as fmt
from netmgr.web.i18n import normalize_language

ROOT = Path(__file__).resolve().parents[2]


def lang_of(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, "nb"),
        ("nn-NO,nn;q=0.9,en;q=0.5", "nn"),
        ("en-US,en;q=0.9", "en"),
        ("no", "nb"),
        ("nb-NO", "nb"),
        ("de-DE,de;q=0.9,nn;q=0.3", "nn"),
        ("de,fr", "nb"),
        ("en;q=0.4,nn;q=0.8", "nn"),
    ],
)
def test_accept_language_decides_without_cookie(app, header, expected):
    headers = {"Accept-Language": header} if header else {}
    assert lang_of(app.test_client().get("/about", headers=headers)) == expected


def test_cookie_wins_over_accept_language(app):
    client = app.test_client()
    client.set_cookie("lang", "nn")
    assert lang_of(client.get("/about", headers={"Accept-Language": "en"})) == "nn"
    client.set_cookie("lang", "klingon")
    assert lang_of(client.get("/about", headers={"Accept-Language": "en"})) == "en"


def test_normalize_language():
    assert [
        normalize_language(v) for v in ("nb", "NB-no", "no", "nn_NO", "en-GB", "sv", "", None)
    ] == ["nb", "nb", "nb", "nn", "en", None, None, None]


def test_language_switch_sets_cookie_and_returns_to_the_page(app):
    client = app.test_client()
    response = client.get("/language/nn?next=/events%3Fkind%3Dwebinar")
    assert response.status_code == 302
    assert response.headers["Location"] == "/events?kind=webinar"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=nn;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    html = client.get("/events").get_data(as_text=True)
    assert 'lang="nn"' in html and "Komande arrangement" in html


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil", "javascript:alert(1)", ""]
)
def test_language_switch_never_redirects_elsewhere(app, target):
    response = app.test_client().get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_switch_links_are_plain_links_with_lang_and_current_marked(app):
    html = app.test_client().get("/networks").get_data(as_text=True)
    assert 'href="/language/nn?next=/networks" lang="nn" hreflang="nn">Nynorsk</a>' in html
    assert 'lang="nb" hreflang="nb" aria-current="true">Bokmål</a>' in html


def test_catalogs_keep_placeholders():
    for language in ("nn", "en"):
        path = ROOT / "netmgr" / "translations" / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            import re

            wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
            for s in strings:
                if s:
                    assert set(re.findall(r"%\(\w+\)s", s)) <= wanted | set(
                        re.findall(r"%\(\w+\)s", ids[0])
                    ), (language, message.id, s)


# Dates and times -----------------------------------------------------------------------------

START = oslo_datetime(2026, 3, 3, 9, 0)
END = oslo_datetime(2026, 3, 3, 11, 30)


def test_event_time_in_three_languages():
    assert fmt.format_event_time(START, END, "nb") == "tirsdag 3. mars 2026 kl. 09.00–11.30"
    assert fmt.format_event_time(START, END, "nn") == "tysdag 3. mars 2026 kl. 09.00–11.30"
    assert fmt.format_event_time(START, END, "en") == "Tuesday 3 March 2026, 09:00–11:30"


def test_event_time_is_oslo_time_across_daylight_saving():
    summer = dt.datetime(2026, 6, 16, 7, 0, tzinfo=dt.UTC)  # 09.00 CEST
    assert (
        fmt.format_event_time(summer, summer + dt.timedelta(hours=1), "nb")
        == "tirsdag 16. juni 2026 kl. 09.00–10.00"
    )
    winter = dt.datetime(2026, 1, 13, 8, 0, tzinfo=dt.UTC)  # 09.00 CET
    assert fmt.format_datetime_long(winter, "nb") == "tirsdag 13. januar 2026 kl. 09.00"


def test_event_over_several_days_names_both_dates():
    end = oslo_datetime(2026, 3, 4, 15, 0)
    assert (
        fmt.format_event_time(START, end, "nb")
        == "tirsdag 3. mars 2026 kl. 09.00 – onsdag 4. mars 2026 kl. 15.00"
    )
    assert (
        fmt.format_event_time(START, end, "en")
        == "Tuesday 3 March 2026, 09:00 – Wednesday 4 March 2026, 15:00"
    )


def test_late_evening_utc_is_next_day_in_oslo():
    late = dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)
    assert fmt.format_long_date(late, "nb") == "tirsdag 3. mars 2026"
    assert fmt.format_short_date(late, "en") == "3 March 2026"


def test_numbers():
    assert fmt.format_number(12345, "nb") == "12\xa0345"
    assert fmt.format_number(12345, "en") == "12,345"
    assert fmt.format_number(None, "nb") == ""


def test_filters_follow_the_request_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "nn"}):
        template = app.jinja_env.from_string("{{ s | event_time(e) }} / {{ s | date_short }}")
        assert (
            template.render(s=START, e=END) == "tysdag 3. mars 2026 kl. 09.00–11.30 / 3. mars 2026"
        )


def test_get_locale_is_available_in_templates(app):
    with app.test_request_context("/", headers={"Cookie": "lang=nn"}):
        assert app.jinja_env.from_string("{{ get_locale() }}").render() == "nn"
