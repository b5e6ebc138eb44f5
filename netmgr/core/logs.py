"""Log set-up: in production one JSON object per line on standard error (journald keeps it).

Callers pass structured values as ``extra={"fields": {...}}``; only ids, routes, states and
durations go there, never names, e-mail addresses or tokens.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

#: Attribute on a log record that holds its structured values
FIELDS = "fields"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, FIELDS, None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(log_format: str, level: str = "INFO") -> None:
    """Give the ``netmgr`` logger one handler on stderr (idempotent: the factory may run twice)."""
    logger = logging.getLogger("netmgr")
    for handler in list(logger.handlers):
        if getattr(handler, "_netmgr", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._netmgr = True  # type: ignore[attr-defined]
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
