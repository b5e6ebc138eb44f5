"""Feeds: which events a scope holds, a cheap fingerprint of it, and the per-process cache.

Every request runs ONE small query of index seeks (the fingerprint, see
:func:`_global_statement`): the shared ``calendar_state`` version (raised in the transaction
of every event change), count and latest change of the events, and the window edges. The ETag
is a hash of that, so every gunicorn worker agrees on it without talking to the others, a 304
needs no calendar at all, and a cached body is reused only while the database still gives the
same fingerprint (an event falling out of the 12-month window or the 90-day cancelled period
moves an edge, so time alone invalidates too). A personal feed adds one query over its own
rows (memberships and registrations change it without touching events).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import ColumnElement, Date, and_, bindparam, func, or_, select, true
from sqlalchemy.orm import selectinload

from ..core.signals import personal_feed_events
from ..core.timeutil import utcnow
from ..core.types import UTCDateTime
from ..events.models import Event, event_themes
from ..extensions import db
from ..networks.models import Network, NetworkMembership
from .ics import feed_calendar
from .models import CalendarState
from .rawread import connection, read_one

#: Feeds reach this far back (by start)
WINDOW_PAST = dt.timedelta(days=365)
#: Cancelled events stay in feeds this long after the cancellation, as STATUS:CANCELLED
CANCELLED_KEEP = dt.timedelta(days=90)
#: Serialized feeds kept per worker process
CACHE_SIZE = 256
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Scope:
    """One feed: a cache key, the X-WR-CALNAME and a filter on Event."""

    key: str
    name: str
    where: ColumnElement
    private: bool = False
    #: Set for a personal feed: its rows get their own fingerprint query
    organization_id: int | None = None


# -- scopes -----------------------------------------------------------------------------------

_all_scopes: dict[str, Scope] = {}


def all_scope(name: str) -> Scope:
    scope = _all_scopes.get(name)
    if scope is None:
        scope = _all_scopes[name] = Scope("all", name, true())
    return scope


def network_scope(network, name: str) -> Scope:
    return Scope(f"network:{network.id}", name, Event.network_id == network.id)


def theme_scope(theme, name: str) -> Scope:
    """Events tagged with the theme, and events of the theme's networks."""
    tagged = select(event_themes.c.event_id).where(event_themes.c.theme_id == theme.id)
    networks = select(Network.id).where(Network.theme_id == theme.id)
    return Scope(
        f"theme:{theme.id}", name, or_(Event.id.in_(tagged), Event.network_id.in_(networks))
    )


def county_scope(number: str, name: str) -> Scope:
    """Regional events in the county plus national ones (no county)."""
    return Scope(
        f"county:{number}", name, or_(Event.county_number == number, Event.county_number.is_(None))
    )


def organization_scope(organization_id: int, name: str, today: dt.date) -> Scope:
    """The organisation's current networks' events and the events its people registered for
    (asked of registration through ``personal_feed_events``)."""
    networks = select(NetworkMembership.network_id).where(
        NetworkMembership.organization_id == organization_id,
        NetworkMembership.joined_on <= today,
        or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= today),
    )
    # the features above (registration) add their events through a signal
    answers = personal_feed_events.send(None, organization_id=organization_id)
    others = [Event.id.in_(ids) for _receiver, ids in answers if ids is not None]
    return Scope(
        f"org:{organization_id}",
        name,
        or_(Event.network_id.in_(networks), *others),
        private=True,
        organization_id=organization_id if isinstance(organization_id, int) else None,
    )


# -- window -----------------------------------------------------------------------------------


def _cancel_time():
    return func.coalesce(Event.cancelled_at, Event.updated_at)


def window_clause(now: dt.datetime) -> ColumnElement:
    """Published events from 12 months back; cancelled ones for 90 days after cancellation."""
    return and_(
        Event.status.in_(("published", "cancelled")),
        Event.starts_at >= now - WINDOW_PAST,
        or_(Event.status == "published", _cancel_time() >= now - CANCELLED_KEEP),
    )


# -- fingerprint ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    etag: str
    last_modified: dt.datetime

    @property
    def quoted(self) -> str:
        """The ETag header value (strong)."""
        return f'"{self.etag}"'


def _as_utc(value):
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back text from some aggregates
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


_statements: dict[str, object] = {}


def _global_statement():
    """Index seeks only (no scan of the feed's rows), built once per process.

    - ``calendar_state`` version/time: raised in the transaction of every event change made
      through the services (also link-table changes such as themes); its row lock orders
      the versions by commit, so no worker can miss a change committed late;
    - count and latest ``updated_at`` of all events: catches writes that bypass the signals
      (deletes, other tools) — ``ix_events_updated_at`` makes the max a seek;
    - latest network change (feed names, network themes);
    - the window edges: the oldest event still inside, the newest one that fell out, the
      oldest cancellation still kept and the newest one dropped. When an event leaves the
      window by time alone one of these moves, so the ETag changes exactly then.
    """
    stmt = _statements.get("global")
    if stmt is None:
        lo = bindparam("lo", type_=UTCDateTime)
        clo = bindparam("clo", type_=UTCDateTime)
        cancel_time = _cancel_time()
        cancelled = Event.status == "cancelled"
        stmt = select(
            select(CalendarState.version).where(CalendarState.id == 1).scalar_subquery(),
            select(CalendarState.changed_at).where(CalendarState.id == 1).scalar_subquery(),
            select(func.count()).select_from(Event).scalar_subquery(),
            select(func.max(Event.updated_at)).scalar_subquery(),
            select(func.max(Network.updated_at)).scalar_subquery(),
            select(func.min(Event.starts_at)).where(Event.starts_at >= lo).scalar_subquery(),
            select(func.max(Event.starts_at)).where(Event.starts_at < lo).scalar_subquery(),
            select(func.min(cancel_time)).where(cancelled, cancel_time >= clo).scalar_subquery(),
            select(func.max(cancel_time)).where(cancelled, cancel_time < clo).scalar_subquery(),
        )
        _statements["global"] = stmt
    return stmt


def _organization_statement():
    """The personal feed's own rows (small): which events, and their latest change."""
    stmt = _statements.get("org")
    if stmt is None:
        scope = organization_scope(bindparam("org_id"), "", bindparam("today", type_=Date))
        where = and_(
            scope.where,
            Event.status.in_(("published", "cancelled")),
            Event.starts_at >= bindparam("lo", type_=UTCDateTime),
            or_(Event.status == "published", _cancel_time() >= bindparam("clo", type_=UTCDateTime)),
        )
        stmt = select(func.count(Event.id), func.sum(Event.id), func.max(Event.updated_at)).where(
            where
        )
        _statements["org"] = stmt
    return stmt


_memo: dict[tuple, Fingerprint] = {}
#: (valid until on the monotonic clock, row) of the last global fingerprint row
_recent: dict[str, tuple[float, tuple]] = {}
_clock = time.monotonic


def _global_row(lo: dt.datetime, clo: dt.datetime) -> tuple:
    """The global row, re-read at most every CALENDAR_FINGERPRINT_TTL seconds per process.

    With a TTL of 1 s (the default) a burst of polls costs one query per second per worker,
    and any change — in any worker — is seen by every worker within that second. 0 reads the
    database on every request.
    """
    ttl = current_app.config.get("CALENDAR_FINGERPRINT_TTL", 0)
    if ttl > 0:
        recent = _recent.get("global")
        if recent is not None and recent[0] > _clock():
            return recent[1]
    row = tuple(read_one(_global_statement(), {"lo": lo, "clo": clo}))
    if ttl > 0:
        _recent["global"] = (_clock() + ttl, row)
    return row


def fingerprint(scope: Scope, language: str, now: dt.datetime | None = None) -> Fingerprint:
    """The feed's ETag and Last-Modified from one cheap query (two for a personal feed).

    The ETag hashes the scope, its name, the language and the raw row, so every worker
    computes the same one. Turning a row into a Fingerprint is memoised on exactly those
    inputs (the row only changes when the data or a window edge does).
    """
    now = now or utcnow()
    lo, clo = now - WINDOW_PAST, now - CANCELLED_KEEP
    row = _global_row(lo, clo)
    if scope.organization_id is not None:
        row += tuple(
            connection()
            .execute(
                _organization_statement(),
                {"org_id": scope.organization_id, "today": now.date(), "lo": lo, "clo": clo},
            )
            .one()
        )
    key = (scope.key, scope.name, language, row)
    fp = _memo.get(key)
    if fp is None:
        fp = _fingerprint_of(key, row)
        if len(_memo) > 4096:
            _memo.clear()
        _memo[key] = fp
    if fp.last_modified > now:  # a writer's clock ahead of ours: never claim the future
        return Fingerprint(fp.etag, now.replace(microsecond=0))
    return fp


def _fingerprint_of(key: tuple, row: tuple) -> Fingerprint:
    _version, state_at, _count, changed, net_at, _first_in, last_out, _kept, last_gone = row[:9]
    times = [_as_utc(v) for v in (state_at, changed, net_at)]
    if len(row) > 9:
        times.append(_as_utc(row[11]))
    # When did an event last leave the window by time alone? (Last-Modified moves then.)
    last_out, last_gone = _as_utc(last_out), _as_utc(last_gone)
    times += [last_out and last_out + WINDOW_PAST, last_gone and last_gone + CANCELLED_KEEP]
    last_modified = max([t for t in times if t] or [EPOCH]).replace(microsecond=0)
    etag = hashlib.sha256(repr(key).encode()).hexdigest()[:40]
    return Fingerprint(etag, last_modified)


# -- building and caching -----------------------------------------------------------------------


def scope_events(scope: Scope, now: dt.datetime | None = None) -> list[Event]:
    now = now or utcnow()
    stmt = (
        select(Event)
        .where(scope.where, window_clause(now))
        .options(selectinload(Event.themes))
        .order_by(Event.starts_at, Event.id)
    )
    return list(db.session.scalars(stmt).unique())


def build_feed(scope: Scope, language: str, now: dt.datetime | None = None) -> bytes:
    with force_locale(language):
        return feed_calendar(scope.name, scope_events(scope, now)).to_ical()


def gzipped(body: bytes) -> bytes:
    """gzip with a fixed mtime, so every worker makes the same bytes for the same body."""
    return gzip.compress(body, compresslevel=6, mtime=0)


class FeedCache:
    """A small LRU of serialized feeds per worker process, keyed by scope and language: the
    plain body and, once a client asked for it, its gzip beside it (one compression per feed
    version and worker, never one per request)."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple, list] = OrderedDict()  # key -> [etag, body, gzip|None]
        self._lock = threading.Lock()
        self.builds = 0
        self.compressions = 0

    def get(self, key: tuple, etag: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != etag:
                return None
            self._items.move_to_end(key)
            return item[1]

    def get_gzip(self, key: tuple, etag: str) -> bytes | None:
        """The cached gzip of that version, compressing the cached body the first time."""
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != etag:
                return None
            if item[2] is None:
                item[2] = gzipped(item[1])
                self.compressions += 1
            return item[2]

    def put(self, key: tuple, etag: str, body: bytes) -> None:
        with self._lock:
            self._items[key] = [etag, body, None]
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.builds = 0
            self.compressions = 0
            _recent.clear()


cache = FeedCache()


def feed_body(
    scope: Scope, language: str, fp: Fingerprint, *, compressed: bool = False
) -> tuple[Fingerprint, bytes]:
    """The serialized feed for ``fp`` (gzipped if ``compressed``): from the cache, or built
    (and cached if still current).

    If the data changed while building, the body is returned with the newer fingerprint, so
    that a strong ETag always names exactly one body.
    """
    key = (scope.key, language)
    body = cache.get_gzip(key, fp.etag) if compressed else cache.get(key, fp.etag)
    if body is not None:
        return fp, body
    for _attempt in range(3):
        body = build_feed(scope, language)
        cache.builds += 1
        after = fingerprint(scope, language)
        if after.etag == fp.etag:
            cache.put(key, fp.etag, body)
            return fp, (cache.get_gzip(key, fp.etag) or gzipped(body)) if compressed else body
        fp = after
    # changing under us all the time: serve it uncached
    return fp, gzipped(body) if compressed else body
