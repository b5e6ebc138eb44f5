"""Signals that let features react to each other without importing each other.

Senders call them inside the transaction of the change, before the commit, so receivers can add
rows (outbox messages, due jobs) to the same transaction.
"""

from blinker import Namespace

_signals = Namespace()

#: An event was created, edited or published. kwargs: ``event``, ``changes`` (set of field
#: names), ``calendar_visible`` (True when SEQUENCE was raised)
event_changed = _signals.signal("event-changed")
#: An event was cancelled. kwargs: ``event``
event_cancelled = _signals.signal("event-cancelled")
#: A registration was created, confirmed, waitlisted, promoted or cancelled.
#: kwargs: ``registration``, ``action`` (``created``, ``promoted``, ``cancelled``, ``attendance``)
registration_changed = _signals.signal("registration-changed")
#: A page asks other features for HTML fragments (see :mod:`netmgr.web.hooks`). sender: the hook
#: name (``"event-page"``, ``"coordinator-event-page"``, ...); kwargs: the page's objects.
#: Receivers return ``Markup`` or None.
page_fragment = _signals.signal("page-fragment")
#: An event is about to be deleted. kwargs: ``event``. A receiver that must keep the event
#: (registrations refer to it) raises a ``ServiceError``; nothing is deleted then.
event_deleting = _signals.signal("event-deleting")
#: A network is about to be deleted. kwargs: ``network``. A receiver that must keep it (events
#: refer to it) raises a ``ServiceError``; nothing is deleted then.
network_deleting = _signals.signal("network-deleting")
#: An event page or list asks how many seats are left. kwargs: ``events`` (a list). A receiver
#: returns ``{event_id: seats left}`` for the events with a capacity, in one query.
event_seats_left = _signals.signal("event-seats-left")
#: A personal calendar feed asks which events besides its networks' belong to an organisation.
#: kwargs: ``organization_id`` (an int or a SQL bind parameter). Receivers return a ``select``
#: of event ids (or None); the feed takes the union.
personal_feed_events = _signals.signal("personal-feed-events")
#: An organisation is about to be deleted. sender: the ``Organization``. Receivers (features that
#: refer to organisations) return a message when something of theirs still refers to it, else
#: None; any message stops the deletion.
organization_deleting = _signals.signal("organization-deleting")
#: Two contacts were found to be the same person and are being merged. sender: the contact that
#: stays (``target``); kwargs: ``source`` (the contact that goes). Receivers move their rows from
#: ``source.id`` to ``target.id`` in the same transaction (or raise a ``ServiceError`` to stop
#: the merge); the source is deleted after they ran.
contacts_merged = _signals.signal("contacts-merged")
#: The coordinator's organisation list asks for filters owned by higher features (network,
#: size class, group …). sender: ``"organization-list"``. Receivers return a
#: :class:`netmgr.organizations.list_filters.ListFilter` (or None).
organization_list_filters = _signals.signal("organization-list-filters")

#: A campaign is asked for by targeting criteria (``criteria`` dict): the participation
#: feature answers with ``(organization_ids, criteria)`` or raises a ServiceError
campaign_targets = _signals.signal("campaign-targets")
