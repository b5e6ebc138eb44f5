"""The data map: every personal field netmgr keeps, and why, on what basis, for how long.

The records of processing, the privacy notice and the retention page are generated from this
one list. Model columns holding personal data carry ``info={"personal": "<category>"}``; a test
checks both ways that the marks and :data:`FIELDS` agree, and that columns named like personal
data are either marked or listed in :data:`NOT_PERSONAL` with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Category:
    """One processing activity (a row in the records of processing)."""

    key: str
    #: What the activity is
    label: object
    #: Who the data is about
    subjects: object
    #: Why it is kept
    purpose: object
    #: GDPR article 6 basis
    legal_basis: object
    #: Who receives it besides LUP's coordinators
    recipients: object
    #: Key of the retention rule in :mod:`netmgr.privacy.retention`, or None (see ``retention``)
    rule: str | None
    #: How long, in words, when no rule deletes it automatically
    retention: object = None


@dataclass(frozen=True)
class Field:
    """One personal field: ``table.column`` or a file kind (``file:<kind>``)."""

    target: str
    category: str
    #: What it holds, in words
    label: object

    @property
    def is_file(self) -> bool:
        return self.target.startswith("file:")


STAFF = _l("LUPs koordinatorer og administratorer")
NOBODY_ELSE = _l("Ingen utenfor LUP; e-post går via LUPs e-posttjeneste (databehandler)")

CATEGORIES: tuple[Category, ...] = (
    Category(
        "contact",
        _l("Kontaktpersoner"),
        _l("Ansatte i kommuner, fylkeskommuner, statlige virksomheter og hos leverandører"),
        _l("Invitere til og holde kontakt om nettverk, møteplasser og markedsdialoger"),
        _l("Berettiget interesse (personvernforordningen art. 6 nr. 1 bokstav f)"),
        STAFF,
        None,
        _l("Så lenge personen er kontakt for sin organisasjon; slettes på forespørsel"),
    ),
    Category(
        "participation",
        _l("Påmeldinger"),
        _l("Personer som melder seg på arrangementer"),
        _l("Gjennomføre arrangementet, venteliste, påminnelser og oppmøte"),
        _l("Avtale: personen ber om å delta (art. 6 nr. 1 bokstav b)"),
        _l("Arrangøren av arrangementet; presentasjoner vises offentlig på arrangementssiden"),
        "registrations",
    ),
    Category(
        "invitation",
        _l("Invitasjoner og svar"),
        _l("Kontaktpersoner som inviteres til arrangementer"),
        _l("Sende invitasjoner og registrere svar"),
        _l("Berettiget interesse (personvernforordningen art. 6 nr. 1 bokstav f)"),
        STAFF,
        "campaign_recipients",
    ),
    Category(
        "mail",
        _l("Utsendt e-post (mottaker)"),
        _l("Mottakere av e-post fra tjenesten"),
        _l("Levere e-post og vise leveringsstatus"),
        _l("Samme grunnlag som meldingen gjelder (påmelding eller invitasjon)"),
        NOBODY_ELSE,
        None,
        _l("Mottaker og leveringsstatus beholdes; slettes når personen slettes"),
    ),
    Category(
        "mail_content",
        _l("Utsendt e-post (innhold)"),
        _l("Mottakere av e-post fra tjenesten"),
        _l("Sende meldingen på nytt ved feil og svare på spørsmål om den"),
        _l("Samme grunnlag som meldingen gjelder (påmelding eller invitasjon)"),
        NOBODY_ELSE,
        "mail_bodies",
    ),
    Category(
        "mail_journal",
        _l("Sendelogg"),
        _l("Mottakere av e-post fra tjenesten"),
        _l("Hindre at en melding sendes to ganger etter et avbrudd"),
        _l("Berettiget interesse (personvernforordningen art. 6 nr. 1 bokstav f)"),
        _l("Ingen"),
        "mail_journal",
    ),
    Category(
        "audit",
        _l("Revisjonslogg"),
        _l("Brukere av tjenesten og personer endringene gjelder"),
        _l("Sikkerhet og etterprøvbarhet: hvem endret hva og når"),
        _l("Rettslig forpliktelse til informasjonssikkerhet (art. 6 nr. 1 bokstav c, art. 32)"),
        _l("LUPs administratorer"),
        "audit_addresses",
    ),
    Category(
        "subscription",
        _l("Kalenderabonnementer"),
        _l("Kontaktpersoner som ber om en personlig kalenderlenke"),
        _l("Levere den personlige kalenderen til organisasjonen"),
        _l("Avtale: personen ber om lenken (art. 6 nr. 1 bokstav b)"),
        _l("Ingen"),
        "tokens",
    ),
    Category(
        "request",
        _l("Forespørsler om innsyn"),
        _l("Personer som ber om kopi av sine opplysninger"),
        _l("Sende kopien til riktig adresse"),
        _l("Rettslig forpliktelse (art. 6 nr. 1 bokstav c, art. 15)"),
        _l("Ingen"),
        "tokens",
    ),
    Category(
        "staff",
        _l("Brukerkontoer"),
        _l("LUPs koordinatorer og administratorer"),
        _l("Innlogging, tilgangsstyring og avsender av invitasjoner"),
        _l("Berettiget interesse (personvernforordningen art. 6 nr. 1 bokstav f)"),
        _l("Mottakere av invitasjoner ser koordinatorens navn og e-postadresse"),
        None,
        _l("Så lenge kontoen er i bruk; en administrator deaktiverer og sletter kontoer"),
    ),
)

FIELDS: tuple[Field, ...] = (
    Field("contacts.name", "contact", _l("Navn")),
    Field("contacts.email", "contact", _l("E-postadresse")),
    Field("contacts.phone", "contact", _l("Telefonnummer")),
    Field("contacts.title", "contact", _l("Stilling eller rolle")),
    Field("contacts.note", "contact", _l("Merknad fra koordinator")),
    Field("registrations.contact_id", "participation", _l("Hvem som meldte seg på hva")),
    Field("campaign_recipients.contact_id", "invitation", _l("Hvem som ble invitert")),
    Field("campaign_recipients.response", "invitation", _l("Svar på invitasjonen")),
    Field("outbox_messages.to_address", "mail", _l("Mottakerens e-postadresse")),
    Field("outbox_messages.to_name", "mail", _l("Mottakerens navn")),
    Field("outbox_messages.contact_id", "mail", _l("Hvilken kontakt meldingen gikk til")),
    Field("outbox_messages.body_text", "mail_content", _l("Meldingens tekst")),
    Field("outbox_messages.body_html", "mail_content", _l("Meldingens tekst (HTML)")),
    Field("outbox_messages.ics", "mail_content", _l("Kalendervedlegg")),
    Field("file:eml", "mail_content", _l("E-postfiler i tjenestens e-postmappe (.eml)")),
    Field("file:mail_journal", "mail_journal", _l("Sendelogg med meldings-ID-er")),
    Field("audit_entries.data", "audit", _l("Detaljer om endringen, også klientadresse")),
    Field("calendar_subscriptions.contact_id", "subscription", _l("Hvem som ba om lenken")),
    Field("privacy_access_requests.email", "request", _l("E-postadressen kopien ble bedt om for")),
    Field("users.email", "staff", _l("E-postadresse")),
    Field("users.name", "staff", _l("Navn")),
)

#: Columns named like personal data that are not (reviewed), with the reason
NOT_PERSONAL: dict[str, str] = {
    "organizations.name": "name of an organisation",
    "organizations.sami_name": "name of an organisation",
    "networks.name": "name of a network",
    "themes.name_nb": "name of a theme",
    "themes.name_nn": "name of a theme",
    "themes.name_en": "name of a theme",
    "events.title": "title of an event",
    "processes.title": "title of a joint process",
    "groups.name": "name of a group of organisations",
    "campaign_recipients.email": "official address (postmottak) of an organisation; only official invitations",
    "sign_in_failures.address_key": "HMAC of a client address, deleted with the 15-minute throttling window",
    "organizations.official_email": "official address (postmottak) of an organisation",
    "event_series.title": "title of a series",
    "campaigns.name": "internal name of a campaign",
    "registrations.solution_title": "title of a supplier's product",
    "api_tokens.name": "label of a token",
    "scheduler_instances.name": "host:pid of a process",
}

#: Column names that look like personal data (used by the data-map test)
PERSONAL_NAME_PATTERN = r"(^|_)(name|e?mail|email|phone|mobile|title|address|ip)($|_)"


def category(key: str) -> Category:
    for cat in CATEGORIES:
        if cat.key == key:
            return cat
    raise KeyError(key)


def fields_of(key: str) -> list[Field]:
    return [f for f in FIELDS if f.category == key]


def mapped_columns() -> set[str]:
    return {f.target for f in FIELDS if not f.is_file}


def marked_columns(metadata) -> dict[str, str]:
    """``{"table.column": category}`` of every column marked personal in the models."""
    return {
        f"{table.name}.{column.name}": column.info["personal"]
        for table in metadata.sorted_tables
        for column in table.columns
        if column.info.get("personal")
    }
