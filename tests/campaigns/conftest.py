"""Fixtures of the campaign tests: the mail tests' data factory and the participation tests'
fixed data set (the SMTP server is ``smtp_server`` in tests/conftest.py)."""

from tests.mail.conftest import factory  # noqa: F401
from tests.participation.conftest import dataset  # noqa: F401
