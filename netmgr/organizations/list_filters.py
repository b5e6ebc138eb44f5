"""Filters of the coordinator's organisation list, including those of higher features.

This package filters by its own columns (kind, county, has contact, text). Features above it
add theirs — networks the network, participation the size class, groups the group — by
answering :data:`netmgr.core.signals.organization_list_filters` with a :class:`ListFilter`;
the list page renders each as a select and applies its ``where`` when a value is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.signals import organization_list_filters


@dataclass(frozen=True)
class ListFilter:
    #: Query-string name (``network``, ``size``, ``group``)
    name: str
    #: Label of the select
    label: str
    #: ``[(value, label)]``, values as strings
    choices: list[tuple[str, str]]
    #: ``where(value)`` -> a SQL condition on ``Organization`` (e.g. ``Organization.id.in_(…)``),
    #: or None for a value it does not know (the filter is then ignored)
    where: Callable


def feature_filters() -> list[ListFilter]:
    """The filters the features above offer, in the order they connected."""
    answers = organization_list_filters.send("organization-list")
    return [result for _receiver, result in answers if result is not None]
