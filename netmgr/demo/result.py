"""What a demo load added (printed by ``netmgr demo``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .rules import PASSWORD


@dataclass
class DemoResult:
    municipalities: int = 0
    counties: int = 0
    users: list[str] = field(default_factory=list)
    networks: int = 0
    memberships: int = 0
    suppliers: int = 0
    contacts: int = 0
    events: int = 0
    registrations: int = 0
    #: Demo events found already in the database (then nothing else is added)
    existing_events: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.municipalities
            or self.users
            or self.networks
            or self.memberships
            or self.suppliers
            or self.contacts
            or self.events
            or self.registrations
        )

    def lines(self) -> list[str]:
        out = []
        if self.municipalities:
            out.append(
                f"Municipalities: {self.municipalities} added, {self.counties} counties "
                "(registry was empty)"
            )
        if self.users:
            out.append(f"Users: {', '.join(self.users)} added (password {PASSWORD})")
        if self.events:
            out.append(
                f"Demo data: {self.networks} networks, {self.memberships} memberships, "
                f"{self.suppliers} suppliers, {self.contacts} contacts, "
                f"{self.events} events, {self.registrations} registrations added"
            )
        if not self.changed:
            out.append(
                f"Demo data already loaded ({self.existing_events} demo events): nothing changed"
            )
        elif self.existing_events:
            out.append(f"Demo events already loaded ({self.existing_events}): not touched")
        return out
