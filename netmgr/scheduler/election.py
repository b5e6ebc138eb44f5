"""Choosing the one active scheduler.

PostgreSQL: a session-level advisory lock held on a dedicated connection. When the holder dies,
its connection closes and the lock is free; a standby takes it at its next try.
SQLite (embedded default, one machine): an exclusive lock on a file in the instance folder.
"""

from __future__ import annotations

import fcntl
import os

from sqlalchemy import text

#: Arbitrary 64-bit key of the scheduler's advisory lock ("netmgr" in ASCII)
LOCK_KEY = 0x6E65746D6772


class LeaderLock:
    def __init__(self, engine, instance_path: str):
        self.engine = engine
        self.instance_path = instance_path
        self._conn = None
        self._file = None

    @property
    def held(self) -> bool:
        return self._conn is not None or self._file is not None

    def try_acquire(self) -> bool:
        if self.held:
            return self.still_held()
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar():
                self._conn = conn
                return True
            conn.close()
            return False
        # Kept open: the lock lasts as long as the handle (closed in release()).
        handle = open(os.path.join(self.instance_path, "scheduler.lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def still_held(self) -> bool:
        """False if the lock's connection broke (the lock is gone with it)."""
        if self._conn is None:
            return self._file is not None
        try:
            self._conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any broken connection means the lock is lost
            self._conn = None
            return False

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                self._conn.close()
            finally:
                self._conn = None
        if self._file is not None:
            self._file.close()
            self._file = None
