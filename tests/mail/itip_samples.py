"""iTIP REPLY messages shaped the way the calendar clients our contacts use send them.

Outlook / Exchange: multipart/alternative, the reply as ``text/calendar; method=REPLY``,
subject "Godtatt: …", PRODID Microsoft Exchange, a COMMENT when the person wrote one; and the
TNEF case where Exchange wraps everything in ``winmail.dat`` and no calendar part is left.
Gmail: From is the calendar id (``…@group.calendar.google.com``), Sender is Google's
notification address, the reply both inline and as ``invite.ics`` (``application/ics``).
Apple Calendar: one quoted-printable ``text/calendar`` attachment named ``iCal-….ics``,
attendee with ``EMAIL=`` and CUTYPE parameters.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from icalendar import Calendar, Event, vCalAddress, vText

SUBJECT_PREFIX = {"ACCEPTED": "Godtatt", "DECLINED": "Avslått", "TENTATIVE": "Foreløpig"}


def reply_calendar(
    uid,
    attendee,
    partstat,
    *,
    prodid,
    comment=None,
    organizer="svar@netmgr.lup.no",
    email_param=False,
    sequence=0,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC))
    event.add("sequence", sequence)
    event.add("summary", "Nettverksmøte")
    organizer_address = vCalAddress(f"mailto:{organizer}")
    event.add("organizer", organizer_address)
    address = vCalAddress(f"mailto:{attendee}")
    address.params["PARTSTAT"] = vText(partstat)
    address.params["CN"] = vText("Kari Nordmann")
    if email_param:
        address.params["EMAIL"] = vText(attendee)
        address.params["CUTYPE"] = vText("INDIVIDUAL")
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
    event.add("attendee", address)
    if comment:
        event.add("comment", comment)
    cal.add_component(event)
    return cal.to_ical()


def _headers(msg, *, sender, subject):
    msg["From"] = sender
    msg["To"] = "svar@netmgr.lup.no"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC))
    msg["Message-ID"] = make_msgid(domain="example.test")
    msg["MIME-Version"] = "1.0"


def outlook(uid, attendee, partstat, comment=None) -> bytes:
    msg = EmailMessage()
    _headers(
        msg,
        sender=f"Kari Nordmann <{attendee}>",
        subject=f"{SUBJECT_PREFIX[partstat]}: Nettverksmøte",
    )
    msg["Thread-Topic"] = "Nettverksmøte"
    msg["X-MS-Has-Attach"] = ""
    msg["X-MS-TNEF-Correlator"] = ""
    msg["Content-Class"] = "urn:content-classes:calendarmessage"
    msg.set_content(comment or "", subtype="plain", charset="utf-8")
    ics = reply_calendar(
        uid, attendee, partstat, comment=comment, prodid="Microsoft Exchange Server 2010"
    )
    msg.add_alternative(
        ics,
        maintype="text",
        subtype="calendar",
        params={"method": "REPLY", "charset": "utf-8"},
        cte="base64",
    )
    return msg.as_bytes()


def outlook_tnef(attendee, partstat="ACCEPTED") -> bytes:
    """Exchange with TNEF on: the reply is inside winmail.dat, no text/calendar part."""
    msg = EmailMessage()
    _headers(
        msg,
        sender=f"Kari Nordmann <{attendee}>",
        subject=f"{SUBJECT_PREFIX[partstat]}: Nettverksmøte",
    )
    msg["X-MS-Has-Attach"] = "yes"
    msg["X-MS-TNEF-Correlator"] = "<00000000AB12@EXCH01.example.test>"
    msg.set_content("", subtype="plain", charset="utf-8")
    tnef = b"\x78\x9f\x3e\x22" + b"\x00" * 2 + b"\x01\x06\x90\x08\x00\x04\x00\x00\x00" * 20
    msg.add_attachment(tnef, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return msg.as_bytes()


def gmail(uid, attendee, partstat, comment=None) -> bytes:
    msg = EmailMessage()
    _headers(
        msg,
        sender="Kari Nordmann <c_8f3a2b1c9d@group.calendar.google.com>",
        subject=f"Invitasjon {SUBJECT_PREFIX[partstat].lower()}: Nettverksmøte",
    )
    msg["Sender"] = "Google Calendar <calendar-notification@google.com>"
    msg["Reply-To"] = attendee
    ics = reply_calendar(
        uid,
        attendee,
        partstat,
        comment=comment,
        prodid="-//Google Inc//Google Calendar 70.9054//EN",
    )
    msg.set_content(f"Kari Nordmann har svart {partstat}. {comment or ''}", charset="utf-8")
    msg.add_alternative(f"<p>Kari Nordmann har svart {partstat}.</p>", subtype="html")
    msg.add_alternative(
        ics,
        maintype="text",
        subtype="calendar",
        params={"method": "REPLY", "charset": "UTF-8"},
        cte="base64",
    )
    msg.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return msg.as_bytes()


def apple(uid, attendee, partstat, comment=None) -> bytes:
    msg = EmailMessage()
    _headers(
        msg,
        sender=f"Kari Nordmann <{attendee}>",
        subject=f"Invitasjon: Nettverksmøte ({SUBJECT_PREFIX[partstat]})",
    )
    msg["X-Mailer"] = "iPhone Mail (22B91)"
    ics = reply_calendar(
        uid,
        attendee,
        partstat,
        comment=comment,
        email_param=True,
        prodid="-//Apple Inc.//iPhone 18.1//EN",
    )
    msg.set_content(
        ics,
        maintype="text",
        subtype="calendar",
        params={"method": "REPLY", "charset": "utf-8"},
        cte="quoted-printable",
        disposition="attachment",
        filename="iCal-20261201-120000.ics",
    )
    return msg.as_bytes()
