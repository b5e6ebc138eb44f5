"""Imports every model module so that the metadata (and Alembic) sees all tables."""

from .auth.models import ApiToken, User  # noqa: F401
from .calendars.models import CalendarState, CalendarSubscription  # noqa: F401
from .campaigns.models import Campaign, CampaignRecipient  # noqa: F401
from .core.audit import AuditEntry  # noqa: F401
from .events.models import Event, event_themes  # noqa: F401
from .groups.models import Group, GroupMembership  # noqa: F401
from .mail.imap_models import ImapCursor  # noqa: F401
from .mail.models import OutboxMessage  # noqa: F401
from .networks.models import Network, NetworkMembership, Theme  # noqa: F401
from .organizations.models import Contact, Organization  # noqa: F401
from .participation.models import ParticipationSettings  # noqa: F401
from .privacy.models import AccessRequest, RetentionSetting  # noqa: F401
from .processes.models import Process, ProcessParticipant, ProcessPhaseChange  # noqa: F401
from .registration.models import Registration  # noqa: F401
from .scheduler.models import DueJob, EventSeries, SchedulerInstance  # noqa: F401
