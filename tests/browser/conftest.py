"""Browser tests of the public and coordinator pages (fixtures in tests/conftest.py)."""

import pytest

pytestmark = pytest.mark.browser
