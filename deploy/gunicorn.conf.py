"""gunicorn settings for netmgr's web service (used by deploy/systemd/netmgr-web.service).

    gunicorn -c /etc/netmgr/gunicorn.conf.py

Everything an operator may change comes from the environment (/etc/netmgr/netmgr.env, see
deploy/.env.example). Checked by tests/deploy/test_gunicorn.py.
"""

import os


def cpu_count() -> int:
    # The CPUs this process may run on (a container's or cgroup's share), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: The application factory
wsgi_app = "netmgr.app:create_app()"
#: nginx proxies to this address (deploy/nginx/netmgr.conf)
bind = os.environ.get("NETMGR_BIND", "127.0.0.1:8000")
#: Sync workers: 2 per CPU + 1 (gunicorn's rule of thumb), unless set
workers = int(os.environ.get("NETMGR_WEB_WORKERS") or 2 * cpu_count() + 1)
worker_class = "sync"
#: Restart a worker after this many requests (bounds slow leaks); the jitter spreads restarts
max_requests = int(os.environ.get("NETMGR_MAX_REQUESTS") or 1000)
max_requests_jitter = max(max_requests // 10, 1)
timeout = 30
graceful_timeout = 30
keepalive = 5
#: The app writes one JSON line per request itself (netmgr/web/requestlog.py)
accesslog = None
errorlog = "-"
loglevel = os.environ.get("NETMGR_LOG_LEVEL", "info").lower()
#: gunicorn itself trusts X-Forwarded-* only from the local nginx; the app's ProxyFix
#: (NETMGR_PROXY_FIX=1) turns them into the client's address and https
forwarded_allow_ips = "127.0.0.1,::1"
#: No control socket in ~/.gunicorn: two instances would fight over one path
control_socket_disable = True
#: Workers load the app themselves (no shared database connections across fork)
preload_app = False
