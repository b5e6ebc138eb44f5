"""deploy/nginx/netmgr.conf with Debian's nginx: `nginx -t` passes, and, served for real in
front of the app, it redirects to TLS, serves hashed static files itself with far-future
caching, proxies pages with a request id and refuses oversized bodies."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from tests.deploy.helpers import DEPLOY, free_port, stop, which

HOST = "netmgr.example.no"


def site_for_test(tmp_path, app, upstream_port, http_port, https_port, cert, key) -> str:
    site = (DEPLOY / "nginx" / "netmgr.conf").read_text()
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.M)  # no IPv6 in CI containers
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(cert))
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(key))
    site = site.replace("/srv/netmgr/static", app.static_folder)
    site = site.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{upstream_port}")
    return site


@pytest.fixture
def nginx(tmp_path, app, live_server):
    binary = which("nginx")
    assert binary, "nginx is installed by .ci/run (apt-get install nginx)"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={HOST}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    http_port, https_port = free_port(), free_port()
    upstream_port = int(live_server.rsplit(":", 1)[1])
    (tmp_path / "site.conf").write_text(
        site_for_test(tmp_path, app, upstream_port, http_port, https_port, cert, key)
    )
    temp = " ".join(
        f"{kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(f"""
daemon off;
user root;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log info;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp_path}/access.log;
    {temp}
    include {tmp_path}/site.conf;
}}
""")
    command = [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 15
    while True:  # nginx binds its own ports: wait until it accepts
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, stop(process)
            time.sleep(0.05)
    yield http_port, https_port
    stop(process)


def tls(port):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)


def get(conn, path, **headers):
    conn.request("GET", path, headers={"Host": HOST, **headers})
    response = conn.getresponse()
    return response, response.read()


def test_nginx_site_redirects_serves_static_and_proxies(nginx, app):
    http_port, https_port = nginx
    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
    response, _ = get(plain, "/events")
    assert response.status == 301 and response.getheader("Location") == f"https://{HOST}/events"

    conn = tls(https_port)
    response, body = get(conn, "/events")
    assert response.status == 200
    assert re.fullmatch(r"[0-9a-f]{32}", response.getheader("X-Request-Id"))  # nginx's id
    links = re.findall(r'href="(/static/[^"]+\.css)"', body.decode())
    assert links and all(re.search(r"\.[0-9a-f]{12}\.css$", link) for link in links)

    for link in links:
        response, css = get(conn, link, **{"Accept-Encoding": "gzip"})
        assert response.status == 200 and response.getheader("Content-Type") == "text/css"
        assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
        assert response.getheader("X-Request-Id") is None  # nginx answered, not the app
        assert response.getheader("Content-Encoding") == "gzip"
    unhashed, css = get(conn, "/static/netmgr.css")
    assert unhashed.status == 200 and css == (Path(app.static_folder) / "netmgr.css").read_bytes()


def test_nginx_refuses_bodies_over_the_limit(nginx):
    _, https_port = nginx
    conn = tls(https_port)
    conn.request(
        "POST",
        "/login",
        body=b"x" * (11 * 1024 * 1024),
        headers={"Host": HOST, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert conn.getresponse().status == 413
