"""Declarations: a wrong Guard is its endpoint's error, one line naming view and field, while
every other endpoint runs; skip, pytest_guard_declare and the user factory behave as documented.

The bad declarations share one run: a module of views, one per mistake, each routed, so each
endpoint's error is its own (``bad_declarations``). Two tests make the same mistakes
in the example app's real views, as a user would.
"""

import re
import textwrap
from pathlib import Path

import pytest

from conftest import SessionRun, add_plugin, collected_ids, session_run

ORDER = 'factory = "shop.factories.OrderFactory"'
ORDER_ROUTED = "list, create, retrieve, update, partial_update, destroy, cancel, recent"
PROJECT = [
    'factory = "orgs.factories.ProjectFactory"',
    'owner = "org__memberships__user"',
    'make = "orgs.factories.make_project"',
]
COMMENT = ['factory = "blog.factories.CommentFactory"', 'owner = "author"']
ACTOR_HINT = "returning a callable (obj) -> user"

# (view class, base class, Guard lines, the one line expected; {label} is shop.<view class>)
BAD = [
    (
        "UnknownField",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'polcy = "private"'],
        "{label}: Guard.polcy: unknown field (did you mean 'policy'?)",
    ),
    (
        "UnknownFieldNoMatch",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'colour = "blue"'],
        "{label}: Guard.colour: unknown field (known: factory, owner, make, policy, *)",
    ),
    (
        "BadOutcome",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'access = {"retrieve": {"other": "forbid"}}'],
        "{label}: Guard.access: 'retrieve' for 'other': 'forbid' is not an outcome of a detail "
        "read action (use allow, deny, hide)",
    ),
    (
        "OutcomeOfAnotherKind",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'access = {"list": {"other": "allow"}}'],
        "{label}: Guard.access: 'list' for 'other': 'allow' is not an outcome of a collection "
        "read action (use own, all, permitted, deny)",
    ),
    (
        "FactoryNotImportable",
        "OrderViewSet",
        ['factory = "shop.factories.OrdreFactory"', 'owner = "user"'],
        "{label}: Guard.factory: cannot import 'shop.factories.OrdreFactory' (*)",
    ),
    (
        "FactoryOfAnotherModel",
        "ProductListCreate",
        [ORDER, 'policy = "staff_write"'],
        "{label}: Guard.factory: builds shop.Order but the view serves catalogue.Product",
    ),
    (
        "MissingFactory",
        "OrderViewSet",
        ['owner = "user"', 'policy = "private"'],
        "{label}: Guard.factory: missing: name the factory_boy factory for the objects",
    ),
    (
        "OwnerNotAField",
        "OrderViewSet",
        [ORDER, 'owner = "customer"'],
        "{label}: Guard.owner: 'customer': 'customer' is not a field of shop.Order "
        "(fields: *user*)",
    ),
    (
        "OwnerNotARelation",
        "OrderViewSet",
        [ORDER, 'owner = "reference"'],
        "{label}: Guard.owner: 'reference': 'reference' on shop.Order is not a relation",
    ),
    (
        "OwnerNotAUser",
        "ProjectViewSet",
        [PROJECT[0], 'owner = "org"', PROJECT[2]],
        "{label}: Guard.owner: 'org' leads to orgs.Organisation, not to the user model auth.User",
    ),
    (
        "MissingOwner",
        "OrderViewSet",
        [ORDER, 'policy = "private"'],
        "{label}: Guard.owner: policy 'private' needs the path from the object to its owning "
        'user, e.g. owner = "user" (or Guard.make)',
    ),
    (
        "AccessActionNotRouted",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'access = {"publish": {"other": "hide"}}'],
        f"{{label}}: Guard.access: 'publish' is not an action of this endpoint "
        f"(routed: {ORDER_ROUTED})",
    ),
    (
        "SkipActionNotRouted",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'skip = {"archive": "no archiving here"}'],
        f"{{label}}: Guard.skip: 'archive' is not an action of this endpoint "
        f"(routed: {ORDER_ROUTED})",
    ),
    (
        "SkipWithoutReason",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'skip = {"destroy": ""}'],
        "{label}: Guard.skip: 'destroy' needs a reason",
    ),
    (
        "UnknownActorInAccess",
        "ProjectViewSet",
        [*PROJECT, 'access = {"retrieve": {"org_admn": "allow"}}'],
        f"{{label}}: Guard.access: unknown actor 'org_admn': define a fixture "
        f"'guard_actor_org_admn' {ACTOR_HINT}",
    ),
    (
        "UnknownActorInActors",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'actors = ["auditor"]'],
        f"{{label}}: Guard.actors: unknown actor 'auditor': define a fixture "
        f"'guard_actor_auditor' {ACTOR_HINT}",
    ),
    (
        "OwnerActorWithoutOwner",
        "ProductListCreate",
        [
            'factory = "catalogue.factories.ProductFactory"',
            'policy = "staff_write"',
            'access = {"create": {"owner": "allow"}}',
        ],
        "{label}: Guard.access: 'create': 'owner' needs Guard.owner or make",
    ),
    (
        "BadPolicy",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'policy = "privat"'],
        "{label}: Guard.policy: 'privat' is not a policy (private, authenticated_read, "
        "public_read, staff_write, staff_only*)",
    ),
    (
        "BadRead",
        "ProductListCreate",
        [
            'factory = "catalogue.factories.ProductFactory"',
            'policy = "staff_write"',
            'read = "everyone"',
        ],
        "{label}: Guard.read: 'everyone' must be 'public' or 'authenticated'",
    ),
    (
        "MakeNotAFixture",
        "ProjectViewSet",
        [PROJECT[0], PROJECT[1], 'make = "make_project"'],
        "{label}: Guard.make: no fixture named 'make_project'",
    ),
    (
        "MissingParents",
        "CommentViewSet",
        COMMENT,
        "{label}: Guard.parents: URL /api/missingparents/posts/{{post_pk}}/comments/ needs "
        "{{post_pk}}: declare parents = {{'post_pk': '<attribute of the object>'}} "
        "(or url_kwargs = {{'post_pk': <value>}})",
    ),
    (
        "ParentsNotAUrlKwarg",
        "CommentViewSet",
        [*COMMENT, 'parents = {"post_id": "post_id"}'],
        "{label}: Guard.parents: 'post_id' is not a URL kwarg of this endpoint",
    ),
    (
        "MaxPageSizeZero",
        "OrderViewSet",
        [ORDER, 'owner = "user"', "max_page_size = 0"],
        "{label}: Guard.max_page_size: 0 must be a positive whole number",
    ),
    (
        "PlainApiView",
        "APIView",
        ['access = {"list": {"other": "allow"}}'],
        "{label}: Guard.access: 'list' is not an action of this endpoint (routed: get)",
    ),
    (
        "PlainApiViewHiding",
        "APIView",
        ['access = {"get": {"other": "hide"}}'],
        "{label}: Guard.access: 'get' for 'other': 'hide' is not an outcome of a read action "
        "(use allow, deny)",
    ),
    # A valid inner Guard, replaced by a wrong test-side declaration (see CONFTEST_DECLARATION).
    (
        "DeclaredInConftest",
        "OrderViewSet",
        [ORDER, 'owner = "user"'],
        "{label}: Guard.owner: 'creator': 'creator' is not a field of shop.Order (fields: *)",
    ),
    # Values of the wrong type, and paths that name a column or a missing attribute.
    (
        "ActorsNotAList",
        "OrderViewSet",
        [ORDER, 'owner = "user"', "actors = 5"],
        "{label}: Guard.actors: must be a list of custom actor names, or a dict",
    ),
    (
        "PolicyNotAName",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'policy = ["private"]'],
        "{label}: Guard.policy: [[]'private'[]] is not a policy (private, *",
    ),
    (
        "OwnerColumn",
        "OrderViewSet",
        [ORDER, 'owner = "user_id"'],
        "{label}: Guard.owner: 'user_id': use the relation 'user'",
    ),
    (
        "ParentsPathTypo",
        "CommentViewSet",
        [*COMMENT, 'parents = {"post_pk": "pots_id"}'],
        "{label}: Guard.parents: 'post_pk': 'pots_id': 'pots_id' is not an attribute of "
        "blog.Comment (fields: *",
    ),
    (
        "MeasureAsList",
        "OrderViewSet",
        [ORDER, 'owner = "user"', 'measure_as = ["owner"]'],
        "{label}: Guard.measure_as: [[]'owner'[]] is not an actor here (*",
    ),
]

CONFTEST_DECLARATION = """\
import pytest


@pytest.hookimpl(optionalhook=True)
def pytest_guard_declare(declare):
    declare("shop.bad_views.DeclaredInConftest", factory="shop.factories.OrderFactory",
            owner="creator")
"""


def bad_views_module() -> str:
    """shop/bad_views.py: one view per BAD row, routed under /api/<view class, lower case>/."""
    lines = [
        "from django.urls import path",
        "from rest_framework.routers import SimpleRouter",
        "from rest_framework.views import APIView",
        "",
        "from blog.views import CommentViewSet",
        "from catalogue.views import ProductListCreate",
        "from orgs.views import ProjectViewSet",
        "from shop.views import OrderViewSet",
        "",
        "router = SimpleRouter()",
        "urlpatterns = []",
    ]
    for view, base, guard, _ in BAD:
        prefix = view.lower()
        lines += ["", "", f"class {view}({base}):", "    class Guard:"]
        lines += [f"        {line}" for line in guard]
        if base == "APIView":
            lines += ["", "    def get(self, request):", "        return None"]
        lines += ["", ""]
        if base.endswith("ViewSet") and base != "CommentViewSet":
            lines.append(f"router.register('{prefix}', {view}, basename='{prefix}')")
        elif base == "CommentViewSet":
            lines.append(
                f"urlpatterns.append(path('{prefix}/posts/<int:post_pk>/comments/', "
                f"{view}.as_view({{'get': 'list', 'post': 'create'}})))"
            )
        else:
            lines.append(f"urlpatterns.append(path('{prefix}/', {view}.as_view()))")
    lines += ["", "urlpatterns += router.urls"]
    return "\n".join(lines) + "\n"


BAD_ROUTES = """
urlpatterns += [path("api/", include("shop.bad_views"))]
"""


def add_bad_views(project: Path) -> None:
    (project / "shop/bad_views.py").write_text(bad_views_module())
    with (project / "config/urls.py").open("a") as urls:
        urls.write(BAD_ROUTES)
    add_plugin(project, "bad_declarations", CONFTEST_DECLARATION)


@pytest.fixture(scope="session")
def bad_declarations(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    return session_run(tmp_path_factory, "bad-declarations", prepare=add_bad_views)


def only_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("view", "expected"),
    [pytest.param(view, expected, id=view) for view, _, _, expected in BAD],
)
def test_bad_declaration_is_its_endpoints_error_in_one_line(
    bad_declarations: SessionRun, view: str, expected: str
) -> None:
    label = f"shop.{view}"

    outcome = bad_declarations.outcome(f"guard::{label}::declaration")

    assert outcome.outcome == "error"
    pytest.LineMatcher(only_lines(outcome.text)[1:]).fnmatch_lines(
        [expected.format(label=label)], consecutive=True
    )
    assert len(only_lines(outcome.text)) == 2, outcome.text  # JUnit's message + the one line
    bad_declarations.result.stdout.fnmatch_lines(
        [f"ERROR guard::{label}::declaration - {expected.format(label=label)}"[:60] + "*"]
    )


def test_bad_declarations_break_only_their_own_endpoints(
    bad_declarations: SessionRun, generated: list[str], hand_written: list[str]
) -> None:
    """Every other endpoint is collected and run in full: one typo hides nothing else."""
    result = bad_declarations.result

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    # library.ArticleViewSet declares its list unpaginated: one declared skip.
    result.assert_outcomes(
        passed=len(generated) + len(hand_written) - 1, skipped=1, errors=len(BAD)
    )
    result.stdout.fnmatch_lines(
        [
            f"collected {len(generated) + len(hand_written) + len(BAD)} items",
            f"  not guarded, its declaration is wrong: shop.{BAD[0][0]}",
        ]
    )
    result.stdout.no_fnmatch_line("*Interrupted*")


def test_bad_declarations_show_no_traceback(bad_declarations: SessionRun) -> None:
    output = "\n".join(bad_declarations.result.outlines + bad_declarations.result.errlines)

    assert "Traceback" not in output
    assert "pytest_django_guard" not in output
    assert "DeclarationError" not in output


# -- the same mistakes in the example app's own views ----------------------------------------


def assert_one_line_declaration_error(result: pytest.RunResult, nodeid: str, line: str) -> None:
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.parseoutcomes()["errors"] == 1
    assert result.parseoutcomes()["passed"] > 0  # the endpoint selected beside it still ran
    lines = result.outlines
    start = next(
        i
        for i, text in enumerate(lines)
        if re.fullmatch(r"_+ ERROR at setup of declaration _+", text)
    )
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"[-=_]{5,}( |$)", lines[i]))
    pytest.LineMatcher(lines[start + 1 : end]).fnmatch_lines([line], consecutive=True)
    assert end - start == 2, lines[start:end]
    result.stdout.fnmatch_lines([f"ERROR {nodeid}::declaration*"])
    output = "\n".join(result.outlines + result.errlines)
    assert "Traceback" not in output
    assert "pytest_django_guard" not in output


def test_typo_in_a_guard_field(guard_project) -> None:
    guard_project.replace(
        "shop/views.py", '        policy = "private"', '        polcy = "private"'
    )

    result = guard_project.run("-k", "OrderViewSet or ProductDetail")

    assert_one_line_declaration_error(
        result,
        "guard::shop.OrderViewSet",
        "shop.OrderViewSet: Guard.polcy: unknown field (did you mean 'policy'?)",
    )


def test_model_given_as_factory(guard_project) -> None:
    guard_project.replace(
        "shop/views.py", 'factory = "shop.factories.OrderFactory"', 'factory = "shop.models.Order"'
    )

    result = guard_project.run("-k", "OrderViewSet or ProductDetail")

    assert_one_line_declaration_error(
        result,
        "guard::shop.OrderViewSet",
        "shop.OrderViewSet: Guard.factory: <class 'shop.models.Order'> is not a factory_boy "
        "DjangoModelFactory",
    )


def test_typo_in_a_custom_actor(guard_project) -> None:
    guard_project.replace(
        "orgs/views.py", '"list": {"org_admin": "own"}', '"list": {"org_admn": "own"}'
    )

    result = guard_project.run("-k", "ProjectViewSet or ProductDetail")

    assert_one_line_declaration_error(
        result,
        "guard::orgs.ProjectViewSet",
        "orgs.ProjectViewSet: Guard.access: unknown actor 'org_admn': define a fixture "
        f"'guard_actor_org_admn' {ACTOR_HINT}",
    )


# -- skip ------------------------------------------------------------------------------------

SKIP = '        skip = {"destroy": "orders are never deleted"}\n'


def add_skip(project: Path) -> None:
    views = project / "shop/views.py"
    text = views.read_text()
    assert text.count('        policy = "private"\n') == 1
    views.write_text(
        text.replace('        policy = "private"\n', '        policy = "private"\n' + SKIP)
    )


@pytest.fixture(scope="session")
def skip_run(tmp_path_factory: pytest.TempPathFactory) -> pytest.RunResult:
    """OrderViewSet with ``skip = {"destroy": ...}`` in its Guard, run with -rs."""
    return session_run(
        tmp_path_factory,
        "skip",
        "-m",
        "guard_permissions",
        "-k",
        "OrderViewSet",
        "-rs",
        prepare=add_skip,
    ).result


def test_skip_skips_every_actor_of_the_action_with_its_reason(
    skip_run: pytest.RunResult,
) -> None:
    skip_run.assert_outcomes(passed=28, skipped=4)
    skip_run.stdout.fnmatch_lines(["SKIPPED [[]4[]] *: orders are never deleted"])


def test_skip_is_located_at_the_views_guard(skip_run: pytest.RunResult) -> None:
    skip_run.stdout.fnmatch_lines(["SKIPPED [[]4[]] shop/views.py:*: orders are never deleted"])


# -- pytest_guard_declare --------------------------------------------------------------------


def test_declared_in_conftest_generates_tests_for_a_view_without_guard(
    generated: list[str],
) -> None:
    """example_app/conftest.py declares thirdparty.views.TagViewSet (public_read, owner)."""
    prefix = "guard::thirdparty.TagViewSet::permissions["
    cases = {n.removeprefix(prefix)[:-1] for n in generated if n.startswith(prefix)}

    actions = ("list", "create", "retrieve", "update", "partial_update", "destroy")
    actors = ("anonymous", "owner", "other", "staff")
    assert cases == {f"{a}-{b}" for a in actions for b in actors}


def test_declaration_by_class_replaces_the_views_own_guard(guard_project) -> None:
    guard_project.add_plugin(
        "declarations",
        textwrap.dedent("""\
        import pytest


        @pytest.hookimpl(optionalhook=True)
        def pytest_guard_declare(declare):
            from shop.views import OrderViewSet

            declare(OrderViewSet, factory="shop.factories.OrderFactory", owner="user",
                    skip={"recent": "declared in conftest.py"})
    """),
    )

    result = guard_project.run("-m", "guard_permissions", "-k", "OrderViewSet", "-rs")

    result.assert_outcomes(passed=28, skipped=4)
    result.stdout.fnmatch_lines(["SKIPPED [[]4[]] *: declared in conftest.py"])


def test_declaration_of_an_unrouted_view_is_reported(guard_project, generated: list[str]) -> None:
    guard_project.add_plugin(
        "declarations",
        textwrap.dedent("""\
        import pytest


        @pytest.hookimpl(optionalhook=True)
        def pytest_guard_declare(declare):
            declare("thirdparty.views.TagViewSett", factory="thirdparty.factories.TagFactory")
    """),
    )

    result = guard_project.run("--collect-only", "-q")

    assert result.ret == pytest.ExitCode.OK
    assert sorted(n for n in collected_ids(result) if n.startswith("guard::")) == sorted(generated)
    result.stdout.fnmatch_lines(
        [
            "*- pytest-django-guard -*",
            "guarded endpoints: *",
            "  declared in pytest_guard_declare but not routed: thirdparty.views.TagViewSett",
        ]
    )


# -- users -----------------------------------------------------------------------------------

USER_FACTORY_FIXTURE = """

import itertools

_made = itertools.count()


@pytest.fixture
def guard_user_factory(pytestconfig):
    from django.contrib.auth import get_user_model

    def make_user(name, *, is_staff=False):
        with (pytestconfig.rootpath / "users.log").open("a") as log:
            log.write(f"{name} {is_staff}\\n")
        return get_user_model().objects.create(
            username=f"custom-{name}-{next(_made)}", is_staff=is_staff
        )

    return make_user
"""

USER_FACTORY_MODULE = """\
import itertools
from pathlib import Path

from django.contrib.auth import get_user_model

_made = itertools.count()


def make_user(*, is_staff=False):
    with (Path(__file__).parent / "users.log").open("a") as log:
        log.write(f"ini {is_staff}\\n")
    return get_user_model().objects.create(username=f"ini-{next(_made)}", is_staff=is_staff)
"""


def test_overridden_user_factory_fixture_makes_every_actor_once(guard_project) -> None:
    guard_project.append("conftest.py", USER_FACTORY_FIXTURE)

    result = guard_project.run("-m", "guard_permissions", "-k", "OrderViewSet")

    result.assert_outcomes(passed=32)
    # One user per built-in actor, built once for all of the endpoint's tests.
    assert guard_project.read("users.log").splitlines() == [
        "owner False",
        "other False",
        "staff True",
    ]


def test_user_factory_ini_option(guard_project) -> None:
    guard_project.write("userlog.py", USER_FACTORY_MODULE)

    result = guard_project.run(
        "-m",
        "guard_permissions",
        "-k",
        "OrderViewSet",
        "-o",
        "guard_user_factory=userlog.make_user",
    )

    result.assert_outcomes(passed=32)
    assert guard_project.read("users.log").splitlines() == [
        "ini False",
        "ini False",
        "ini True",
    ]
