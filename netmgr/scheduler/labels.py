"""Labels of scheduled jobs for the pages (template globals; no queries)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

JOB_KIND_LABELS = {
    "event.reminder": _l("Påminnelse %(hours)s timer før"),
    "event.registration_closed": _l("Påmeldingsfrist: melding til koordinator"),
    "event.follow_up": _l("Oppfølging: oppmøte og takk"),
    "campaign.send": _l("Utsending av invitasjoner"),
    "coordinator.digest": _l("Ukeoversikt til koordinator"),
}
JOB_STATE_LABELS = {
    "pending": _l("Venter"),
    "claimed": _l("Kjører"),
    "done": _l("Utført"),
    "skipped": _l("Hoppet over"),
    "failed": _l("Feilet"),
}


def job_kind_label(job) -> str:
    label = JOB_KIND_LABELS.get(job.kind)
    if label is None:
        return job.kind
    return (
        str(label) % {"hours": (job.params or {}).get("hours", "")}
        if "%(" in str(label)
        else str(label)
    )


def job_state_label(state: str) -> str:
    return str(JOB_STATE_LABELS.get(state, state))


def reminder_text(event) -> str:
    hours = event.reminder_hours if event.reminder_hours is not None else [168, 24]
    return ", ".join(f"{h // 24}d" if h % 24 == 0 else f"{h}t" for h in sorted(hours, reverse=True))
