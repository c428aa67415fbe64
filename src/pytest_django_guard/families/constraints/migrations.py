"""Pending model changes, as ``makemigrations --check --dry-run`` finds them: Django's own
loader and autodetector, without the command's database access or its system checks (a
project's unrelated check errors must not hide its migrations).

Under pytest-django's ``--nomigrations`` the test database is made from the models, but the
migration files are still the project's: they are read with the project's own
``MIGRATION_MODULES``, not the stand-in that hides them from the test database's set-up.
"""

from __future__ import annotations

import importlib
from typing import Any


def pending() -> tuple[list[str], list[str]]:
    """One line per operation a ``makemigrations`` would write (``app: Create constraint x on
    model y``), and what its questioner says of them (a NOT NULL change needing a default)."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState
    from django.test import override_settings

    with override_settings(MIGRATION_MODULES=project_migration_modules()):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    said: list[str] = []  # what the questioner tells a non-interactive run (a NOT NULL change)
    detector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps=set(), dry_run=True, log=said.append),
    )
    changes = detector.changes(graph=loader.graph)
    operations = [
        f"{app}: {operation.describe()}"
        for app, migrations in sorted(changes.items())
        for migration in migrations
        for operation in migration.operations
    ]
    return operations, [line.strip() for line in said if line.strip()]


def project_migration_modules() -> Any:
    """``MIGRATION_MODULES`` as the project set it: pytest-django's ``--nomigrations``
    replaces it with an object answering None for every app; the settings module still has
    the project's own value (none: Django's default, each app's ``migrations`` package)."""
    from django.conf import settings

    current = getattr(settings, "MIGRATION_MODULES", {})
    if type(current).__name__ != "DisableMigrations":
        return current
    module = getattr(settings, "SETTINGS_MODULE", None)
    return getattr(importlib.import_module(module), "MIGRATION_MODULES", {}) if module else {}
