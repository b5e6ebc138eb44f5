"""The participation part of the organisation page (fragment ``"organization-page"``) and the
size-class filter of the organisation list (``organization_list_filters``)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from ..organizations.list_filters import ListFilter
from ..organizations.models import Organization
from .services import organization_profile
from .settings import get_size_classes
from .views import template_labels


def organization_section(_hook, organization: Organization, **_ignored) -> Markup:
    """Participation summary, timeline of registrations and invitations with their answers."""
    profile = organization_profile(organization)
    return Markup(
        render_template(
            "participation/_organization_participation.html", **profile, **template_labels()
        )
    )


def size_filter(_sender) -> ListFilter:
    """Municipalities by the size classes the admin configured (same as the reports)."""
    classes = get_size_classes()
    keys = classes.keys()
    choices = [("small", _("Små kommuner"))] + [
        (key, classes.label(i)) for i, key in enumerate(keys)
    ]

    def where(value: str):
        if value == "small":
            return (Organization.kind == "municipality") & (
                Organization.population < classes.small_limit
            )
        if value not in keys:
            return None
        return (Organization.kind == "municipality") & (
            classes.case(Organization.population) == keys.index(value)
        )

    return ListFilter("size", _("Størrelse"), choices, where)
