"""Security headers, error pages, no inline scripts, static assets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netmgr import create_app
from netmgr.web.assets import FILES, copy_assets

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["/events", "/about", "/login", "/finnes-ikke"])
def test_security_headers(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no inline scripts, no CDN
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_vary_on_language_inputs(client):
    vary = client.get("/events").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_404_page_is_norwegian_and_uses_the_layout(client):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Fant ikke siden" in html and 'class="ds-skip-link"' in html


def test_403_page(client, make_user, app):
    from netmgr.web.access import admin_required  # noqa: F401  (guards exist)

    guarded = [
        rule
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "requires_role", None) == "admin"
        and "GET" in rule.methods
        and not rule.arguments
    ]
    assert guarded, "no admin pages registered"
    make_user()  # a coordinator, not an admin
    client.post("/login", data={"email": "koordinator@lup.no", "password": "riktig-passord-123"})
    response = client.get(guarded[0].rule)
    assert response.status_code == 403
    assert "Ingen tilgang" in response.get_data(as_text=True)


def test_500_page_is_norwegian_and_api_stays_json(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": False,
            "ENV": "testing",
            "SECRET_KEY": "s" * 40,
            "DATABASE_URL": database_url,
            "PROPAGATE_EXCEPTIONS": False,
            "SCHEDULER_IN_PROCESS": False,
            "MAIL_FILE_DIR": str(tmp_path),
        }
    )

    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.route("/api/v1/boom")
    def api_boom():
        raise RuntimeError("kaboom")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Noe gikk galt" in html and "kaboom" not in html
    response = client.get("/api/v1/boom")
    assert response.status_code == 500 and response.is_json
    assert client.get("/api/v1/finnes-ikke").is_json


def test_english_error_page(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert "Page not found" in client.get("/nope").get_data(as_text=True)


def test_templates_have_no_inline_scripts_styles_or_handlers():
    """The CSP forbids them, so they would silently not work."""
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "mail" in path.relative_to(ROOT / "templates").parts[:1]:
            continue
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", source):
            if "src=" not in match.group(0):
                offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", source):
            offenders.append(f"{path.name}: on* handler")
        if re.search(r"\sstyle\s*=", source) or "<style" in source:
            offenders.append(f"{path.name}: inline style")
    assert not offenders, offenders


def test_assets_copy_from_node_modules(tmp_path):
    modules = tmp_path / "node_modules"
    for source, _ in FILES:
        (modules / source).parent.mkdir(parents=True, exist_ok=True)
        (modules / source).write_text(f"/* {source} */")
    written = copy_assets(modules, tmp_path / "vendor")
    assert sorted(p.name for p in written) == sorted(name for _, name in FILES)
    assert (tmp_path / "vendor" / "designsystemet.css").read_text().startswith("/* @digdir")


def test_assets_missing_node_modules_is_explained(tmp_path):
    with pytest.raises(SystemExit, match="npm install"):
        copy_assets(tmp_path / "nothing", tmp_path / "vendor")


def test_layout_css_is_served_locally(client):
    html = client.get("/events").get_data(as_text=True)
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    # content-hashed names (netmgr/web/static_files.py)
    assert [re.sub(r"\.[0-9a-f]{12}\.css$", ".css", link) for link in links] == [
        "/static/vendor/designsystemet-theme.css",
        "/static/vendor/designsystemet.css",
        "/static/netmgr.css",
    ]
    for link in links:  # `make setup` copies the vendor files (python -m netmgr.web.assets)
        response = client.get(link)
        assert response.status_code == 200 and response.mimetype == "text/css"
        response.close()
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]


def test_layout_has_skip_link_landmarks_and_footer_link(client):
    html = client.get("/events").get_data(as_text=True)
    assert html.index('class="ds-skip-link" href="#main"') < html.index("<header")
    assert '<main id="main"' in html and "<footer" in html and 'href="/about"' in html
    assert '<html lang="nb"' in html
