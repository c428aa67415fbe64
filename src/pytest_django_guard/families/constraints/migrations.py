"""Pending model changes, as ``makemigrations --check --dry-run`` finds them: Django's own
loader and autodetector, without the command's database access or its system checks (a
project's unrelated check errors must not hide its migrations)."""

from __future__ import annotations


def pending() -> list[str]:
    """One line per operation a ``makemigrations`` would write: ``app: Add constraint x ...``."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState

    loader = MigrationLoader(None, ignore_no_migrations=True)
    detector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps=set(), dry_run=True),
    )
    changes = detector.changes(graph=loader.graph)
    return [
        f"{app}: {operation.describe()}"
        for app, migrations in sorted(changes.items())
        for migration in migrations
        for operation in migration.operations
    ]


def disabled() -> bool:
    """Whether pytest-django's --nomigrations replaced the migration modules."""
    from django.conf import settings

    return type(getattr(settings, "MIGRATION_MODULES", None)).__name__ == "DisableMigrations"
