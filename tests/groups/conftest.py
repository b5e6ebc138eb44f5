"""Builders for the groups tests."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def make_org(app_ctx):
    return factories.make_org


@pytest.fixture
def group(app_ctx):
    return factories.created_group
