"""The constraints family on real models: correct constraints pass; a constraint the migrations
never created, a nullable column the model says is NOT NULL, a pending model change, a check no
value can be derived for, a bad declaration and a hand-written ``assert_integrity_error`` on a
missing constraint each fail saying why.

The deliberately flawed app's API flaws (a duplicate or an inverted range answered with a 500)
are asserted in tests/test_flawed.py. These tests edit copies of example_app/bookings.
"""

import pytest

BOOKINGS = "guard::bookings.BookingViewSet::constraints"
MIGRATION = "bookings/migrations/0001_initial.py"
CHECK = (
    "models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), "
    "name='booking_ends_after_start')"
)
HAND_WRITTEN = """

def test_an_inverted_range_is_refused(assert_integrity_error):
    from bookings.factories import BookingFactory

    booking = BookingFactory()
    assert_integrity_error(BookingFactory, start=booking.start, end=booking.start)
"""
PREFIX_CONSTRAINT = """
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]
    operations = [
        migrations.AddConstraint(
            model_name="room",
            constraint=models.CheckConstraint(
                condition=models.Q(name__startswith="Room"), name="room_name_prefix"
            ),
        ),
    ]
"""


def run(project, *args: str) -> pytest.RunResult:
    """With the migrations applied: these tests are about what they create (or do not)."""
    return project.run("-m", "guard_constraints or not guard", "-rfs", *args, migrations=True)


@pytest.mark.parametrize("migrations", ["migrated", "--no-migrations"])
def test_correct_constraints_pass(guard_project, migrations: str) -> None:
    flags = [migrations] if migrations.startswith("--") else []
    result = run(guard_project, "-k", "booking or accounts or migrations", "-v", *flags)

    assert result.ret == pytest.ExitCode.OK, result.stdout.str()[-3000:]
    result.stdout.fnmatch_lines_random(
        [
            "*::constraints?migrations? PASSED*",
            "*bookings.BookingViewSet::constraints?bookings.Booking.booking_ends_after_start? "
            "PASSED*",
            "*bookings.BookingViewSet::constraints?bookings.Booking.one_booking_per_room_start? "
            "PASSED*",
            "*bookings.BookingViewSet::constraints?bookings.Booking.one_confirmed_booking_per_room?"
            " PASSED*",
            "*bookings.BookingViewSet::constraints?bookings.Booking.not_null? PASSED*",
            "*bookings.RoomViewSet::constraints?bookings.Room.room_has_seats? PASSED*",
            "*bookings.BookingViewSet::constraints_api?create-booking_ends_after_start? PASSED*",
            "*bookings.BookingViewSet::constraints_api?create-one_booking_per_room_start? PASSED*",
            "*bookings.BookingViewSet::constraints_api?update-booking_ends_after_start? PASSED*",
            "*bookings.BookingViewSet::constraints_api?update-one_confirmed_booking_per_room? "
            "PASSED*",
            "*accounts.LabelViewSet::constraints?accounts.Label.one_label_name_per_team? PASSED*",
            "*accounts.SubscriptionViewSet::constraints_api?create-one_primary_subscription? "
            "PASSED*",
            "*tests/test_toolkit.py::test_booking_constraints_are_in_the_database PASSED*",
        ]
    )


def test_migrations_are_checked_under_nomigrations_too(guard_project) -> None:
    """pytest-django's --nomigrations hides the migration files from the test database's
    set-up, not from the check: a model change without its migration still fails it."""
    guard_project.replace(MIGRATION, CHECK + ", ", "")

    result = run(guard_project, "-k", "migrations", "--no-migrations")

    result.stdout.fnmatch_lines(
        [
            "  expected: no model change without its migration (makemigrations --check --dry-run)",
            "  got:      1 model changes have no migration",
            "  bookings: Create constraint booking_ends_after_start on model booking",
        ]
    )
    result.assert_outcomes(failed=1)


def test_a_constraint_missing_from_the_migrations_fails(guard_project) -> None:
    guard_project.replace(MIGRATION, CHECK + ", ", "")
    guard_project.replace(
        MIGRATION, "('end', models.DateTimeField())", "('end', models.DateTimeField(null=True))"
    )
    guard_project.append("tests/test_toolkit.py", HAND_WRITTEN)

    result = run(guard_project, "-k", "bookings or migrations or inverted")

    result.stdout.fnmatch_lines(
        [
            "bookings.BookingViewSet: database",
            "  expected: CheckConstraint 'booking_ends_after_start' enforced by the database "
            "(table bookings_booking)",
            "  got:      the table has no such constraint: bookings.Booking declares it, no "
            "applied migration created it",
            "  hint:     run `manage.py makemigrations` and commit the migration (then `migrate`)",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "  expected: non-null columns without a default (owner, room, start, end): NOT NULL "
            "in the database, as the model says (null=False)",
            "  got:      the columns of end accept NULL in table bookings_booking",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "  expected: no model change without its migration (makemigrations --check --dry-run)",
            "  got:      2 model changes have no migration",
            "  bookings: Alter field end on booking",
            "  bookings: Create constraint booking_ends_after_start on model booking",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "bookings.Booking(start=*, end=*)",
            "  expected: IntegrityError: the database refuses the row",
            "  got:      the database stored it as bookings.Booking *",
        ]
    )
    failed = {line.split(" - ")[0] for line in result.outlines if line.startswith("FAILED ")}
    assert failed == {
        "FAILED guard::accounts.LabelViewSet::constraints[migrations]",
        f"FAILED {BOOKINGS}[bookings.Booking.booking_ends_after_start]",
        f"FAILED {BOOKINGS}[bookings.Booking.not_null]",
        "FAILED tests/test_toolkit.py::test_an_inverted_range_is_refused",
    }


def test_a_check_no_value_is_derived_for_asks_for_a_declared_violation(guard_project) -> None:
    guard_project.write("bookings/migrations/0002_room_name_prefix.py", PREFIX_CONSTRAINT)
    guard_project.replace(
        "bookings/models.py",
        'models.CheckConstraint(condition=models.Q(capacity__gte=1), name="room_has_seats")',
        'models.CheckConstraint(condition=models.Q(capacity__gte=1), name="room_has_seats"),\n'
        "            models.CheckConstraint(\n"
        '                condition=models.Q(name__startswith="Room"), name="room_name_prefix"\n'
        "            ),",
    )
    guard_project.replace(
        "accounts/views.py", 'owner = "owner"', 'owner = "owner"\n        violations = ["slug"]'
    )

    result = run(
        guard_project, "-k", "Room or Team or nosuch", "-o", "guard_constraint_models=nosuch.Model"
    )

    result.stdout.fnmatch_lines(
        [
            "bookings.RoomViewSet: database",
            "  could not verify: no simple value derived from it does break CheckConstraint "
            "'room_name_prefix' as Django validates it — declare Guard.violations = "
            "{'room_name_prefix': {field: value, ...}} (a row breaking it)",
        ]
    )
    result.stdout.fnmatch_lines(["*accounts.TeamViewSet: Guard.violations: must be a dict*"])
    result.stdout.fnmatch_lines(["  got:      'nosuch.Model': *"])

    guard_project.replace(
        "bookings/views.py",
        '        policy = "staff_write"\n',
        '        policy = "staff_write"\n'
        '        violations = {"room_name_prefix": {"name": "Hall"}}\n',
    )
    result = run(guard_project, "-k", "Room and constraints")

    # The database refuses the declared row; the API lets it through: the serializer does
    # not check the prefix, so the create is a 500.
    failed = {line.split(" - ")[0] for line in result.outlines if line.startswith("FAILED ")}
    assert failed == {
        f"FAILED guard::bookings.RoomViewSet::constraints_api[{action}-room_name_prefix]"
        for action in ("create", "update")
    }, result.stdout.str()[-3000:]
    result.stdout.fnmatch_lines(["  got:      500: IntegrityError: *"])


def test_a_violation_declared_for_no_rule_fails_naming_the_rules(guard_project) -> None:
    guard_project.replace(
        "bookings/views.py",
        '        policy = "staff_write"\n',
        '        policy = "staff_write"\n'
        '        violations = {"room_nam_prefix": {"name": "Hall"}}\n',
    )

    result = run(guard_project, "-k", "RoomViewSet and constraints and violations")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "bookings.RoomViewSet: violations",
            "  expected: Guard.violations keyed by the names of the model's rules",
            "  got:      Guard.violations[[]'room_nam_prefix'[]] names no rule of bookings.Room "
            "(its rules: *room_has_seats*)",
            "  hint:     use a name the constraints items show, or remove the entry",
        ]
    )


def test_a_model_no_endpoint_serves_is_checked_when_the_ini_names_it(guard_project) -> None:
    """orgs.Membership has a unique (user, org) rule and no endpoint; its factory sits beside
    a declared one (orgs.factories.MembershipFactory)."""
    without = run(guard_project, "-k", "Membership", "--collect-only", "-q")
    assert "Membership" not in without.stdout.str()

    result = run(
        guard_project, "-k", "Membership", "-v", "-o", "guard_constraint_models=orgs.Membership"
    )

    assert result.ret == pytest.ExitCode.OK, result.stdout.str()[-3000:]
    result.stdout.fnmatch_lines(
        ["*::constraints[[]orgs.Membership.orgs_membership_unique_user_org[]] PASSED*"]
    )
