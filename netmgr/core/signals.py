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
#: An organisation is about to be deleted. sender: the ``Organization``. Receivers (features that
#: refer to organisations) return a message when something of theirs still refers to it, else
#: None; any message stops the deletion.
organization_deleting = _signals.signal("organization-deleting")
