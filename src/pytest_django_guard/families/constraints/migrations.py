"""Pending model changes, as ``makemigrations --check --dry-run`` finds them: Django's own
loader and autodetector, without the command's database access or its system checks (a
project's unrelated check errors must not hide its migrations)."""

from __future__ import annotations


def pending() -> tuple[list[str], list[str]]:
    """One line per operation a ``makemigrations`` would write (``app: Create constraint x on
    model y``), and what its questioner says of them (a NOT NULL change needing a default)."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState

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


def disabled() -> bool:
    """Whether pytest-django's --nomigrations replaced the migration modules."""
    from django.conf import settings

    return type(getattr(settings, "MIGRATION_MODULES", None)).__name__ == "DisableMigrations"
