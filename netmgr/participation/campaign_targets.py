"""Answers ``campaign_targets``: the campaigns API asks which organisations the target-list
criteria give (the same criteria and validation as ``GET /api/v1/targets``)."""

from __future__ import annotations

import datetime as dt

from marshmallow import ValidationError

from ..core.errors import ServiceError
from ..core.timeutil import OSLO
from .filters import TARGET_ARGS, criteria_from_args
from .schemas import TargetQuery
from .targets import target_list


def organizations_for_criteria(_sender, criteria: dict, **_kwargs) -> tuple[list[int], dict]:
    if not isinstance(criteria, dict):
        raise ServiceError({"targets": ["Give the target-list criteria as an object."]})
    unknown = sorted(set(criteria) - set(TARGET_ARGS))
    if unknown:
        raise ServiceError({f"targets.{k}": ["Unknown field."] for k in unknown})
    raw = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in criteria.items()}
    try:
        args = TargetQuery().load(raw)
    except ValidationError as err:
        raise ServiceError({f"targets.{k}": v for k, v in err.messages.items()}) from None
    target = criteria_from_args(args)
    today = dt.datetime.now(OSLO).date()
    rows = target_list(target, today)
    if not rows:
        raise ServiceError({"targets": ["Mållisten er tom."]})
    ids = [r.organization_id for r in rows]
    stored = {
        "source": "targeting",
        "as_of": today.isoformat(),
        **target.as_dict(),
        "organization_ids": ids,
        "municipality_numbers": [r.municipality_number for r in rows],
    }
    return ids, stored
