"""Read calendar replies from a mailbox over IMAP (imapclient).

The RSVP address (``NETMGR_RSVP_ADDRESS``, the ORGANIZER of every invitation) is a mailbox;
this reader waits for new messages with IDLE (or polls when the server has none), hands each
message's bytes to a callback and, when the callback says it was handled, moves it to
``NETMGR_RSVP_IMAP_DONE_FOLDER``. A message it cannot use (no calendar part, e.g. Outlook's
TNEF ``winmail.dat``; an unknown event) is logged by UID and kept in the folder for a person.

Nothing is handled twice: the folder's UIDVALIDITY and the last UID handled are stored in
``imap_cursors`` and committed in the same transaction as what the callback wrote; the move
happens after that commit (a crash in between leaves a handled message in the folder, never a
second handling). The callback is a lower layer's view of "record this reply": the caller
(``netmgr receive-mail --imap``) passes the campaigns feature's iTIP handler.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from imapclient import IMAPClient
from sqlalchemy import select

from ..core.logs import FIELDS
from ..extensions import db
from .imap_models import ImapCursor

log = logging.getLogger(__name__)

#: Seconds between reconnection attempts after the server went away (doubling up to 5 min)
RECONNECT_FIRST, RECONNECT_MAX = 2.0, 300.0


@dataclass
class ImapSettings:
    host: str
    user: str
    password: str | None = None
    #: OAuth 2 access token (XOAUTH2, e.g. Microsoft 365) used instead of the password
    oauth2_token: str | None = None
    port: int = 993
    tls: bool = True
    folder: str = "INBOX"
    done_folder: str = "netmgr-handled"
    poll_seconds: float = 300.0
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False)

    @classmethod
    def from_config(cls, config) -> ImapSettings:
        if not config.get("RSVP_IMAP_HOST") or not config.get("RSVP_IMAP_USER"):
            raise ValueError("set NETMGR_RSVP_IMAP_HOST and NETMGR_RSVP_IMAP_USER")
        return cls(
            host=config["RSVP_IMAP_HOST"],
            user=config["RSVP_IMAP_USER"],
            password=config.get("RSVP_IMAP_PASSWORD"),
            oauth2_token=config.get("RSVP_IMAP_OAUTH2_TOKEN"),
            port=int(config.get("RSVP_IMAP_PORT") or 993),
            tls=bool(config.get("RSVP_IMAP_TLS", True)),
            folder=config.get("RSVP_IMAP_FOLDER") or "INBOX",
            done_folder=config.get("RSVP_IMAP_DONE_FOLDER") or "netmgr-handled",
            poll_seconds=float(config.get("RSVP_IMAP_POLL_SECONDS") or 300),
        )

    @property
    def mailbox(self) -> str:
        return f"{self.user}@{self.host}/{self.folder}"


@dataclass
class PassResult:
    handled: int = 0
    kept: int = 0
    uids: list[int] = field(default_factory=list)


class ImapReader:
    def __init__(self, settings: ImapSettings, handle: Callable[[bytes], bool]):
        self.settings = settings
        self.handle = handle
        self.client: IMAPClient | None = None

    # -- connection -------------------------------------------------------------------------
    def connect(self) -> IMAPClient:
        s = self.settings
        client = IMAPClient(s.host, port=s.port, ssl=s.tls, ssl_context=s.ssl_context, timeout=60)
        if s.oauth2_token:
            client.oauth2_login(s.user, s.oauth2_token)
        else:
            client.login(s.user, s.password or "")
        if not client.folder_exists(s.done_folder):
            client.create_folder(s.done_folder)
        self.client = client
        return client

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:  # noqa: BLE001 - the connection may already be gone
                log.debug("imap: logout failed", exc_info=True)
            self.client = None

    # -- one pass ---------------------------------------------------------------------------
    def _cursor(self, uidvalidity: int) -> ImapCursor:
        mailbox = self.settings.mailbox
        cursor = db.session.scalar(select(ImapCursor).where(ImapCursor.mailbox == mailbox))
        if cursor is None:
            cursor = ImapCursor(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=0)
            db.session.add(cursor)
        elif cursor.uidvalidity != uidvalidity:
            # The server renumbered the folder: old UIDs mean nothing, start again from the
            # messages still there (handled ones were moved away).
            log.warning("imap: UIDVALIDITY of %s changed; reading it from the start", mailbox)
            cursor.uidvalidity, cursor.last_uid = uidvalidity, 0
        db.session.commit()
        return cursor

    def process_new(self) -> PassResult:
        """Handle every message that arrived since the last handled UID."""
        client = self.client or self.connect()
        selected = client.select_folder(self.settings.folder)
        cursor = self._cursor(int(selected[b"UIDVALIDITY"]))
        last = cursor.last_uid
        # "N:*" always includes the highest UID, even when it is below N: filter again.
        uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
        result = PassResult()
        for uid in uids:
            handled = self._handle_one(client, cursor, uid)
            result.uids.append(uid)
            if handled:
                result.handled += 1
            else:
                result.kept += 1
        return result

    def _handle_one(self, client: IMAPClient, cursor: ImapCursor, uid: int) -> bool:
        fetched = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {})
        raw = fetched.get(b"BODY[]") or b""
        try:
            handled = bool(self.handle(raw))
        except Exception:  # noqa: BLE001 - one bad message must not stop the mailbox
            db.session.rollback()
            log.exception("imap: message uid %s could not be handled; kept", uid)
            handled = False
        cursor.last_uid = uid  # committed together with what the callback wrote
        db.session.commit()
        outcome = "handled" if handled else "kept"
        fields = {"uid": uid, "folder": self.settings.folder, "outcome": outcome}
        log.info("imap message %s", outcome, extra={FIELDS: fields})
        if handled:
            if client.has_capability("MOVE"):
                client.move([uid], self.settings.done_folder)
            else:
                client.copy([uid], self.settings.done_folder)
                client.delete_messages([uid])
                client.expunge([uid] if client.has_capability("UIDPLUS") else None)
        else:
            client.add_flags([uid], [b"\\Flagged"])  # for the person who reads what is left
        return handled

    # -- waiting ----------------------------------------------------------------------------
    def wait_for_mail(self, stop: threading.Event) -> None:
        """Until the server reports a change (IDLE) or ``poll_seconds`` passed."""
        client = self.client or self.connect()
        if not client.has_capability("IDLE"):
            stop.wait(self.settings.poll_seconds)
            return
        client.idle()
        try:
            client.idle_check(timeout=self.settings.poll_seconds)
        finally:
            client.idle_done()

    def run_forever(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        delay = RECONNECT_FIRST
        while not stop.is_set():
            try:
                self.connect()
                log.info("imap: reading %s", self.settings.folder)
                delay = RECONNECT_FIRST
                while not stop.is_set():
                    self.process_new()
                    self.wait_for_mail(stop)
            except (OSError, IMAPClient.Error, IMAPClient.AbortError) as exc:
                db.session.rollback()
                log.warning("imap: %s; reconnecting in %.0f s", type(exc).__name__, delay)
                self.close()
                stop.wait(delay)
                delay = min(delay * 2, RECONNECT_MAX)
        self.close()
