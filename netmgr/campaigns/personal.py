"""The personal parts of a campaign mail (event, official address, joining a process).

A mail is rendered once per language with placeholders for the personal parts and filled per
recipient by string replacement (:func:`fill`): the contact's name (escaped in the HTML part),
the signed answer and unsubscribe links (:func:`contact_links`), an official address's link.
"""

from __future__ import annotations

from html import escape

from flask import current_app

from ..mail.tokens import make_token

P_NAME = "%%NM_NAME%%"
P_ACCEPT = "%%NM_ACCEPT%%"
P_DECLINE = "%%NM_DECLINE%%"
P_UNSUB = "%%NM_UNSUB%%"
#: An official address's personal link (register as the organisation's contact)
P_LINK = "%%NM_OFFICIAL%%"


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def contact_placeholders(campaign, contact_name: str = P_NAME) -> dict:
    """The template arguments of a contact's personal parts, as placeholders (the name a
    sample one where given), with the campaign and its personal message."""
    return {
        "campaign": campaign,
        "contact_name": contact_name,
        "accept_url": P_ACCEPT,
        "decline_url": P_DECLINE,
        "unsubscribe_url": P_UNSUB,
        "personal_message": campaign.message,
    }


def contact_links(contact_id: int, path: str, kind: str, payload: dict) -> dict[str, str]:
    """The links of a contact's mail: ``<path>/accept/<token>`` and ``<path>/decline/<token>``
    (tokens of kind ``<kind>accept`` and ``<kind>decline`` signing ``payload``) and the
    unsubscribe link."""
    base = base_url()
    return {
        P_ACCEPT: f"{base}{path}/accept/{make_token(f'{kind}accept', payload)}",
        P_DECLINE: f"{base}{path}/decline/{make_token(f'{kind}decline', payload)}",
        P_UNSUB: f"{base}/mail/unsubscribe/{make_token('unsubscribe', {'c': contact_id})}",
    }


def fill(text: str, values: dict[str, str], html: bool) -> str:
    """``text`` with each placeholder replaced by its value (the name escaped in HTML)."""
    for key, value in values.items():
        text = text.replace(key, escape(value) if html and key == P_NAME else value)
    return text
