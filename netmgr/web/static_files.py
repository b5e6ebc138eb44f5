"""Static files under content-hashed names, cached for a year.

``url_for("static", filename="netmgr.css")`` gives ``/static/netmgr.3f2a9c1b7d0e.css``; a
changed file gets a new name, so browsers and proxies may keep every name forever. The app
serves both names (the hashed one with ``immutable``); in production the nginx site
(deploy/nginx/netmgr.conf) serves the same names straight from the package's static folder.
"""

from __future__ import annotations

import hashlib
import os
import re

from flask import send_from_directory

HASH_LENGTH = 12
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
ONE_YEAR = 365 * 24 * 3600


def hashed(filename: str, digest: str) -> str:
    stem, suffix = os.path.splitext(filename)
    return f"{stem}.{digest}{suffix}" if suffix else filename


def init_static_files(app) -> None:
    folder = app.static_folder
    cache: dict[str, tuple[float, str]] = {}  # filename -> (mtime, digest)

    def digest_of(filename: str) -> str | None:
        path = os.path.join(folder, filename)
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return None
        known = cache.get(filename)
        if known is None or known[0] != mtime:
            with open(path, "rb") as handle:
                known = (mtime, hashlib.sha256(handle.read()).hexdigest()[:HASH_LENGTH])
            cache[filename] = known
        return known[1]

    @app.url_defaults
    def _hashed_static_url(endpoint, values):
        if endpoint == "static" and "filename" in values:
            digest = digest_of(values["filename"])
            if digest:
                values["filename"] = hashed(values["filename"], digest)

    def static(filename):
        match = HASHED_NAME.match(filename)
        if match:
            original = match["stem"] + match["suffix"]
            if digest_of(original) == match["digest"]:
                response = send_from_directory(folder, original, max_age=ONE_YEAR)
                response.cache_control.public = True
                response.cache_control.immutable = True
                return response
        return app.send_static_file(filename)

    app.view_functions["static"] = static
