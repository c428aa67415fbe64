"""Guard declarations parsed against the example app's real views, factories and models.

Each bad declaration has exactly one problem, so the message asserted is the one a user sees.
"""

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import pytest
from orgs.factories import make_project
from shop.factories import OrderFactory
from shop.models import Order
from shop.views import OrderViewSet
from thirdparty.views import TagViewSet

from pytest_django_guard.declare.declaration import FIELDS, Declaration, parse
from pytest_django_guard.declare.discovery import Endpoint, discover
from pytest_django_guard.declare.fields import FieldCheck, guard_class_fields
from pytest_django_guard.declare.outcomes import measuring_actor, outcome_for
from pytest_django_guard.declare.policy import Kind
from pytest_django_guard.families.exposure import ExposureChecks
from pytest_django_guard.families.pagination import parse_unpaginated
from pytest_django_guard.families.query_lock import parse_ceilings
from pytest_django_guard.families.throttle import parse_throttled
from pytest_django_guard.findings import DeclarationError

ORDERS = "shop.OrderViewSet"
ORDER = {"factory": "shop.factories.OrderFactory", "owner": "user"}
SUPPLIER = {"factory": "catalogue.factories.SupplierFactory", "policy": "staff_only"}
COMMENT = {
    "factory": "blog.factories.CommentFactory",
    "owner": "author",
    "parents": {"post_pk": "post_id"},
}
ORDER_ACTIONS = "list, create, retrieve, update, partial_update, destroy, cancel, recent"
FIXTURES = {"guard_actor_org_admin", "make_order"}
FAMILY_FIELDS = {"queries": parse_ceilings}


@pytest.fixture(scope="module")
def endpoints() -> dict[str, Endpoint]:
    return {endpoint.label: endpoint for endpoint in discover("config.urls")}


@pytest.fixture
def declare(endpoints: dict[str, Endpoint]) -> Callable[..., Declaration]:
    def declare(label: str, raw: dict[str, Any], **options: Any) -> Declaration:
        options.setdefault("default_policy", "private")
        options.setdefault("fixture_exists", FIXTURES.__contains__)
        return parse(endpoints[label], raw, **options)

    return declare


@pytest.fixture
def error(declare: Callable[..., Declaration]) -> Callable[..., str]:
    """The one-line message a bad declaration fails with."""

    def error(label: str, raw: dict[str, Any], **options: Any) -> str:
        with pytest.raises(DeclarationError) as raised:
            declare(label, raw, **options)
        return str(raised.value)

    return error


# -- what parses -------------------------------------------------------------------------------


def test_the_order_viewsets_own_guard_parses_into_a_declaration(endpoints, declare):

    raw = guard_class_fields(OrderViewSet)
    assert raw == {
        "factory": "shop.factories.OrderFactory",
        "owner": "user",
        "policy": "private",
        "max_page_size": 100,
    }

    declaration = declare(ORDERS, raw, family_fields=FAMILY_FIELDS)

    assert declaration.factory is OrderFactory
    assert declaration.model is Order
    assert (declaration.policy, declaration.owner, declaration.read) == (
        "private",
        "user",
        "public",
    )
    assert declaration.max_page_size == 100
    assert declaration.access == {}
    assert declaration.actors == ()
    assert declaration.family_fields == {"queries": {}}
    assert declaration.all_actors == ("anonymous", "owner", "other", "staff")
    assert measuring_actor(declaration, endpoints[ORDERS].routes_for("list")[0]) == "owner"


def test_every_guard_declared_in_the_example_app_parses(endpoints, declare):
    declared = {
        label: guard_class_fields(endpoint.view)
        for label, endpoint in endpoints.items()
        if guard_class_fields(endpoint.view) is not None
    }
    assert {"shop.OrderViewSet", "orgs.ProjectViewSet", "catalogue.SupplierViewSet"} <= set(
        declared
    )

    every_family = {
        **FAMILY_FIELDS,
        "unpaginated": parse_unpaginated,
        "throttled": parse_throttled,
        **ExposureChecks.fields,
    }
    policies = {
        label: declare(label, raw, family_fields=every_family).policy
        for label, raw in declared.items()
    }

    assert policies[ORDERS] == "private"
    assert policies["catalogue.SupplierViewSet"] == "staff_only"


def test_a_view_without_an_inner_guard_declares_nothing():

    assert guard_class_fields(TagViewSet) is None


def test_guard_class_fields_leave_out_private_names():
    class View:
        class Guard:
            factory = "x.Factory"
            _helper = "not a field"

    assert guard_class_fields(View) == {"factory": "x.Factory"}


def test_a_guard_inherits_the_fields_of_its_bases_and_may_override_them():
    class SharedGuard:
        factory = "x.Factory"
        owner = "user"
        _helper = "not a field"

    class View:
        class Guard(SharedGuard):
            owner = "author"
            max_page_size = 10

    assert guard_class_fields(View) == {
        "factory": "x.Factory",
        "owner": "author",
        "max_page_size": 10,
    }


def test_an_endpoint_without_owner_is_measured_as_staff_and_has_no_owner_actor(declare, endpoints):
    declaration = declare("catalogue.SupplierViewSet", SUPPLIER)
    route = endpoints["catalogue.SupplierViewSet"].routes_for("list")[0]

    assert declaration.has_owner is False
    assert measuring_actor(declaration, route) == "staff"
    assert declaration.all_actors == ("anonymous", "other", "staff")


def test_the_default_policy_applies_when_none_is_named(declare):
    raw = {"factory": "catalogue.factories.SupplierFactory"}

    assert declare("catalogue.SupplierViewSet", raw, default_policy="staff_only").policy == (
        "staff_only"
    )


def test_a_named_policy_wins_over_the_default(declare):
    assert declare(ORDERS, {**ORDER, "policy": "public_read"}).policy == "public_read"


def test_a_custom_actor_named_in_access_is_collected_with_its_fixture(declare):

    raw = {
        "factory": "orgs.factories.ProjectFactory",
        "owner": "org__memberships__user",
        "make": "orgs.factories.make_project",
        "access": {"archive": {"owner": "deny", "org_admin": "allow"}},
    }

    declaration = declare("orgs.ProjectViewSet", raw)

    assert declaration.make is make_project
    assert declaration.actors == ("org_admin",)
    assert declaration.all_actors == ("anonymous", "owner", "other", "staff", "org_admin")
    assert declaration.access == {"archive": {"owner": "deny", "org_admin": "allow"}}


@pytest.mark.parametrize("make", ["make_order", lambda user: None])
def test_make_alone_satisfies_an_owner_policy(declare, make):
    declaration = declare(ORDERS, {"factory": "shop.factories.OrderFactory", "make": make})

    assert declaration.make is make
    assert declaration.owner is None
    assert declaration.has_owner is True


def test_staff_write_may_restrict_reads_to_signed_in_users(declare):
    raw = {"factory": "catalogue.factories.SupplierFactory", "policy": "staff_write"}

    assert declare("catalogue.SupplierViewSet", {**raw, "read": "authenticated"}).read == (
        "authenticated"
    )


def test_a_nested_route_parses_with_its_parents(declare):
    assert declare("blog.CommentViewSet", COMMENT).parents == {"post_pk": "post_id"}


# -- unknown fields and family fields ------------------------------------------------------------


def test_an_unknown_field_suggests_the_closest_known_one(error):
    assert error(ORDERS, {**ORDER, "ownr": "user"}) == (
        "shop.OrderViewSet: Guard.ownr: unknown field (did you mean 'owner'?)"
    )


def test_an_unknown_field_without_a_close_match_lists_the_known_fields(error):
    assert error(ORDERS, {**ORDER, "zzzzz": 1}) == (
        f"shop.OrderViewSet: Guard.zzzzz: unknown field (known: {', '.join(FIELDS)})"
    )
    assert {"factory", "owner", "make", "policy", "access", "max_page_size"} <= set(FIELDS)


def test_unknown_fields_are_reported_before_anything_else(error):
    assert error(ORDERS, {"polcy": "private"}) == (
        "shop.OrderViewSet: Guard.polcy: unknown field (did you mean 'policy'?)"
    )


def test_family_fields_are_listed_after_the_core_ones(error):
    def budget(value: Any, check: FieldCheck) -> Any:
        return value

    message = error(ORDERS, {**ORDER, "zzzzz": 1}, family_fields={**FAMILY_FIELDS, "x": budget})

    assert message.endswith(f"(known: {', '.join(FIELDS)}, queries, x)")


def test_a_family_field_is_unknown_when_its_family_is_not_loaded(error):
    assert error(ORDERS, {**ORDER, "queries": {"list": 3}}).startswith(
        "shop.OrderViewSet: Guard.queries: unknown field (known: "
    )


def test_a_misspelt_family_field_suggests_it(error):
    assert error(ORDERS, {**ORDER, "queris": {}}, family_fields=FAMILY_FIELDS) == (
        "shop.OrderViewSet: Guard.queris: unknown field (did you mean 'queries'?)"
    )


def test_a_family_field_is_parsed_by_its_familys_parser(declare):
    raw = {**ORDER, "queries": {"list": 3, "retrieve": 0}}

    declaration = declare(ORDERS, raw, family_fields=FAMILY_FIELDS)

    assert declaration.family_fields == {"queries": {"list": 3, "retrieve": 0}}


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ({"lst": 3}, f"'lst' is not an action of this endpoint (routed: {ORDER_ACTIONS})"),
        ({"list": -1}, "'list': -1 must be a whole number"),
        ({"list": True}, "'list': True must be a whole number"),
        ({"list": "3"}, "'list': '3' must be a whole number"),
        ([3], "must be a dict: {action: maximum query count}"),
    ],
)
def test_a_bad_family_field_fails_with_its_parsers_message(error, queries, message):
    raw = {**ORDER, "queries": queries}

    assert error(ORDERS, raw, family_fields=FAMILY_FIELDS) == (
        f"shop.OrderViewSet: Guard.queries: {message}"
    )


def test_each_family_parser_gets_the_declared_value_and_checks_bound_to_its_field(
    endpoints, declare
):
    seen = []

    def budget(value: Any, check: FieldCheck) -> Any:
        seen.append((value, check.field_name, check.endpoint))
        return {"parsed": value}

    declaration = declare(ORDERS, {**ORDER, "budget": 7}, family_fields={"budget": budget})

    assert seen == [(7, "budget", endpoints[ORDERS])]
    assert declaration.family_fields == {"budget": {"parsed": 7}}


def test_a_family_parser_sees_none_when_its_field_is_not_declared(declare):
    seen = []

    def budget(value: Any, check: FieldCheck) -> Any:
        seen.append(value)
        return "default"

    declaration = declare(ORDERS, ORDER, family_fields={"budget": budget})

    assert seen == [None]
    assert declaration.family_fields == {"budget": "default"}


def test_a_family_parser_error_names_the_view_and_its_field(error):
    def budget(value: Any, check: FieldCheck) -> Any:
        raise check.error(f"{value!r} is too much")

    assert error(ORDERS, {**ORDER, "budget": 99}, family_fields={"budget": budget}) == (
        "shop.OrderViewSet: Guard.budget: 99 is too much"
    )


# -- the view, the factory, the policy -----------------------------------------------------------


def test_a_plain_api_view_declared_without_a_factory_has_no_objects(declare):
    declaration = declare("library.ReadingStatsView", {"policy": "private"})

    assert (declaration.factory, declaration.model, declaration.owner) == (None, None, None)
    assert declaration.policy == "private"
    assert declaration.has_owner is False


def test_a_plain_view_whose_url_names_an_object_needs_its_factory(error):
    assert error("library.AttachmentDownloadView", {"policy": "private"}) == (
        "library.AttachmentDownloadView: Guard.factory: the URL "
        "/api/attachments/{pk}/download/ names an object by {pk}: declare the factory "
        "(and owner) of the objects it names"
    )


def test_a_plain_view_naming_an_object_takes_detail_outcomes(declare):
    raw = {
        "factory": "library.factories.AttachmentFactory",
        "owner": "owner",
        "access": {"get": {"other": "hide"}},
    }

    assert declare("library.AttachmentDownloadView", raw).access == {"get": {"other": "hide"}}


def test_a_plain_views_methods_take_read_and_write_outcomes(error):
    raw = {"policy": "private", "access": {"get": {"other": "hide"}}}

    assert error("library.ReadingStatsView", raw) == (
        "library.ReadingStatsView: Guard.access: 'get' for 'other': 'hide' is not an outcome "
        "of a read action (use allow, deny)"
    )


@pytest.mark.parametrize(
    ("label", "raw", "message"),
    [
        (
            ORDERS,
            {"owner": "user"},
            "Guard.factory: missing: name the factory_boy factory for the objects",
        ),
        (
            ORDERS,
            {**ORDER, "factory": "shop.factories.Nope"},
            "Guard.factory: cannot import 'shop.factories.Nope' "
            '(Module "shop.factories" does not define a "Nope" attribute/class)',
        ),
        (
            ORDERS,
            {**ORDER, "factory": "shop.models.Order"},
            "Guard.factory: <class 'shop.models.Order'> is not a factory_boy DjangoModelFactory",
        ),
        (
            ORDERS,
            {**ORDER, "factory": 42},
            "Guard.factory: 42 is not a factory_boy DjangoModelFactory",
        ),
        (
            "catalogue.SupplierViewSet",
            {**SUPPLIER, "factory": "catalogue.factories.ProductFactory"},
            "Guard.factory: builds catalogue.Product but the view serves catalogue.Supplier",
        ),
    ],
    ids=["missing", "not-importable", "a-model", "a-number", "another-model"],
)
def test_a_bad_factory_is_named(error, label, raw, message):
    assert error(label, raw) == f"{label}: {message}"


def test_an_unknown_policy_lists_the_presets(error):
    assert error(ORDERS, {**ORDER, "policy": "privat"}) == (
        "shop.OrderViewSet: Guard.policy: 'privat' is not a policy "
        "(private, authenticated_read, public_read, staff_write, staff_only, model_permissions, "
        "object_permissions)"
    )


@pytest.mark.parametrize("policy", ["private", "authenticated_read", "public_read"])
def test_an_owner_policy_without_owner_or_make_asks_for_the_owner_path(error, policy):
    raw = {"factory": "shop.factories.OrderFactory", "policy": policy}

    assert error(ORDERS, raw) == (
        f"shop.OrderViewSet: Guard.owner: policy {policy!r} needs the path from the object to "
        'its owning user, e.g. owner = "user" (or Guard.make)'
    )


def test_the_default_policy_needs_an_owner_too(error):
    assert error(ORDERS, {"factory": "shop.factories.OrderFactory"}).startswith(
        "shop.OrderViewSet: Guard.owner: policy 'private' needs the path"
    )


@pytest.mark.parametrize("read", ["everyone", "", None])
def test_read_must_be_public_or_authenticated(error, read):
    raw = {**SUPPLIER, "policy": "staff_write", "read": read}

    assert error("catalogue.SupplierViewSet", raw) == (
        f"catalogue.SupplierViewSet: Guard.read: {read!r} must be 'public' or 'authenticated'"
    )


# -- owner and make ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "raw", "message"),
    [
        (
            ORDERS,
            {**ORDER, "owner": "usr"},
            "'usr': 'usr' is not a field of shop.Order "
            "(fields: created_at, id, quantity, reference, status, user)",
        ),
        (
            ORDERS,
            {**ORDER, "owner": "user__username"},
            "'user__username': 'username' on auth.User is not a relation",
        ),
        (
            ORDERS,
            {**ORDER, "owner": "user__groups__nope"},
            "'user__groups__nope': 'nope' is not a field of auth.Group "
            "(fields: groupobjectpermission, id, name, permissions, user)",
        ),
        (
            "orgs.ProjectViewSet",
            {"factory": "orgs.factories.ProjectFactory", "owner": "org"},
            "'org' leads to orgs.Organisation, not to the user model auth.User",
        ),
        (ORDERS, {**ORDER, "owner": ""}, "'' must be an ORM path such as 'user'"),
        (ORDERS, {**ORDER, "owner": 3}, "3 must be an ORM path such as 'user'"),
    ],
    ids=["not-a-field", "not-a-relation", "deep-not-a-field", "not-the-user", "empty", "number"],
)
def test_a_bad_owner_path_says_where_it_breaks(error, label, raw, message):
    assert error(label, raw) == f"{label}: Guard.owner: {message}"


def test_an_owner_path_may_cross_several_relations(declare):
    raw = {"factory": "orgs.factories.ProjectFactory", "owner": "org__memberships__user"}

    assert declare("orgs.ProjectViewSet", raw).owner == "org__memberships__user"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("make_nothing", "no fixture named 'make_nothing'"),
        (5, "5 must be a callable, a dotted path or a fixture name"),
        (
            "shop.factories.make_nothing",
            "cannot import 'shop.factories.make_nothing' "
            '(Module "shop.factories" does not define a "make_nothing" attribute/class)',
        ),
    ],
)
def test_a_bad_make_is_named(error, make, message):
    assert error(ORDERS, {**ORDER, "make": make}) == f"shop.OrderViewSet: Guard.make: {message}"


# -- actors and access ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"actors": "org_admin"}, "Guard.actors: must be a list of custom actor names, or a dict"),
        (
            {"actors": ["org_admin", 3]},
            "Guard.actors: must be a list of custom actor names, or a dict",
        ),
        (
            {"actors": ["auditor"]},
            "Guard.actors: unknown actor 'auditor': define a fixture 'guard_actor_auditor' "
            "returning a callable (obj) -> user",
        ),
        (
            {"access": {"list": {"auditor": "deny"}}},
            "Guard.access: unknown actor 'auditor': define a fixture 'guard_actor_auditor' "
            "returning a callable (obj) -> user",
        ),
    ],
    ids=["a-string", "not-all-strings", "declared-without-fixture", "named-without-fixture"],
)
def test_custom_actors_need_names_and_fixtures(error, raw, message):
    assert error(ORDERS, {**ORDER, **raw}) == f"shop.OrderViewSet: {message}"


@pytest.mark.parametrize(
    ("action", "outcome", "kind", "allowed"),
    [
        ("list", "allow", "collection read", "own, all, permitted, deny"),
        ("recent", "hide", "collection read", "own, all, permitted, deny"),
        ("create", "hide", "create", "allow, deny"),
        ("create", "own", "create", "allow, deny"),
        ("retrieve", "own", "detail read", "allow, deny, hide"),
        ("destroy", "all", "detail write", "allow, deny, hide"),
        ("cancel", "all", "detail write", "allow, deny, hide"),
    ],
)
def test_an_access_outcome_must_suit_the_kind_of_action(error, action, outcome, kind, allowed):
    raw = {**ORDER, "access": {action: {"other": outcome}}}

    assert error(ORDERS, raw) == (
        f"shop.OrderViewSet: Guard.access: {action!r} for 'other': {outcome!r} is not an "
        f"outcome of a {kind} action (use {allowed})"
    )


@pytest.mark.parametrize(
    ("label", "raw", "message"),
    [
        (
            ORDERS,
            {**ORDER, "access": {"refund": {"other": "deny"}}},
            f"'refund' is not an action of this endpoint (routed: {ORDER_ACTIONS})",
        ),
        (ORDERS, {**ORDER, "access": {"list": "deny"}}, "'list' must map actors to outcomes"),
        (
            "catalogue.SupplierViewSet",
            {**SUPPLIER, "access": {"list": {"owner": "deny"}}},
            "'list': 'owner' needs Guard.owner or make",
        ),
        (
            "catalogue.SupplierViewSet",
            {**SUPPLIER, "access": {"list": {"other": "own"}}},
            "'list': 'own' needs Guard.owner",
        ),
    ],
    ids=["unrouted-action", "not-a-mapping", "owner-without-owner", "own-without-owner"],
)
def test_bad_access_overrides_are_named(error, label, raw, message):
    assert error(label, raw) == f"{label}: Guard.access: {message}"


def test_access_that_is_not_a_dict_is_a_declaration_error(error):
    assert error(ORDERS, {**ORDER, "access": ["list"]}) == (
        "shop.OrderViewSet: Guard.access: must be a dict: {action: {actor: outcome}}"
    )


def test_access_overrides_are_kept_as_declared(declare):
    access = {"list": {"other": "deny"}, "retrieve": {"staff": "allow", "anonymous": "deny"}}

    assert declare(ORDERS, {**ORDER, "access": access}).access == access


# -- the other core fields -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1, True, "10", 1.5])
def test_max_page_size_must_be_a_positive_whole_number(error, value):
    assert error(ORDERS, {**ORDER, "max_page_size": value}) == (
        f"shop.OrderViewSet: Guard.max_page_size: {value!r} must be a positive whole number"
    )


def test_max_page_size_of_one_is_accepted(declare):
    assert declare(ORDERS, {**ORDER, "max_page_size": 1}).max_page_size == 1


@pytest.mark.parametrize(
    ("parents", "message"),
    [
        ({"post": "post_id"}, "'post' is not a URL kwarg of this endpoint"),
        ({"post_pk": 1}, "'post_pk': 1 must be an attribute path"),
        (["post_pk"], "must be a dict: {url_kwarg: attribute_path}"),
    ],
)
def test_bad_parents_are_named(error, parents, message):
    raw = {**COMMENT, "parents": parents}

    assert error("blog.CommentViewSet", raw) == f"blog.CommentViewSet: Guard.parents: {message}"


def test_a_nested_route_without_parents_asks_for_them(error):
    raw = {"factory": "blog.factories.CommentFactory", "owner": "author"}

    assert error("blog.CommentViewSet", raw).startswith(
        "blog.CommentViewSet: Guard.parents: URL /api/posts/{post_pk}/comments/ needs "
        "{post_pk}: declare parents = {'post_pk': '<attribute of the object>'}"
    )


@pytest.mark.parametrize(
    ("skip", "message"),
    [
        ({"list": ""}, "'list' needs a reason"),
        ({"list": "   "}, "'list' needs a reason"),
        ({"list": None}, "'list' needs a reason"),
        (
            {"refund": "why"},
            f"'refund' is not an action of this endpoint (routed: {ORDER_ACTIONS})",
        ),
        (["list"], "must be a dict: {action: reason}"),
    ],
)
def test_a_skip_needs_a_routed_action_and_a_reason(error, skip, message):
    assert error(ORDERS, {**ORDER, "skip": skip}) == f"shop.OrderViewSet: Guard.skip: {message}"


def test_a_skip_with_a_reason_is_kept(declare):
    assert declare(ORDERS, {**ORDER, "skip": {"cancel": "sends mail"}}).skip == {
        "cancel": "sends mail"
    }


@pytest.mark.parametrize("payload", [5, "quantity=1", ["quantity"]])
def test_a_payload_must_be_a_dict_or_a_callable(error, payload):
    assert error(ORDERS, {**ORDER, "payload": payload}) == (
        "shop.OrderViewSet: Guard.payload: must be a dict of field values or a callable"
    )


def test_kinds_override_the_classification_and_its_outcome_words(declare, error):
    raw = {**ORDER, "kinds": {"recent": "read"}, "access": {"recent": {"other": "deny"}}}

    assert declare(ORDERS, raw).kinds == {"recent": Kind.READ}
    assert error(ORDERS, {**ORDER, "kinds": {"recent": "listing"}}) == (
        "shop.OrderViewSet: Guard.kinds: 'recent': 'listing' is not a kind ('collection read', "
        "'create', 'detail read', 'detail write', 'read', 'write')"
    )
    assert error(
        ORDERS, {**ORDER, "kinds": {"recent": "read"}, "access": {"recent": {"other": "own"}}}
    ) == (
        "shop.OrderViewSet: Guard.access: 'recent' for 'other': 'own' is not an outcome of a "
        "read action (use allow, deny)"
    )


def test_the_measuring_actor_is_the_first_one_the_action_answers(declare, endpoints):
    """orgs' owner may not archive (access says deny); the org_admin custom actor may."""
    raw = guard_class_fields(endpoints["orgs.ProjectViewSet"].view)
    declaration = declare("orgs.ProjectViewSet", raw)
    route = endpoints["orgs.ProjectViewSet"].routes_for

    assert measuring_actor(declaration, route("retrieve")[0]) == "owner"
    assert measuring_actor(declaration, route("archive")[0]) == "org_admin"


def test_the_measuring_actor_is_declarable_per_action(declare, endpoints, error):
    declaration = declare(ORDERS, {**ORDER, "measure_as": {"list": "staff"}})
    route = endpoints[ORDERS].routes_for

    assert measuring_actor(declaration, route("list")[0]) == "staff"
    assert measuring_actor(declaration, route("retrieve")[0]) == "owner"
    assert error(ORDERS, {**ORDER, "measure_as": "anonymous"}) == (
        "shop.OrderViewSet: Guard.measure_as: 'anonymous' is not an actor here "
        "(other, owner, staff)"
    )


def test_no_measuring_actor_when_the_policy_answers_nobody(declare, endpoints):
    raw = {**ORDER, "access": {"cancel": {"owner": "deny"}}}

    assert measuring_actor(declare(ORDERS, raw), endpoints[ORDERS].routes_for("cancel")[0]) is None


def test_permission_actors_are_declared_in_one_line_each(declare, endpoints, error):
    endpoint = endpoints["blog.PageAdminViewSet"]
    declaration = declare("blog.PageAdminViewSet", guard_class_fields(endpoint.view))
    route = {r.action: r for r in endpoint.routes}

    assert declaration.actors == ("editor", "moderator", "admin")
    assert declaration.grants["moderator"].holds("blog.delete_page")
    assert outcome_for(declaration, route["update"], "editor")[0] == "allow"
    assert outcome_for(declaration, route["destroy"], "editor") == (
        "deny",
        'policy "model_permissions": signed-in users read; writing needs the model\'s add, '
        "change or delete permission; editor does not hold blog.delete_page",
    )
    assert outcome_for(declaration, route["destroy"], "admin")[0] == "allow"
    assert outcome_for(declaration, route["list"], "other")[0] == "all"
    assert measuring_actor(declaration, route["destroy"]) == "moderator"
    assert error("blog.PageAdminViewSet", {**PAGE_ADMIN, "actors": {"x": {"perms": []}}}) == (
        "blog.PageAdminViewSet: Guard.actors: 'x': must be a dict of permissions, groups, "
        "superuser, staff, object_permissions (or None for a fixture)"
    )
    assert error(
        "blog.PageAdminViewSet", {**PAGE_ADMIN, "actors": {"x": {"permissions": ["edit"]}}}
    ) == (
        "blog.PageAdminViewSet: Guard.actors: 'x': permissions are 'app_label.codename' "
        "strings, e.g. 'blog.change_page'"
    )


PAGE_ADMIN = {"factory": "blog.factories.PageFactory", "policy": "model_permissions"}


def test_a_soft_delete_must_name_fields_of_the_model(error):
    assert error(ORDERS, {**ORDER, "soft_delete": "deleted_at"}).startswith(
        "shop.OrderViewSet: Guard.soft_delete: 'deleted_at' is not a field of the served model ("
    )
    assert error(ORDERS, {**ORDER, "soft_delete": 3}) == (
        "shop.OrderViewSet: Guard.soft_delete: 3 must be a field name, {field: value} or a callable"
    )


# -- values of the wrong type: one line each, never a TypeError from inside the parser --------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"actors": 5}, "Guard.actors: must be a list of custom actor names, or a dict"),
        ({"policy": ["private"]}, "Guard.policy: ['private'] is not a policy (private, *"),
        ({"measure_as": ["owner"]}, "Guard.measure_as: ['owner'] is not an actor here *"),
        ({"refusal": ["deny"]}, "Guard.refusal: ['deny'] (Guard.refusal) must be *"),
        ({"transfer": 5}, "Guard.transfer: 5 must be a serializer field name (or a list)"),
        ({"transfer": []}, "Guard.transfer: [] must be a serializer field name (or a list)"),
        ({"params": ["only"]}, "Guard.params: must be a dict: {action: {param: value}}"),
        ({"params": {"list": "only=id"}}, "Guard.params: 'list': 'only=id' must be a dict *"),
        ({"params": {"publish": {}}}, "Guard.params: 'publish' is not an action *"),
        ({"owner": "user_id"}, "Guard.owner: 'user_id': use the relation 'user'"),
    ],
)
def test_a_value_of_the_wrong_type_fails_in_one_line(error, raw, message):
    pattern = ".*".join(re.escape(part) for part in f"{ORDERS}: {message}".split("*"))

    assert re.fullmatch(pattern, error(ORDERS, {**ORDER, **raw}))


def test_actors_none_declares_no_custom_actor(declare):
    assert declare(ORDERS, {**ORDER, "actors": None}).actors == ()


def test_a_transfer_needs_an_owner(error):
    raw = {**SUPPLIER, "transfer": "owner"}

    assert error("catalogue.SupplierViewSet", raw) == (
        "catalogue.SupplierViewSet: Guard.transfer: needs Guard.owner: a transfer moves the "
        "object's owner"
    )


def test_a_parents_path_that_the_model_does_not_have_names_its_fields(error):
    raw = {**COMMENT, "parents": {"post_pk": "pots_id"}}

    assert error("blog.CommentViewSet", raw).startswith(
        "blog.CommentViewSet: Guard.parents: 'post_pk': 'pots_id': 'pots_id' is not an "
        "attribute of blog.Comment (fields: "
    )


def test_a_parents_path_may_cross_relations_and_end_in_any_attribute(declare):
    raw = {**COMMENT, "parents": {"post_pk": "post__pk"}}

    assert declare("blog.CommentViewSet", raw).parents == {"post_pk": "post__pk"}


def test_a_lookup_field_that_is_not_unique_fails_naming_the_view(endpoints, declare):
    endpoint = endpoints[ORDERS]
    view = type("ByReference", (endpoint.view,), {"lookup_field": "status"})
    with pytest.raises(DeclarationError) as raised:
        parse(
            dataclasses.replace(endpoint, view=view),
            ORDER,
            default_policy="private",
            fixture_exists=FIXTURES.__contains__,
        )

    assert str(raised.value) == (
        "shop.OrderViewSet: lookup_field = 'status' is not unique on shop.Order: two rows "
        "could answer one URL (a 500 on get_object()) — make the field unique, or look "
        "objects up by pk"
    )
