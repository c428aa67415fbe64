"""Query parameters narrow a list, never widen it; ordering never sorts by a secret.

example_app's directory (django-filter ``filterset_fields``, ``SearchFilter``,
``OrderingFilter``) is green; each scenario below breaks it the way real projects do and
asserts the report. The flawed app's QueryParamTenantLeak and OrderingSecretLeak are in
test_flawed.py.
"""

import pytest

from conftest import GuardProject

VIEWS = "directory/views.py"
SCOPED = (
    "        return Contact.objects.filter(owner=self.request.user)"
    '.select_related("organization")\n'
)
LISTS = "ContactViewSet and permissions and list"


def widen(param: str, lookup: str) -> str:
    """A get_queryset that trusts ?<param>= (the shape of ?organization=<id> tenant leaks)."""
    return (
        f'        if value := self.request.query_params.get("{param}"):\n'
        f"            return Contact.objects.filter({lookup}=value)\n" + SCOPED
    )


@pytest.mark.parametrize(
    ("param", "lookup", "lines"),
    [
        (
            "owner",
            "owner_id",
            [
                "  expected: ?owner narrows other's list: no row it does not list without it",
                "  got:      with ?owner=* (owner.id of owner's row) the list showed rows it "
                "does not show without it",
                "  leaked: id=* (owner's)",
                "  sent: GET /api/contacts/?owner=*",
                "  read by django-filter's filterset_fields",
            ],
        ),
        (
            "search",
            "name__icontains",
            [
                "  got:      with ?search=Contact * (name of owner's row) the list showed rows it "
                "does not show without it",
                "  sent: GET /api/contacts/?search=Contact+*",
                "  read by SearchFilter",
            ],
        ),
    ],
    ids=["filterset-field", "search"],
)
def test_a_parameter_that_widens_the_queryset_is_caught(
    guard_project: GuardProject, param: str, lookup: str, lines: list[str]
) -> None:
    guard_project.replace(VIEWS, SCOPED, widen(param, lookup))

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.stdout.fnmatch_lines(
        [
            "directory.ContactViewSet: list as other (GET /api/contacts/)",
            *lines,
            f"  hint:     filter get_queryset() by request.user before applying ?{param}, e.g. "
            "Contact.objects.filter(owner=self.request.user); a filter narrows the user's rows, "
            "it must not widen them",
        ]
    )
    # The owner sends the other user's values; anonymous is refused before any filter.
    result.assert_outcomes(failed=3, passed=1)


METHOD_FILTER = """

import django_filters  # noqa: E402


class ContactFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="anywhere")

    class Meta:
        model = Contact
        fields = ["organization"]

    def anywhere(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


ContactViewSet.filterset_class = ContactFilterSet
"""


@pytest.mark.parametrize(
    ("declared", "outcomes"),
    [(None, {"failed": 3, "passed": 1}), ('"name"', {"passed": 4}), ("None", {"passed": 4})],
    ids=["undeclared", "declared-path", "declared-no-identifier"],
)
def test_a_filter_the_plugin_cannot_read_is_could_not_verify_until_declared(
    guard_project: GuardProject, declared: str | None, outcomes: dict[str, int]
) -> None:
    guard_project.append(VIEWS, METHOD_FILTER)
    if declared is not None:
        guard_project.replace(
            VIEWS,
            '        owner = "owner"\n',
            f'        owner = "owner"\n        filters = {{"list": {{"q": {declared}}}}}\n',
        )

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.assert_outcomes(**outcomes)
    if declared is None:
        result.stdout.fnmatch_lines(
            [
                "directory.ContactViewSet: list as other (GET /api/contacts/)",
                "  could not verify: no value of owner's to send: ?q (django-filter's "
                "ContactFilterSet) filters on q, which owner's row has no value for — give "
                "owner's row a value there (Guard.factory), or declare Guard.filters = "
                '{"list": {"q": "<path from the row>"}} (None for a parameter that carries no '
                "identifier)",
            ]
        )


ORDERING = '    ordering_fields = ["name", "created_at", "organization__name"]\n'


def test_ordering_by_a_related_secret_is_caught(guard_project: GuardProject) -> None:
    guard_project.replace(
        VIEWS, ORDERING, '    ordering_fields = ["name", "organization__api_key"]\n'
    )

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.stdout.fnmatch_lines(
        [
            "directory.ContactViewSet: list as other (GET /api/contacts/)",
            "  expected: ?ordering=organization__api_key refused (4xx) or ignored (the order "
            "without it): organization.api_key is a secret",
            "  got:      the rows came back sorted by organization.api_key, a secret field",
            "  order: id=*, id=* (by organization.api_key); without it: id=*, id=*",
            "  sent: GET /api/contacts/?ordering=organization__api_key",
            "  read by OrderingFilter",
        ]
    )
    result.assert_outcomes(failed=3, passed=1)


def test_dunder_all_orders_by_the_rows_own_fields_only(guard_project: GuardProject) -> None:
    """DRF's ordering_fields = "__all__" accepts the model's own fields, never a relation's
    (organization__api_key is dropped): the directory, whose rows hold no secret, stays green."""
    guard_project.replace(VIEWS, ORDERING, '    ordering_fields = "__all__"\n')

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.assert_outcomes(passed=4)


def test_an_ordering_that_cannot_be_observed_is_could_not_verify(
    guard_project: GuardProject,
) -> None:
    """Every contact at one organization: sorting by its key orders nothing observable."""
    guard_project.replace(
        "directory/factories.py",
        "    organization = factory.SubFactory(OrganizationFactory)\n",
        "    organization = factory.LazyFunction(\n"
        '        lambda: Organization.objects.get_or_create(slug="one", name="One")[0]\n'
        "    )\n",
    )

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.stdout.fnmatch_lines(
        [
            "directory.ContactViewSet: list as other (GET /api/contacts/)",
            "  could not verify: ordering by organization__api_key cannot be observed: the list "
            "shows fewer than two rows with different organization — make Guard.factory give "
            'each row its own organization, or declare Guard.filters = {"list": {"ordering": '
            "None}}",
        ]
    )
    result.assert_outcomes(failed=3, passed=1)


def test_a_project_without_django_filter_is_probed_all_the_same(
    guard_project: GuardProject,
) -> None:
    """django-filter is optional: without it the other backends are still read and probed."""
    conftest = guard_project.read("conftest.py")
    guard_project.write(
        "conftest.py",
        'import sys\n\nsys.modules["django_filters"] = None  # not installed\n' + conftest,
    )
    guard_project.replace(
        VIEWS, "from django_filters.rest_framework import DjangoFilterBackend\n", ""
    )
    guard_project.replace(
        VIEWS,
        "    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]\n",
        "    filter_backends = [SearchFilter, OrderingFilter]\n",
    )
    guard_project.replace(VIEWS, SCOPED, widen("search", "name__icontains"))

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.stdout.fnmatch_lines(["  read by SearchFilter"])
    result.stdout.no_fnmatch_line("*django_filters*")
    result.assert_outcomes(failed=3, passed=1)


REVERSING = '''

class Reversing(OrderingFilter):
    """Any ?ordering= reverses the list, whatever it names."""

    def filter_queryset(self, request, queryset, view):
        return queryset.order_by("-name") if request.query_params.get("ordering") else queryset


ContactViewSet.filter_backends = [DjangoFilterBackend, SearchFilter, Reversing]
'''


def test_an_order_that_changes_but_not_by_the_secret_is_could_not_verify(
    guard_project: GuardProject,
) -> None:
    """Reversed by ?ordering=organization__api_key, but reversed by -organization__api_key too:
    the rows were not sorted by the secret, and nothing proves they were not."""
    guard_project.append(VIEWS, REVERSING)

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.stdout.fnmatch_lines(
        [
            "directory.ContactViewSet: list as other (GET /api/contacts/)",
            "  could not verify: with ?ordering=organization__api_key the order changed, but not "
            "by organization.api_key both ways (without it: id=*, id=*): cannot tell what it "
            'sorted by — declare Guard.filters = {"list": {"ordering": None}} if the parameter '
            "sorts by something else",
        ]
    )
    result.assert_outcomes(failed=3, passed=1)


REFUSING_AFTER_THE_SECRETS = '''

class Refusing(OrderingFilter):
    """Refuses every list once an organization's key looks like the probe's values."""

    def filter_queryset(self, request, queryset, view):
        if Organization.objects.filter(api_key__startswith="g0").exists():
            raise ValidationError("keys rotated: log in again")
        return super().filter_queryset(request, queryset, view)


ContactViewSet.filter_backends = [DjangoFilterBackend, SearchFilter, Refusing]
'''


def test_an_ordering_refused_with_its_plain_list_is_could_not_verify(
    guard_project: GuardProject,
) -> None:
    """?ordering=organization__api_key is refused, but so is the plain list once the probe has
    set the keys: the refusal is no proof, the control (the list without it) failed."""
    guard_project.append(
        VIEWS,
        "from directory.models import Organization  # noqa: E402\n"
        "from rest_framework.exceptions import ValidationError  # noqa: E402\n"
        + REFUSING_AFTER_THE_SECRETS,
    )
    guard_project.replace(
        VIEWS, ORDERING, '    ordering_fields = ["name", "organization__api_key"]\n'
    )

    result = guard_project.run("-m", "guard", "-k", LISTS)

    result.stdout.fnmatch_lines(
        [
            "directory.ContactViewSet: list as other (GET /api/contacts/)",
            "  could not verify: once organization__api_key was set on 2 rows, the list without "
            "?ordering was refused too, so a refusal of ?ordering=organization__api_key proves "
            "nothing — let the list answer whatever organization__api_key holds, or declare "
            'Guard.filters = {"list": {"ordering": None}}',
        ]
    )
    result.assert_outcomes(failed=3, passed=1)
