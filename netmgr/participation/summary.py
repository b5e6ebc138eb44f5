"""The participation summary: each organisation's participations per Oslo day, kept current.

``organization_participation_days`` (:class:`.models.OrganizationParticipationDay`) holds, per
organisation and Oslo date of the events' start, the number of participations (registration
not cancelled, ``attended``, event not cancelled) and the latest start among them. It changes
in the same flush, and so in the same transaction, as the rows it summarises:

* ``before_flush`` notes the *old* state of what is about to change: the registrations whose
  organisation, event, status or attendance changes (or that are deleted) and the events whose
  start or status changes (or that are deleted), read from the database, which still holds it;
* ``after_flush`` reads the *new* state of the same rows, and every (organisation, day) that
  either touches is recounted from the source tables.

A recount first locks the summary row (``INSERT ... ON CONFLICT DO UPDATE`` with no change),
then counts in a new statement: under PostgreSQL's READ COMMITTED that statement sees every
transaction that held the lock before, so two concurrent check-ins for one organisation never
lose one; SQLite has one writer at a time. A row recounted to zero is removed.

Writers that bypass the ORM unit of work (Core ``insert``/``update`` of ``registrations`` or
``events``) are not seen: the seat decision's insert is one (a new registration is never
``attended``, so it changes nothing here); any other must call :func:`refresh` with the keys
it touched, or :func:`rebuild` (``netmgr participation rebuild-summary``) after a bulk load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import and_, bindparam, delete, event, func, insert, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..core.timeutil import UTC, to_oslo
from ..events.models import Event
from ..registration.models import Registration
from .figures import period_bounds
from .models import OrganizationParticipationDay

SUMMARY = OrganizationParticipationDay.__table__
REG = Registration.__table__
EVENT = Event.__table__
#: The registration columns a participation depends on
REGISTRATION_FIELDS = (
    "organization_id",
    "organization",
    "event_id",
    "event",
    "status",
    "attendance",
)
#: The event columns a participation depends on
EVENT_FIELDS = ("starts_at", "status")
#: A new registration's attendance when none was given (the column's default)
DEFAULT_ATTENDANCE = "unknown"
_OLD_KEYS = "participation_summary_old_keys"

Key = tuple[int, dt.date]


def oslo_day(value: dt.datetime | str) -> dt.date:
    """The Oslo date of an instant (SQLite may hand back text or naive UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return to_oslo(value).date()


def _counted():
    return and_(
        REG.c.attendance == "attended", REG.c.status != "cancelled", EVENT.c.status != "cancelled"
    )


def _changed(obj, fields) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _watched(session: Session) -> tuple[set[int], set[int], set[int], set[int]]:
    """(registrations changed, registrations deleted, events changed, events deleted): ids of
    persistent rows whose participation-relevant columns this flush writes."""
    regs, regs_gone, events, events_gone = set(), set(), set(), set()
    for obj in session.dirty:
        if isinstance(obj, Registration) and _changed(obj, REGISTRATION_FIELDS):
            regs.add(obj.id)
        elif isinstance(obj, Event) and _changed(obj, EVENT_FIELDS):
            events.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Registration):
            regs_gone.add(obj.id)
        elif isinstance(obj, Event):
            events_gone.add(obj.id)
    return regs, regs_gone, events, events_gone


def _keys(conn, registration_ids: Iterable[int], event_ids: Iterable[int]) -> set[Key]:
    """(organisation, day) of the counted participations among these registrations and at
    these events, as the database holds them now."""
    registration_ids, event_ids = list(registration_ids), list(event_ids)
    if not registration_ids and not event_ids:
        return set()
    which = []
    if registration_ids:
        which.append(REG.c.id.in_(registration_ids))
    if event_ids:
        which.append(REG.c.event_id.in_(event_ids))
    rows = conn.execute(
        select(REG.c.organization_id, EVENT.c.starts_at)
        .select_from(REG.join(EVENT, EVENT.c.id == REG.c.event_id))
        .where(_counted(), which[0] if len(which) == 1 else which[0] | which[1])
        .distinct()
    )
    return {(org, oslo_day(start)) for org, start in rows}


def _before_flush(session: Session, flush_context, instances) -> None:
    regs, regs_gone, events, events_gone = _watched(session)
    if regs or regs_gone or events or events_gone:
        conn = session.connection()
        session.info[_OLD_KEYS] = _keys(conn, regs | regs_gone, events | events_gone)
    else:
        session.info.pop(_OLD_KEYS, None)


def _after_flush(session: Session, flush_context) -> None:
    old = session.info.pop(_OLD_KEYS, set())
    regs, _gone, events, _events_gone = _watched(session)
    regs |= {
        obj.id
        for obj in session.new
        if isinstance(obj, Registration)
        and inspect(obj).dict.get("attendance", DEFAULT_ATTENDANCE) == "attended"
    }
    new = _keys(session.connection(), regs, events) if regs or events else set()
    if old or new:
        refresh(session.connection(), old | new)


def _picked_ids(conn, table, whereclause, rows: list[dict]) -> list[int]:
    """Ids of the rows a bulk UPDATE/DELETE will touch: by its WHERE, or by the primary keys
    of an executemany by primary key."""
    if whereclause is None and rows and "id" in rows[0]:
        return [row["id"] for row in rows]
    query = select(table.c.id)
    return list(conn.scalars(query.where(whereclause) if whereclause is not None else query))


def _orm_execute(state):
    """ORM bulk statements on the registrations or events (``session.execute(insert(...),
    rows)``, ``update(...).where(...)``) skip the unit of work: their keys are found from
    the statement (inserted rows: their values; update and delete: the rows picked, before
    and after) and recounted in the same transaction. An UPDATE that sets no column a
    participation depends on (a contact moved, a lock) costs nothing here."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    stmt = state.statement
    name = getattr(stmt.table, "name", None)
    if name not in ("registrations", "events"):
        return None
    fields = set(REGISTRATION_FIELDS if name == "registrations" else EVENT_FIELDS)
    params = state.parameters or {}
    rows = params if isinstance(params, list) else [params]
    values = {getattr(k, "key", k): v for k, v in (getattr(stmt, "_values", None) or {}).items()}
    conn = state.session.connection()
    if state.is_insert:
        if name == "events":  # a new event has no registrations yet
            return None
        result = state.invoke_statement()
        counted = [
            (row["organization_id"], row["event_id"])
            for row in ({**values, **r} for r in rows)
            if row.get("attendance") == "attended" and row.get("status") != "cancelled"
        ]
        if counted:
            events = {e for _, e in counted}
            starts = dict(
                conn.execute(
                    select(EVENT.c.id, EVENT.c.starts_at).where(EVENT.c.id.in_(events))
                ).all()
            )
            refresh(conn, {(org, oslo_day(starts[e])) for org, e in counted})
        return result
    if state.is_update and not (set(values) | {k for r in rows for k in r}) & fields:
        return None
    table = REG if name == "registrations" else EVENT
    ids = _picked_ids(conn, table, stmt.whereclause, rows)
    regs, events = (ids, ()) if name == "registrations" else ((), ids)
    before = _keys(conn, regs, events)
    result = state.invoke_statement()
    refresh(conn, before | (set() if state.is_delete else _keys(conn, regs, events)))
    return result


def _upsert(conn):
    """INSERT ... ON CONFLICT DO UPDATE (no change): creates or locks the row."""
    make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = make(SUMMARY).values(
        organization_id=bindparam("b_org"),
        day=bindparam("b_day"),
        attended=0,
        last_attended_at=None,
    )
    return stmt.on_conflict_do_update(
        index_elements=[SUMMARY.c.organization_id, SUMMARY.c.day],
        set_={"attended": SUMMARY.c.attended},
    )


def _source(*columns):
    lo = bindparam("b_lo", type_=EVENT.c.starts_at.type)
    hi = bindparam("b_hi", type_=EVENT.c.starts_at.type)
    return (
        select(*columns)
        .select_from(REG.join(EVENT, EVENT.c.id == REG.c.event_id))
        .where(
            REG.c.organization_id == bindparam("b_org"),
            EVENT.c.starts_at >= lo,
            EVENT.c.starts_at < hi,
            _counted(),
        )
        .scalar_subquery()
    )


_THIS_ROW = and_(
    SUMMARY.c.organization_id == bindparam("b_org"), SUMMARY.c.day == bindparam("b_day")
)
_RECOUNT = (
    update(SUMMARY)
    .where(_THIS_ROW)
    .values(
        attended=_source(func.count(REG.c.id)),
        last_attended_at=_source(func.max(EVENT.c.starts_at)),
    )
)
_DROP_EMPTY = delete(SUMMARY).where(_THIS_ROW, SUMMARY.c.attended == 0)


def refresh(conn, keys: Iterable[Key]) -> None:
    """Recount the summary rows of these (organisation, day) keys from the source tables,
    in the caller's transaction (lock, recount, drop the empty ones)."""
    params = []
    for org, day in sorted(set(keys)):  # one lock order for every writer: no deadlock
        lo, hi = period_bounds(day, day)
        params.append({"b_org": org, "b_day": day, "b_lo": lo, "b_hi": hi})
    if not params:
        return
    conn.execute(_upsert(conn), [{"b_org": p["b_org"], "b_day": p["b_day"]} for p in params])
    conn.execute(_RECOUNT, params)
    conn.execute(_DROP_EMPTY, [{"b_org": p["b_org"], "b_day": p["b_day"]} for p in params])


def recompute(conn) -> dict[Key, tuple[int, dt.datetime]]:
    """What the summary must hold, computed from the registrations and events."""
    out: dict[Key, tuple[int, dt.datetime]] = {}
    rows = conn.execute(
        select(REG.c.organization_id, EVENT.c.starts_at, func.count(REG.c.id))
        .select_from(REG.join(EVENT, EVENT.c.id == REG.c.event_id))
        .where(_counted())
        .group_by(REG.c.organization_id, EVENT.c.id, EVENT.c.starts_at)
    )
    for org, start, n in rows:
        if isinstance(start, str) or start.tzinfo is None:
            start = dt.datetime.fromisoformat(str(start)).replace(tzinfo=UTC)
        key = (org, oslo_day(start))
        count, last = out.get(key, (0, start))
        out[key] = (count + int(n), max(last, start))
    return out


def stored(conn) -> dict[Key, tuple[int, dt.datetime]]:
    """What the summary holds."""
    rows = conn.execute(
        select(
            SUMMARY.c.organization_id, SUMMARY.c.day, SUMMARY.c.attended, SUMMARY.c.last_attended_at
        )
    )
    return {(org, day): (n, last) for org, day, n, last in rows}


def rebuild(conn) -> int:
    """Replace the whole summary with a recomputation (after a bulk load); -> rows."""
    rows = recompute(conn)
    conn.execute(delete(SUMMARY))
    if rows:
        conn.execute(
            insert(SUMMARY),
            [
                {"organization_id": org, "day": day, "attended": n, "last_attended_at": last}
                for (org, day), (n, last) in sorted(rows.items())
            ],
        )
    return len(rows)


def listen() -> None:
    """Keep the summary current in every session (once per process)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _orm_execute)


# -- reading ---------------------------------------------------------------------------------

S = OrganizationParticipationDay


def attended_between(org_id, first: dt.date, last: dt.date):
    """Scalar subquery: the organisation's participations at events starting on the Oslo
    dates ``first`` .. ``last`` (inclusive): a range of its summary rows."""
    return (
        select(func.coalesce(func.sum(S.attended), 0))
        .where(S.organization_id == org_id, S.day >= first, S.day <= last)
        .scalar_subquery()
    )


def last_attended(org_id, before: dt.date | None = None):
    """Scalar subquery: the start of the organisation's last participation (at an event
    starting before the Oslo date ``before`` if given): its newest summary row."""
    conds = [S.organization_id == org_id]
    if before is not None:
        conds.append(S.day < before)
    return (
        select(S.last_attended_at).where(*conds).order_by(S.day.desc()).limit(1).scalar_subquery()
    )


def attended_total(org_id):
    """Scalar subquery: all the organisation's participations."""
    return (
        select(func.coalesce(func.sum(S.attended), 0))
        .where(S.organization_id == org_id)
        .scalar_subquery()
    )
