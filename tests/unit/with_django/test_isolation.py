"""The unit tests in this folder run on a configured Django, but without any database."""

import os

import pytest
from django.conf import settings
from django.db import connection


def test_django_runs_on_the_example_apps_settings():
    assert settings.ROOT_URLCONF == "config.urls"
    assert "shop" in settings.INSTALLED_APPS


def test_the_database_is_out_of_reach():
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        connection.cursor()


def test_the_settings_module_is_not_left_for_subprocesses():
    assert "DJANGO_SETTINGS_MODULE" not in os.environ
