"""Feeds: which events a scope holds, a cheap fingerprint of it, and the per-process cache.

Every request runs ONE aggregate query (the fingerprint) over the feed's rows in the window:
count, sum of ids, sum of SEQUENCE, latest change, plus the shared ``calendar_state`` version
(raised in the transaction of every event change) and the time the last event left the
window. The ETag is a hash of that, so every gunicorn worker agrees on it without talking to
the others, a 304 needs no calendar at all, and a cached body is reused only while the
database still has the same fingerprint (an event falling out of the 12-month window or the
90-day cancelled period changes the count, so time edges invalidate too).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask_babel import force_locale
from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import selectinload

from ..core.timeutil import utcnow
from ..events.models import Event, event_themes
from ..extensions import db
from ..networks.models import Network, NetworkMembership
from ..registration.models import Registration
from .ics import feed_calendar
from .models import CalendarState

#: Feeds reach this far back (by start)
WINDOW_PAST = dt.timedelta(days=365)
#: Cancelled events stay in feeds this long after the cancellation, as STATUS:CANCELLED
CANCELLED_KEEP = dt.timedelta(days=90)
#: Serialized feeds kept per worker process
CACHE_SIZE = 256
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Scope:
    """One feed: a cache key, the X-WR-CALNAME and a filter on Event."""

    key: str
    name: str
    where: ColumnElement
    private: bool = False


# -- scopes -----------------------------------------------------------------------------------

def all_scope(name: str) -> Scope:
    return Scope("all", name, true())


def network_scope(network, name: str) -> Scope:
    return Scope(f"network:{network.id}", name, Event.network_id == network.id)


def theme_scope(theme, name: str) -> Scope:
    """Events tagged with the theme, and events of the theme's networks."""
    tagged = select(event_themes.c.event_id).where(event_themes.c.theme_id == theme.id)
    networks = select(Network.id).where(Network.theme_id == theme.id)
    return Scope(f"theme:{theme.id}", name,
                 or_(Event.id.in_(tagged), Event.network_id.in_(networks)))


def county_scope(number: str, name: str) -> Scope:
    """Regional events in the county plus national ones (no county)."""
    return Scope(f"county:{number}", name,
                 or_(Event.county_number == number, Event.county_number.is_(None)))


def organization_scope(organization_id: int, name: str, today: dt.date) -> Scope:
    """The organisation's current networks' events and the events its people registered for."""
    networks = select(NetworkMembership.network_id).where(
        NetworkMembership.organization_id == organization_id,
        NetworkMembership.joined_on <= today,
        or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= today))
    registered = select(Registration.event_id).where(
        Registration.organization_id == organization_id, Registration.status != "cancelled")
    return Scope(f"org:{organization_id}", name,
                 or_(Event.network_id.in_(networks), Event.id.in_(registered)), private=True)


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


def _as_utc(value):
    if value is None:
        return None
    if isinstance(value, str):  # SQLite may hand back text from scalar subqueries
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def fingerprint(scope: Scope, language: str, now: dt.datetime | None = None) -> Fingerprint:
    """One query: enough about the feed's rows to know whether a cached body is current."""
    now = now or utcnow()
    lo, clo = now - WINDOW_PAST, now - CANCELLED_KEEP
    state = select(CalendarState.version, CalendarState.changed_at) \
        .where(CalendarState.id == 1).subquery()
    dropped_old = select(func.max(Event.starts_at)).where(
        scope.where, Event.status != "draft", Event.starts_at < lo).scalar_subquery()
    dropped_cancelled = select(func.max(_cancel_time())).where(
        scope.where, Event.status == "cancelled", Event.starts_at >= lo,
        _cancel_time() < clo).scalar_subquery()
    networks_changed = select(func.max(Network.updated_at)).scalar_subquery()
    stmt = (
        select(func.count(Event.id), func.coalesce(func.sum(Event.id), 0),
               func.coalesce(func.sum(Event.sequence), 0), func.max(Event.updated_at),
               select(state.c.version).scalar_subquery(),
               select(state.c.changed_at).scalar_subquery(),
               networks_changed, dropped_old, dropped_cancelled)
        .select_from(Event).where(scope.where, window_clause(now))
    )
    count, id_sum, seq_sum, changed, version, state_at, net_at, old, cancelled = \
        db.session.execute(stmt).one()
    changed, state_at, net_at = _as_utc(changed), _as_utc(state_at), _as_utc(net_at)
    old, cancelled = _as_utc(old), _as_utc(cancelled)
    # When did the last event leave the window? (A feed changes then, without any edit.)
    left = [t for t in (old and old + WINDOW_PAST, cancelled and cancelled + CANCELLED_KEEP) if t]
    last_modified = max([t for t in (changed, state_at, net_at, *left) if t] or [EPOCH])
    last_modified = last_modified.replace(microsecond=0)
    raw = "|".join(str(v) for v in (
        scope.key, scope.name, language, count, id_sum, seq_sum, changed and changed.isoformat(),
        version, net_at and net_at.isoformat(), last_modified.isoformat()))
    return Fingerprint(hashlib.sha256(raw.encode()).hexdigest()[:40], last_modified)


# -- building and caching -----------------------------------------------------------------------

def scope_events(scope: Scope, now: dt.datetime | None = None) -> list[Event]:
    now = now or utcnow()
    stmt = (select(Event).where(scope.where, window_clause(now))
            .options(selectinload(Event.themes))
            .order_by(Event.starts_at, Event.id))
    return list(db.session.scalars(stmt).unique())


def build_feed(scope: Scope, language: str, now: dt.datetime | None = None) -> bytes:
    with force_locale(language):
        return feed_calendar(scope.name, scope_events(scope, now)).to_ical()


class FeedCache:
    """A small LRU of serialized feeds per worker process, keyed by scope and language."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, key: tuple, etag: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != etag:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: tuple, etag: str, body: bytes) -> None:
        with self._lock:
            self._items[key] = (etag, body)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.builds = 0


cache = FeedCache()


def feed_body(scope: Scope, language: str, fp: Fingerprint) -> tuple[Fingerprint, bytes]:
    """The serialized feed for ``fp``: from the cache, or built (and cached if still current).

    If the data changed while building, the body is returned with the newer fingerprint, so
    that a strong ETag always names exactly one body.
    """
    key = (scope.key, language)
    body = cache.get(key, fp.etag)
    if body is not None:
        return fp, body
    for _attempt in range(3):
        body = build_feed(scope, language)
        cache.builds += 1
        after = fingerprint(scope, language)
        if after.etag == fp.etag:
            cache.put(key, fp.etag, body)
            return fp, body
        fp = after
    return fp, body  # changing under us all the time: serve it uncached

