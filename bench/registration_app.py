"""The WSGI app gunicorn serves in bench/registration.py (``bench.registration_app:app``).

The benchmark passes its configuration (database URL, secret key, folders) as JSON in
``NETMGR_BENCH_CONFIG``; every gunicorn worker builds the same app from it.
"""

from __future__ import annotations

import json
import os

from netmgr import create_app

app = create_app(json.loads(os.environ["NETMGR_BENCH_CONFIG"]))
