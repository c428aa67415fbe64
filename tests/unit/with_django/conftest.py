"""Django for the unit tests in this folder only: example_app's settings, in this process.

The modules tested here import Django REST Framework, or read the example app's views, so
Django is configured when this folder is collected (``django.setup()``; no database is
created, and an autouse fixture blocks database access). Since Django is then configured in
the outer pytest process, pyproject.toml's addopts carry ``--no-guard``: the plugin under test
must generate nothing in the outer run.

``DJANGO_SETTINGS_MODULE`` is set only for the setup: the other tests' inner pytest runs are
subprocesses that must not inherit it.
"""

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import django
import pytest
from django.conf import settings

EXAMPLE_APP = Path(__file__).resolve().parents[3] / "example_app"


def configure_django() -> None:
    if settings.configured:
        return
    if str(EXAMPLE_APP) not in sys.path:
        sys.path.insert(0, str(EXAMPLE_APP))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    try:
        django.setup()
    finally:
        del os.environ["DJANGO_SETTINGS_MODULE"]


configure_django()


@pytest.fixture(autouse=True)
def _no_database(django_db_blocker) -> Iterator[None]:
    """Unit tests never touch a database: any query fails the test."""
    with django_db_blocker.block():
        yield
