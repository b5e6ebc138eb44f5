"""The package an operator installs: built from a clean clone (sdist, then the wheel from the
sdist, as `python -m build` does), installed into a fresh venv that cannot see the checkout,
migrated on a fresh SQLite and served by gunicorn: styled, translated, healthy.

Slow (about 3 minutes: build isolation and the venv install dependencies from the local index).
It clones the committed HEAD of this repository, so commit before running it.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys

import pytest

from tests.deploy.helpers import REPO, base_env, listening_socket, stop

pytestmark = pytest.mark.slow


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def pip_env(**extra) -> dict:
    # Keep the machine's pip settings (local index), nothing that points at the checkout.
    env = base_env(**extra)
    env.update({k: v for k, v in os.environ.items() if k.startswith("PIP_")})
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    root = tmp_path_factory.mktemp("wheel")
    run(["git", "clone", "--quiet", str(REPO), str(root / "src")])
    run(
        [sys.executable, "-m", "build", "--outdir", str(root / "dist"), str(root / "src")],
        env=pip_env(),
    )
    wheels = list((root / "dist").glob("netmgr-*.whl"))
    sdists = list((root / "dist").glob("netmgr-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    run([sys.executable, "-m", "venv", str(root / "venv")])
    bin_dir = root / "venv" / "bin"
    run([str(bin_dir / "pip"), "install", "--quiet", str(wheels[0])], env=pip_env(), cwd=root)
    return root, bin_dir, wheels[0]


def test_the_wheel_carries_css_licence_catalogs_migrations_and_templates(installed):
    import zipfile

    _, _, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "netmgr/static/vendor/designsystemet.css",
        "netmgr/static/vendor/designsystemet-css.LICENSE",
        "netmgr/static/vendor/designsystemet-theme.css",
        "netmgr/translations/nn/LC_MESSAGES/messages.mo",
        "netmgr/translations/en/LC_MESSAGES/messages.mo",
        "netmgr/migrations/env.py",
        "netmgr/migrations/alembic.ini",
        "netmgr/templates/base.html",
        "netmgr/templates/errors/500.html",
    ):
        assert name in names, name
    assert any(n.startswith("netmgr/migrations/versions/0001_") for n in names)
    assert "netmgr/static/vendor/axe.min.js" not in names  # test-only file


def test_installed_package_migrates_and_serves_styled_nynorsk_pages(installed):
    root, bin_dir, _ = installed
    home = root / "run"
    home.mkdir()
    env = base_env(
        NETMGR_DATABASE_URL=f"sqlite:///{home}/netmgr.db",
        NETMGR_SECRET_KEY="k" * 48,
        NETMGR_INSTANCE_PATH=str(home / "instance"),
    )
    assert run([str(bin_dir / "netmgr"), "--version"], env=env, cwd=home).strip() == (
        "netmgr 0.1.0"
    )
    where = run(
        [str(bin_dir / "python"), "-c", "import netmgr; print(netmgr.__file__)"], env=env, cwd=home
    )
    assert where.startswith(str(root / "venv")), where
    run([str(bin_dir / "netmgr"), "db", "upgrade", "heads"], env=env, cwd=home)

    sock = listening_socket()
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "--bind",
            f"fd://{sock.fileno()}",
            "--no-control-socket",
            "--workers",
            "1",
            "netmgr.app:create_app()",
        ],
        env=env,
        cwd=home,
        pass_fds=(sock.fileno(),),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        conn = http.client.HTTPConnection(*sock.getsockname(), timeout=60)
        conn.request("GET", "/events", headers={"Accept-Language": "nn"})
        response = conn.getresponse()
        html = response.read().decode()
        assert response.status == 200
        assert '<html lang="nn"' in html and "Komande arrangement" in html
        links = re.findall(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', html)
        assert any("designsystemet" in link for link in links), links
        for link in links:
            conn.request("GET", link)
            css = conn.getresponse()
            body = css.read()
            assert css.status == 200 and css.getheader("Content-Type").startswith("text/css")
            assert len(body) > 1000
        conn.request("GET", "/readyz")
        ready = conn.getresponse()
        assert b'"migrations":"ok"' in ready.read()
    finally:
        output = stop(server)
        sock.close()
    assert "Traceback" not in output, output
