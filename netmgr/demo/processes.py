"""Two joint processes of the demo data set, built on the municipalities and events made by
:mod:`netmgr.demo.builder` (models directly, like the builder: no audit entries, no mail).

- Digital night-time supervision in Innlandet: a regional cooperation of small
  municipalities as need owners with their host municipality as lead, now in the market
  dialogue; the welfare technology market dialogues belong to it.
- Zero-emission building sites in Vestland: municipalities of every size, now in the
  competition; the market dialogues on zero-emission machinery belong to it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..events.models import Event
from ..extensions import db
from ..networks.models import Network, Theme
from ..organizations.models import Organization
from ..processes.models import SMALL_LIMIT, Process, ProcessParticipant, ProcessPhaseChange

#: slug, title, theme, network key (builder's theme key), county, phases with days ago,
#: dialogue title (events with this title join the process), description
PROCESSES = (
    (
        "digitalt-nattilsyn-innlandet",
        "Digitalt nattilsyn i Innlandet",
        "welfare_technology",
        "welfare_technology",
        "34",
        (("needs", 300), ("market_dialogue", 70)),
        "Markedsdialog: digitalt tilsyn i sykehjem",
        "Små kommuner i et regionråd i Innlandet vil erstatte fysiske nattlige tilsynsrunder i "
        "hjemmetjenesten med digitalt tilsyn (kamera med anonymisering og sensorer). De kartla "
        "behovet sammen og holder markedsdialogen sammen; hver kommune kjøper inn selv.",
    ),
    (
        "utslippsfrie-byggeplasser-vestland",
        "Utslippsfrie bygge- og anleggsplasser i Vestland",
        "buildings",
        "buildings",
        "46",
        (("needs", 520), ("market_dialogue", 330), ("competition", 45)),
        "Markedsdialog: utslippsfrie anleggsmaskiner",
        "Kommuner i Vestland stiller felles krav til utslippsfrie maskiner på egne bygge- og "
        "anleggsplasser fra neste år. Kravene er utviklet i dialog med leverandørene.",
    ),
)


def add_demo_processes(today: dt.date, coordinator, networks: dict[str, Network]) -> int:
    """Add the demo processes that are missing; returns how many were added."""
    added = 0
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    for slug, title, theme, network_key, county, phases, dialogue, text in PROCESSES:
        if db.session.scalar(select(Process.id).where(Process.slug == slug)) is not None:
            continue
        municipalities = list(
            db.session.scalars(
                select(Organization)
                .where(
                    Organization.kind == "municipality",
                    Organization.active.is_(True),
                    Organization.county_number == county,
                )
                .order_by(Organization.municipality_number)
            )
        )
        if not municipalities:
            continue
        started = today - dt.timedelta(days=phases[0][1])
        process = Process(
            slug=slug,
            title=title,
            description=text,
            theme=themes.get(theme),
            network=networks.get(network_key),
            phase=phases[-1][0],
            status="active",
            public=True,
            published_at=dt.datetime.combine(started, dt.time(12), dt.UTC),
            responsible_user_id=getattr(coordinator, "id", None),
            started_on=started,
        )
        db.session.add(process)
        db.session.flush()
        previous = None
        for phase, days_ago in phases:
            db.session.add(
                ProcessPhaseChange(
                    process_id=process.id,
                    phase=phase,
                    from_phase=previous,
                    changed_on=today - dt.timedelta(days=days_ago),
                    recorded_at=dt.datetime.combine(
                        today - dt.timedelta(days=days_ago), dt.time(12), dt.UTC
                    ),
                )
            )
            previous = phase
        _add_participants(process, municipalities, phases, today)
        for event in db.session.scalars(select(Event).where(Event.title == dialogue)):
            event.process_id = process.id
        added += 1
    db.session.flush()
    return added


def _add_participants(process, municipalities, phases, today) -> None:
    """The largest municipality leads; small ones join first, a few bigger ones later."""
    by_size = sorted(municipalities, key=lambda o: -(o.population or 0))
    lead, rest = by_size[0], by_size[1:]
    small = [o for o in rest if (o.population or 0) < SMALL_LIMIT][:6]
    bigger = [o for o in rest if (o.population or 0) >= SMALL_LIMIT][:2]
    started = today - dt.timedelta(days=phases[0][1])
    rows = [(lead, "lead", phases[0]), *((o, "need_owner", phases[0]) for o in small)]
    rows += [(o, "need_owner", phases[-1]) for o in bigger]  # joined in the latest phase
    for number, (org, role, (phase, days_ago)) in enumerate(rows):
        joined = max(started, today - dt.timedelta(days=days_ago)) + dt.timedelta(days=number)
        db.session.add(
            ProcessParticipant(
                process_id=process.id,
                organization_id=org.id,
                role=role,
                joined_on=min(joined, today),
                buys_separately=True,
                joined_in_phase=phase,
            )
        )
