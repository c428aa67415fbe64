"""The deliberately flawed app: each flaw fails the right generated test with the right message,
and each flaw's fixed twin passes every generated test.

One run of the flawed app per session (``flawed_run``); every test here only reads it.
"""

import ast
import os
import re

import pytest

from conftest import EXAMPLE_APP, SessionRun

FLAWED_VIEWS = EXAMPLE_APP / "flawed" / "views.py"
ON_POSTGRES = os.environ.get("GUARD_DB") == "postgres"
# Flaws only PostgreSQL shows: SQLite stores a NUL byte that PostgreSQL refuses.
POSTGRES_ONLY = {"NulByteFlawed"}


def flawed_classes(suffix: str) -> list[str]:
    tree = ast.parse(FLAWED_VIEWS.read_text())
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name.endswith(suffix)
    ]


def url_prefix(view: str) -> str:
    """flawed/urls.py routes each view under its kebab-cased name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", view).lower()


def items_of(run: SessionRun, view: str) -> dict[str, str]:
    """{"family[case]": outcome} of one flawed endpoint."""
    prefix = f"guard::flawed.{view}::"
    return {
        nodeid.removeprefix(prefix): outcome.outcome
        for nodeid, outcome in run.guard_items().items()
        if nodeid.startswith(prefix)
    }


def cases(*actions: str, actors: tuple[str, ...] = ("other", "staff")) -> set[str]:
    return {f"permissions[{action}-{actor}]" for action in actions for actor in actors}


HIDE = '  expected: hide (404 identical to a missing object, nothing changed) — policy "private"*'
DENY = '  expected: deny (401, 403 or 405, nothing changed) — policy "private"*'
SCOPE_HINT = (
    "  hint:     scope get_queryset() to request.user, "
    "e.g. Note.objects.filter(owner=self.request.user)"
)
AUTH_HINT = "  hint:     require authentication, e.g. permission_classes = [IsAuthenticated]"
OWNERSHIP = [
    "  expected: mass assignment refused: ownership does not follow client-sent ids",
    "  got:      sending owner=* (other's) moved row * away from owner towards other",
    "  hint:     make 'owner' read-only in the serializer*",
]
REFUSED_BUT_WRITTEN = [
    "  expected: hide: nothing changed in flawed.Note",
    "  got:      the request was refused but the database changed",
    "  row * changed: views 0 → 1",
    "  hint:     check permissions before writing (self.get_object() runs the checks)",
]
OWN = "  expected: own (2xx listing only the actor's own rows)*"
LEAKED = "  got:      the list showed rows the actor must not see"
UNREADABLE = (
    '  could not verify: cannot find the rows of the list: the body is an object with keys "data"'
    ' — declare Guard.rows = "<key>" (a key path such as "data.items") or a callable body -> '
    'rows; if the action answers no list, Guard.kinds = {"<action>": "read"}'
)
# The per-row details of N+1 reports are tests/test_n_plus_one.py's business.
N_PLUS_ONE = [
    "  expected: the same number of queries for 1 row and for 4 rows",
    "  got:      * queries, then *: * more (N+1)",
    "  hint:     load the relation with the queryset in get_queryset()*",
]

OBJECT_FILTER_HINT = (
    "  hint:     filter by the view permission on each object, e.g. filter_backends = "
    "[ObjectPermissionsFilter] (rest_framework_guardian.filters)"
)

# (view, item, (action, actor, method, detail URL?), fragments of the report after its title)
MESSAGES = [
    (
        "ObjectInBodyFlawed",
        "permissions[reveal-other]",
        ("reveal", "other", "POST", False),
        [
            "  expected: another user's object named in id refused (400, 403 or 404), nothing "
            "changed",
            '  got:      naming owner\'s flawed.Note * answered 200 OK {"secret":*}',
            "  hint:     look the object up among the user's own, e.g. get_object_or_404("
            "self.get_queryset(), pk=request.data['id'])",
            '  body:     {"id": *}',
        ],
    ),
    (
        "LiteralTrueOnlyFlawed",
        "permissions[create-user_admin]",
        ("create", "user_admin", "POST", False),
        [
            "  expected: privilege refused: user_admin may not grant is_staff — only a superuser "
            "may (or an actor Guard.grantors names)",
            "  got:      sending is_staff='true' stored is_staff=True on auth.User *",
            "  hint:     make 'is_staff' read-only for users who may not grant it*",
            '  body:     {*"is_staff": "true"*}',
        ],
    ),
    (
        "TransferFlawed",
        "permissions[partial_update-staff]",
        ("partial_update", "staff", "PATCH", True),
        [
            "  expected: mass assignment refused: ownership does not follow client-sent ids "
            "(only the owner may, Guard.transfer = ('owner',))",
            "  got:      sending owner=* (other's) moved row * away from owner towards other",
            "  hint:     make 'owner' read-only in the serializer*",
            '  body:     {"owner": *, "title": *}',
        ],
    ),
    (
        "MethodRefusedFlawed",
        "permissions[update-owner]",
        ("update", "owner", "PUT", True),
        [
            '  expected: allow (2xx) — policy "private"*',
            "  got:      405 Method Not Allowed to owner — every actor the policy allows: the "
            "method is routed but offered to nobody",
            "  hint:     if update is not offered, take it off the route (http_method_names, or "
            "a viewset without its mixin); if it is refused on purpose, declare access = "
            '{"update": {"owner": "deny"}}',
        ],
    ),
    (
        "BodyReferenceFlawed",
        "permissions[create-other]",
        ("create", "other", "POST", False),
        [
            "  expected: a reference to another user's row refused (4xx) or not stored",
            "  got:      sending note=* (owner's flawed.Note) stored it on row *",
            "  hint:     limit the 'note' field's queryset to rows of request.user (or check "
            "it in validate_note())",
            '  body:     {"body": *, "note": *}',
        ],
    ),
    (
        "ParentIgnoredFlawed",
        "permissions[retrieve-owner]",
        ("retrieve", "owner", "GET", True),
        [
            "  expected: 404 for the owner's row under another parent's URL "
            "(/flawed/parent-ignored-flawed/*/comments/*/)",
            "  got:      200: the row was served under a parent it does not belong to",
            "  hint:     filter get_queryset() by the parent kwarg of the URL as well as by*",
        ],
    ),
    (
        "ModelPermissionsFlawed",
        "permissions[destroy-editor]",
        ("destroy", "editor", "DELETE", True),
        [
            '  expected: deny (401, 403 or 405, nothing changed) — policy "model_permissions": '
            "*; editor does not hold flawed.delete_note",
            "  got:      204 No Content",
            "  row * was deleted",
            "  hint:     require the model permission, e.g. permission_classes = "
            "[DjangoModelPermissions] (the view needs a queryset)",
        ],
    ),
    (
        "CrossParentLeakFlawed",
        "permissions[list-other]",
        ("list", "other", "GET", True),  # True: the note's id and "comments/" follow the prefix
        [
            OWN,
            "  got:      listed under the owner's parent (/flawed/cross-parent-leak-flawed/*"
            "/comments/), the list showed rows the actor must not see",
            "  leaked: id=* (owner's)",
            '  rows read from "results"',
            "  hint:     scope get_queryset() to request.user, e.g. NoteComment.objects.filter("
            "author=self.request.user) — filtering by the parent in the URL is not enough",
        ],
    ),
    (
        "NoteSummaryApiViewFlawed",
        "permissions[get-other]",
        ("get", "other", "GET", True),
        [
            HIDE,
            '  got:      200 OK {"id":*',
            "  hint:     look the object up among the user's own, e.g. get_object_or_404("
            "Note.objects.filter(owner=request.user), pk=...)",
        ],
    ),
    (
        "WrongObjectFlawed",
        "permissions[retrieve-owner]",
        ("retrieve", "owner", "GET", True),
        [
            "  expected: the object the URL names (id=*)",
            "  got:      the endpoint served id=*",
            "  hint:     look the object up with self.get_object() (it uses lookup_field*",
        ],
    ),
    (
        "MeFlawed",
        "permissions[retrieve-other]",
        ("retrieve", "other", "GET", False),
        [
            "  expected: other's own object (id=*)",
            "  got:      the endpoint served id=*, another user's object",
            "  hint:     get_object() must return the requesting user's object, e.g. *",
        ],
    ),
    (
        "MeFlawed",
        "permissions[update-staff]",
        ("update", "staff", "PUT", False),
        [
            "  expected: only staff's own object changed",
            "  got:      the request changed another user's object",
            "  row * changed: username 'guard-owner-*' → '*'",
            "  hint:     get_object() must return the requesting user's object",
            '  body:     {*"username": *}',
        ],
    ),
    (
        "NoteCountApiViewFlawed",
        "permissions[get-anonymous]",
        ("get", "anonymous", "GET", False),
        [DENY, '  got:      200 OK {"notes":*}', AUTH_HINT],
    ),
    (
        "UnscopedRetrieveFlawed",
        "permissions[retrieve-other]",
        ("retrieve", "other", "GET", True),
        [HIDE, "  got:      200 OK {*", SCOPE_HINT],
    ),
    (
        "UnscopedWriteFlawed",
        "permissions[update-other]",
        ("update", "other", "PUT", True),
        [HIDE, "  got:      200 OK {*", "  row * changed: title *", SCOPE_HINT],
    ),
    (
        "UnscopedWriteFlawed",
        "permissions[destroy-staff]",
        ("destroy", "staff", "DELETE", True),
        [HIDE, "  got:      204 No Content", "  row * was deleted", SCOPE_HINT],
    ),
    (
        "ListLeakFlawed",
        "permissions[list-other]",
        ("list", "other", "GET", False),
        [
            "  expected: own (2xx listing only the actor's own rows)*",
            "  got:      the list showed rows the actor must not see",
            "  leaked: id=* (owner's)",
            SCOPE_HINT,
        ],
    ),
    (
        "ListLeakFlawed",
        "permissions[list-staff]",
        ("list", "staff", "GET", False),
        ["  leaked: id=* (owner's), id=* (other's)"],
    ),
    (
        "AnonymousReadFlawed",
        "permissions[list-anonymous]",
        ("list", "anonymous", "GET", False),
        [DENY, "  got:      200 OK {*", AUTH_HINT],
    ),
    (
        "AnonymousReadFlawed",
        "permissions[retrieve-anonymous]",
        ("retrieve", "anonymous", "GET", True),
        [DENY, "  got:      200 OK {*", AUTH_HINT],
    ),
    (
        "AnonymousWriteFlawed",
        "permissions[create-anonymous]",
        ("create", "anonymous", "POST", False),
        [DENY, '  got:      201 Created {*"owner":null*', "  row * was created", AUTH_HINT],
    ),
    (
        "MassAssignmentFlawed",
        "permissions[create-owner]",
        ("create", "owner", "POST", False),
        OWNERSHIP,
    ),
    (
        "MassAssignmentFlawed",
        "permissions[update-owner]",
        ("update", "owner", "PUT", True),
        OWNERSHIP,
    ),
    (
        "ForbiddenNotHiddenFlawed",
        "permissions[retrieve-other]",
        ("retrieve", "other", "GET", True),
        [
            HIDE,
            "  got:      403 Forbidden {*",
            "  hint:     the 403 tells another user that the object exists: filter "
            "get_queryset() to the user's objects so they get 404",
        ],
    ),
    (
        "CustomActionFlawed",
        "permissions[publish-other]",
        ("publish", "other", "POST", True),
        [HIDE, "  got:      200 OK {*", "  row * changed: published False → True", SCOPE_HINT],
    ),
    (
        "SideEffectFlawed",
        "permissions[update-other]",
        ("update", "other", "PUT", True),
        REFUSED_BUT_WRITTEN,
    ),
    (
        "SideEffectFlawed",
        "permissions[retrieve-staff]",
        ("retrieve", "staff", "GET", True),
        REFUSED_BUT_WRITTEN,
    ),
    (
        "StaffWriteFlawed",
        "permissions[create-other]",
        ("create", "other", "POST", False),
        [
            '  expected: deny (401, 403 or 405, nothing changed) — policy "staff_write": '
            "anyone may read, only staff may write",
            "  got:      201 Created {*",
            "  row * was created",
            "  hint:     restrict writes to staff, e.g. a permission that checks "
            "request.user.is_staff",
        ],
    ),
    (
        "StaffWriteFlawed",
        "permissions[partial_update-other]",
        ("partial_update", "other", "PATCH", True),
        [
            "  got:      200 OK {*",
            "  row * changed: name *",
            "  hint:     restrict writes to staff*",
        ],
    ),
    (
        "ListForeignKeyNPlusOneFlawed",
        "n_plus_one[list]",
        ("list", "owner", "GET", False),
        N_PLUS_ONE,
    ),
    (
        "ListReverseNPlusOneFlawed",
        "n_plus_one[list]",
        ("list", "owner", "GET", False),
        N_PLUS_ONE,
    ),
    (
        "NestedDetailNPlusOneFlawed",
        "n_plus_one[list]",
        ("list", "owner", "GET", False),
        N_PLUS_ONE,
    ),
    (
        "ItemsPageLeakFlawed",
        "permissions[list-other]",
        ("list", "other", "GET", False),
        [
            OWN,
            LEAKED,
            "  leaked: id=* (owner's)",
            '  rows read from "items", where ItemsPagination puts its rows',
            SCOPE_HINT,
        ],
    ),
    (
        "ItemsPageLeakFlawed",
        "permissions[list-staff]",
        ("list", "staff", "GET", False),
        [OWN, LEAKED, "  leaked: id=* (owner's), id=* (other's)", SCOPE_HINT],
    ),
    (
        "EnvelopeLeakFlawed",
        "permissions[list-other]",
        ("list", "other", "GET", False),
        [
            OWN,
            LEAKED,
            "  leaked: id=* (owner's)",
            '  rows read from "notes", the only array in the body',
            SCOPE_HINT,
        ],
    ),
    (
        "UnreadableListFlawed",
        "permissions[list-owner]",
        ("list", "owner", "GET", False),
        [UNREADABLE],
    ),
    (
        "UnreadableListFlawed",
        "n_plus_one[list]",
        ("list", "owner", "GET", False),
        [UNREADABLE],
    ),
    (
        "PublishedOnlyFlawed",
        "permissions[list-owner]",
        ("list", "owner", "GET", False),
        [
            OWN,
            "  got:      rows the actor may see are missing",
            "  missing: *=*",
            "  hint:     check the queryset's filter",
        ],
    ),
    (
        "PublishedOnlyFlawed",
        "n_plus_one[list]",
        ("list", "owner", "GET", False),
        [
            "  could not verify: the 3 rows added for owner did not appear in the list "
            "(0 rows, then 0) — Guard.factory / owner / parents must make rows the list shows "
            "to that actor"
        ],
    ),
    (
        "QueryGrowthFlawed",
        "queries[retrieve]",
        ("retrieve", "owner", "GET", True),
        [
            "  expected: the query count locked for flawed.QueryGrowthFlawed::retrieve",
            "  got:      2 queries, 1 more than the 1 locked in flawed.lock:",
            "    +SELECT COUNT(*) AS __count FROM flawed_note WHERE flawed_note.owner_id = ?",
            "  hint:     *",
        ],
    ),
    (
        "SlugOwnerFlawed",
        "permissions[create-owner]",
        ("create", "owner", "POST", False),
        [
            *OWNERSHIP,
            '  body:     {"name": *, "owner": *, "slug": "team-*"}',
        ],
    ),
    (
        "SlugOwnerFlawed",
        "permissions[update-owner]",
        ("update", "owner", "PUT", True),  # the URL is the row's new slug, after the update
        OWNERSHIP,
    ),
    (
        "ProfileOwnerFlawed",
        "permissions[create-other]",
        ("create", "other", "POST", False),
        [
            "  expected: mass assignment refused: ownership does not follow client-sent ids",
            "  got:      sending user=* (owner's) moved row * away from other towards owner",
            "  hint:     make 'user' read-only in the serializer*",
        ],
    ),
    (
        "ProfileListNPlusOneFlawed",
        "n_plus_one[list]",
        ("list", "owner", "GET", False),
        [
            # authenticated_read: the owner sees both profiles; one per user (a one-to-one),
            # so the added rows belong to users of their own.
            "  expected: the same number of queries for 2 rows and for 5 rows",
            "  got:      4 queries, then 7: 3 more (N+1)",
            '  culprit: N+1 detected on gallery.Profile.user — fix: *select_related("user")',
            "    5 x SELECT * <- */gallery/serializers.py:* in ProfileSerializer.login",
            "  hint:     load the relation with the queryset in get_queryset()*",
        ],
    ),
    (
        "AlbumRelationsNPlusOneFlawed",
        "n_plus_one[list]",
        ("list", "owner", "GET", False),
        [
            *N_PLUS_ONE[:1],
            "  got:      5 queries, then 14: 9 more (N+1)",
            '  culprit: N+1 detected on gallery.Album.photos — fix: *("photos")',
            '  culprit: N+1 detected on gallery.Album.tags — fix: *("tags")',
            "  culprit: N+1 detected on gallery.Album.reactions — fix: "
            'queryset.prefetch_related("reactions")',
        ],
    ),
    (
        "AlbumRelationsNPlusOneFlawed",
        "n_plus_one[retrieve]",
        ("retrieve", "owner", "GET", True),
        [
            "  expected: the same number of queries for the row's photos, tags, reactions and "
            "for 9 more children",
            "  got:      4 queries, then 7: 3 more (N+1)",
            '  culprit: N+1 detected on gallery.Reaction.author — fix: *("author")',
            "    3 x SELECT * <- */gallery/serializers.py:* in ReactionSerializer.author",
        ],
    ),
    (
        "ObjectPermissionsFlawed",
        "permissions[update-auditor]",
        ("update", "auditor", "PUT", True),
        [
            '  expected: deny (401, 403 or 405, nothing changed) — policy "object_permissions": '
            "*; auditor holds vault.view_secret but not vault.change_secret on the object",
            '  got:      200 OK {"id":*',
            "  row * changed: name *",
            "  hint:     check the permission on the object too, e.g. permission_classes = "
            "[DjangoObjectPermissions] (DjangoModelPermissions checks the model only)",
        ],
    ),
    (
        "UnfilteredObjectsFlawed",
        "permissions[list-viewer]",
        ("list", "viewer", "GET", False),
        [
            "  expected: permitted (2xx listing exactly the rows the actor holds the view "
            'permission on) — policy "object_permissions": *; viewer holds vault.view_secret on '
            "the owner's object",
            LEAKED,
            "  leaked: id=* (other's)",
            OBJECT_FILTER_HINT,
        ],
    ),
    (
        "UnfilteredObjectsFlawed",
        "permissions[retrieve-other]",
        ("retrieve", "other", "GET", True),
        [
            "  expected: hide (404 identical to a missing object, nothing changed) — policy "
            '"object_permissions": *; other does not hold vault.view_secret on the object (the '
            "filter hides it)",
            '  got:      200 OK {"id":*',
            OBJECT_FILTER_HINT,
        ],
    ),
    (
        "UnfilteredObjectsFlawed",
        "permissions[update-editor]",
        ("update", "editor", "PUT", True),
        [
            "  expected: hide *; editor does not hold vault.view_secret on the object*",
            '  got:      403 Forbidden {"detail":*',
            OBJECT_FILTER_HINT,
        ],
    ),
    (
        "QueryParamTenantLeakFlawed",
        "permissions[list-other]",
        ("list", "other", "GET", False),
        [
            "  expected: ?organization narrows other's list: no row it does not list without it",
            "  got:      with ?organization=* (organization_id of owner's row) the list showed "
            "rows it does not show without it",
            "  leaked: id=* (owner's)",
            "  sent: GET /flawed/query-param-tenant-leak-flawed/?organization=*",
            "  read by Guard.filters",
            "  hint:     filter get_queryset() by request.user before applying ?organization, "
            "e.g. Contact.objects.filter(owner=self.request.user); a filter narrows the user's "
            "rows, it must not widen them",
        ],
    ),
    (
        "OrderingSecretLeakFlawed",
        "permissions[list-other]",
        ("list", "other", "GET", False),
        [
            "  expected: ?ordering=password refused (4xx) or ignored (the order without it): "
            "password is a secret",
            "  got:      the rows came back sorted by password, a secret field",
            "  order: id=*, id=*, id=* (by password); without it: id=*, id=*, id=*",
            "  sent: GET /flawed/ordering-secret-leak-flawed/?ordering=password",
            "  read by OrderingFilter",
            # fnmatch reads [...] as a set of characters: ? stands for each bracket
            '  hint:     name the orderable fields, e.g. ordering_fields = ?"name", "created_at"?: '
            '"__all__" (or a hand-read sort parameter) lets clients sort by any field*',
        ],
    ),
    (
        "UnpaginatedListFlawed",
        "pagination[list-paginated]",
        ("list", "owner", "GET", False),
        [
            "  expected: a paginated list: at most a page of rows and a link to the next*",
            "  got:      a bare array of every row, 1 now (pagination_class = None)",
            "  hint:     set pagination_class (or *); if the list stays small on purpose, "
            'declare Guard.unpaginated = "<why>"',
        ],
    ),
    (
        "UncappedPageSizeFlawed",
        "pagination[list-capped]",
        ("list", "owner", "GET", False),
        [
            "  expected: a capped page size — ?page_size=1000000 must not make one request "
            "read and serialise every row",
            "  got:      UncappedPagination honours ?page_size= and has no max_page_size",
            "  hint:     set UncappedPagination.max_page_size = 100*",
        ],
    ),
    (
        "UnorderedPageFlawed",
        "pagination[list-complete]",
        ("list", "owner", "GET", False),
        [
            "  expected: a stable order — *pages repeat some rows and never show others",
            "  got:      flawed.Note rows in no order: no order_by(), no Meta.ordering",
            "  hint:     order the queryset by a unique key last*",
        ],
    ),
    (
        "UnorderedPageFlawed",
        "pagination[latest-complete]",
        ("latest", "owner", "GET", False),
        [
            "  expected: a stable order*",
            "  got:      Django warned: Pagination may yield inconsistent results with an "
            "unordered object_list*",
        ],
    ),
    (
        "TiedOrderFlawed",
        "pagination[list-complete]",
        ("list", "owner", "GET", False),
        [
            "  expected: a stable order*",
            "  got:      ordered by -published only: rows with equal published have no fixed "
            "place between pages",
            '  hint:     add a unique key last, e.g. .order_by("-published", "id")',
        ],
    ),
    (
        "PrivilegeInActionFlawed",
        "permissions[set_active-user_admin]",
        ("set_active", "user_admin", "POST", True),
        [
            "  expected: privilege refused: user_admin may not grant is_staff — only a superuser "
            "may (or an actor Guard.grantors names)",
            "  got:      sending is_staff=True stored is_staff=True on auth.User *",
            "  hint:     make 'is_staff' read-only for users who may not grant it*",
            '  body:     {"is_active": false, "is_staff": true}',
        ],
    ),
    (
        "DuplicateBookingFlawed",
        "constraints_api[create-one_booking_per_room_start]",
        ("create", "owner", "POST", False),
        [
            "  expected: a 4xx naming room, start (or non_field_errors) for a create breaking "
            "UniqueConstraint 'one_booking_per_room_start' (room, start), and nothing stored",
            "  got:      500: IntegrityError: * the database refused what the serializer let "
            "through",
            "  hint:     validate it in the serializer (DRF adds UniqueValidator / "
            "UniqueTogetherValidator for model fields it sees; *",
        ],
    ),
    (
        "DuplicateBookingFlawed",
        "constraints_api[create-one_confirmed_booking_per_room]",
        ("create", "owner", "POST", False),
        [
            "  expected: a 4xx naming room, confirmed (or non_field_errors) for a create breaking "
            "UniqueConstraint 'one_confirmed_booking_per_room' (owner, room) when ..., and "
            "nothing stored",
            "  got:      500: IntegrityError: *",
        ],
    ),
    (
        "InvertedRangeFlawed",
        "constraints_api[create-booking_ends_after_start]",
        ("create", "owner", "POST", False),
        [
            "  expected: a 4xx naming end, start (or non_field_errors) for a create breaking "
            "CheckConstraint 'booking_ends_after_start', and nothing stored",
            "  got:      500: IntegrityError: * the database refused what the serializer let "
            "through",
            "  hint:     validate it in the serializer's validate() and raise "
            "ValidationError({field: ...})",
        ],
    ),
    (
        "InvertedRangeFlawed",
        "constraints_api[update-booking_ends_after_start]",
        ("update", "owner", "PUT", True),
        [
            "  expected: a 4xx naming end, start (or non_field_errors) for an update breaking "
            "CheckConstraint 'booking_ends_after_start', and nothing stored",
            "  got:      500: IntegrityError: *",
        ],
    ),
    (
        "UnthrottledLoginFlawed",
        "throttle[post]",
        ("post", "anonymous", "POST", False),
        [
            "  expected: a throttle on POST /flawed/unthrottled-login-flawed/: the project marks "
            "it as needing one (login, one-time codes, password reset)",
            "  got:      no throttle applies to POST /flawed/unthrottled-login-flawed/ as "
            "anonymous (its throttle_classes is empty)",
            "  hint:     add throttle_classes = ?...? to the view *",
        ],
    ),
    (
        "NeverBitingThrottleFlawed",
        "throttle[post]",
        ("post", "anonymous", "POST", False),
        [
            "  expected: 429 with Retry-After once MonitoringOnlyThrottle (scope 'login', rate "
            "'5/minute') has seen 5 requests per 60s from anonymous",
            "  got:      POST /flawed/never-biting-throttle-flawed/ answered 200 with the history "
            "empty, then 200 OK * with 5 requests in the window: MonitoringOnlyThrottle never "
            "bites",
        ],
    ),
    (
        "WholeUserFlawed",
        "exposure[list]",
        ("list", "owner", "GET", False),
        [
            "  expected: no password hash, no secret-named field and no other user's private "
            "field in the response *",
            "  got:      results[0].owner.password: a password hash (pbkdf2_sha256 format) "
            "(and 1 more)",
            "  results[1].owner.password: a password hash (pbkdf2_sha256 format)",
            "  hint:     drop 'password' from the serializer's fields: a password is "
            "write_only=True, never read back",
        ],
    ),
    (
        "TokenInCardFlawed",
        "exposure[retrieve]",
        ("retrieve", "owner", "GET", True),
        [
            "  got:      owner.api_tokens[0].token: a secret-named field ('token')",
            "  hint:     make 'token' write_only=True or drop it from Meta.fields; if its owner "
            'must see it, declare Guard.exposed_to_owner = ["token"]',
        ],
    ),
    (
        "PrivateEmailShownFlawed",
        "exposure[list]",
        ("list", "owner", "GET", False),
        [
            "  got:      results[1].contact_email: 'contact_email', a private field of another "
            "user",
            "  hint:     leave 'contact_email' out of other users' representation "
            "(to_representation), or declare who may see it: Guard.private_fields = "
            '{"contact_email": ["owner", "staff"]}',
        ],
    ),
    (
        "PrivateEmailShownFlawed",
        "exposure[retrieve]",
        ("retrieve", "other", "GET", True),
        ["  got:      contact_email: 'contact_email', a private field of another user"],
    ),
    (
        "UnvalidatedFilterFlawed",
        "input[list-query]",
        ("list", "owner", "GET", False),
        [
            "  expected: never a 5xx for a malformed query parameter — validate it, answer a 400",
            "  got:      2 of 12 malformed query values were not refused",
            "  ?min_amount='abc': 500: ValidationError: *“abc” value must be a decimal number.* "
            "at */flawed/views.py:*",
            "  hint:     validate the value before it reaches the ORM or your code: *",
        ],
    ),
    (
        "PartialValidateFlawed",
        "input[partial_update-body]",
        ("partial_update", "owner", "PATCH", True),
        ["  got:      the valid write: 500: KeyError: 'closes' at */flawed/views.py:*"],
    ),
    (
        "ActionBodyFlawed",
        "input[rename-body]",
        ("rename", "owner", "POST", True),
        [
            "  got:      5 of 7 hostile bodies were not refused",
            "  title: the wrong JSON type: 500: AttributeError: *no attribute 'strip' at "
            "*/flawed/views.py:*",
            "  title: left out though required: 500: KeyError: 'title' at */flawed/views.py:*",
            # PostgreSQL refuses the long title itself (a 500); SQLite stores it.
            "  title: 61 characters (max_length 60): 500: DataError: value too long for type "
            "character varying(60) at */flawed/views.py:*"
            if ON_POSTGRES
            else "  accepted invalid input: title: 61 characters (max_length 60): 200 OK *, "
            "though the field says 'Ensure this field has no more than 60 characters.'",
        ],
    ),
]

# Reports of flaws only PostgreSQL shows.
POSTGRES_MESSAGES = [
    (
        "NulByteFlawed",
        "input[create-body]",
        ("create", "owner", "POST", False),
        [
            "  expected: a 4xx that changes nothing, never a 5xx — hostile input is refused by "
            "validation, before any write",
            "  got:      * of * hostile bodies were not refused",
            "  title: a string with a NUL byte: 500: *NUL (0x00)*",
        ],
    ),
]

# The permission items each flaw fails: no more (the owner keeps working), no fewer.
PERMISSION_FAILURES = {
    "UnscopedRetrieveFlawed": cases("retrieve"),
    "UnscopedWriteFlawed": cases("update", "partial_update", "destroy"),
    "ListLeakFlawed": cases("list", actors=("owner", "other", "staff")),
    "AnonymousReadFlawed": cases("list", "retrieve", actors=("anonymous",)),
    "AnonymousWriteFlawed": cases("create", actors=("anonymous",)),
    "MassAssignmentFlawed": cases("create", actors=("owner", "other", "staff"))
    | cases("update", "partial_update", actors=("owner",)),
    "ForbiddenNotHiddenFlawed": cases("retrieve", "update", "partial_update", "destroy"),
    "CustomActionFlawed": cases("publish"),
    "SideEffectFlawed": cases("retrieve", "update", "partial_update", "destroy"),
    "StaffWriteFlawed": cases("create", "update", "partial_update", "destroy", actors=("other",)),
    "ItemsPageLeakFlawed": cases("list", actors=("owner", "other", "staff")),
    "EnvelopeLeakFlawed": cases("list", actors=("owner", "other", "staff")),
    # Flaws of the declaration: the list checks cannot read the rows, or read none of them.
    "UnreadableListFlawed": cases("list", actors=("owner", "other", "staff")),
    # Staff owns no note, so nothing is missing from staff's (empty) list.
    "PublishedOnlyFlawed": cases("list", actors=("owner", "other")),
    # A "me" endpoint serving the first account: wrong for everyone but that account's owner.
    "MeFlawed": cases("retrieve", "update", "partial_update"),
    "NoteCountApiViewFlawed": cases("get", actors=("anonymous",)),
    "NoteSummaryApiViewFlawed": cases("get"),
    # Other lists (and reads) under the owner's note: filtering by the URL's parent is not enough.
    "CrossParentLeakFlawed": cases("list", "retrieve"),
    # The owner's comment is served under another user's note URL.
    "ParentIgnoredFlawed": {"permissions[retrieve-owner]"},
    # Comments posted on, or moved to, another user's private note.
    "BodyReferenceFlawed": cases("create", actors=("owner", "other", "staff"))
    | cases("update", "partial_update", actors=("owner",)),
    # Any signed-in user writes; the editor (add and change only) even deletes.
    "ModelPermissionsFlawed": cases("create", "update", "partial_update", "destroy")
    | {"permissions[destroy-editor]"},
    # Public notes, so every actor may retrieve one; each is served the newest note instead.
    "WrongObjectFlawed": cases("retrieve", actors=("anonymous", "owner", "other", "staff")),
    # Staff, who may edit any note, hands it to another user: only the owner may.
    "TransferFlawed": cases("update", "partial_update", actors=("staff",)),
    # PUT answers 405 to its only allowed actor: reported once (other and staff see a 405
    # identical to a missing object's, which hides as well as a 404).
    "MethodRefusedFlawed": {"permissions[update-owner]"},
    # A user admin (not a superuser) makes a user staff: as JSON true, or as "true".
    "PrivilegeGrantFlawed": cases("create", "update", "partial_update", actors=("user_admin",)),
    "LiteralTrueOnlyFlawed": cases("create", "update", "partial_update", actors=("user_admin",)),
    # A list-level action serving the note its body's id names, whoever owns it.
    "ObjectInBodyFlawed": cases("reveal", actors=("owner", "other", "staff")),
    # A writable owner on a team named by its unique slug: the re-send needs a fresh slug.
    "SlugOwnerFlawed": cases("create", actors=("owner", "other", "staff"))
    | cases("update", "partial_update", actors=("owner",)),
    # One profile per user, the user writable: caught once the victim's profile makes room.
    "ProfileOwnerFlawed": cases("create", actors=("owner", "other", "staff"))
    | cases("update", "partial_update", actors=("owner",)),
    # DjangoModelPermissions: the auditor sees the secret and holds change and delete on the
    # model, not on this secret, and still changes and deletes it.
    "ObjectPermissionsFlawed": cases("update", "partial_update", "destroy", actors=("auditor",)),
    # No ObjectPermissionsFilter: every signed-in user lists and reads every secret; the editor
    # (no view permission on the secret) gets 403 instead of 404 on writes.
    "UnfilteredObjectsFlawed": cases("list", actors=("owner", "other", "staff", "viewer", "editor"))
    | cases("retrieve", actors=("owner", "other", "staff", "editor"))
    | cases("update", "partial_update", actors=("editor",)),
    # ?organization=<id> widens every own list to that tenant (the owner sends other's tenant).
    "QueryParamTenantLeakFlawed": cases("list", actors=("owner", "other", "staff")),
    # ?ordering=password sorts every signed-in actor's list of users by their hashes.
    "OrderingSecretLeakFlawed": cases("list", actors=("owner", "other", "staff")),
    # A custom action with a body whose own serializer lets a user admin make anyone staff.
    "PrivilegeInActionFlawed": {"permissions[set_active-user_admin]"},
    # validate() indexes a bound the owner's one-field PATCH does not carry: a 500.
    "PartialValidateFlawed": {"permissions[partial_update-owner]"},
}
# The items of the other families each flaw fails (every other item of the flaw passes).
QUERY_FAILURES = {
    "ListForeignKeyNPlusOneFlawed": {"n_plus_one[list]"},
    "ListReverseNPlusOneFlawed": {"n_plus_one[list]"},
    "NestedDetailNPlusOneFlawed": {"n_plus_one[list]", "n_plus_one[retrieve]"},
    "QueryGrowthFlawed": {"queries[retrieve]"},
    "UnreadableListFlawed": {"n_plus_one[list]"},
    "PublishedOnlyFlawed": {"n_plus_one[list]"},
    "MethodRefusedFlawed": {"queries[update]"},  # nothing answered to measure
    "ProfileListNPlusOneFlawed": {"n_plus_one[list]"},
    "AlbumRelationsNPlusOneFlawed": {"n_plus_one[list]", "n_plus_one[retrieve]"},
    "PartialValidateFlawed": {"queries[partial_update]"},  # its PATCH is a 500
}


# The pagination items each flaw fails.
PAGINATION_FAILURES = {
    # The declaration's factory makes notes the list never shows: nothing can be verified.
    "PublishedOnlyFlawed": {
        "pagination[list-paginated]",
        "pagination[list-capped]",
        "pagination[list-complete]",
    },
    "UnpaginatedListFlawed": {"pagination[list-paginated]"},
    "UncappedPageSizeFlawed": {"pagination[list-capped]"},
    "UnorderedPageFlawed": {"pagination[list-complete]", "pagination[latest-complete]"},
    "TiedOrderFlawed": {"pagination[list-complete]"},
}
# The constraint items each flaw fails: a violation the API lets through to the database.
CONSTRAINT_FAILURES = {
    "DuplicateBookingFlawed": {
        f"constraints_api[{action}-{rule}]"
        for action in ("create", "update")
        for rule in ("one_booking_per_room_start", "one_confirmed_booking_per_room")
    },
    "InvertedRangeFlawed": {
        "constraints_api[create-booking_ends_after_start]",
        "constraints_api[update-booking_ends_after_start]",
    },
}
# The throttle items each flaw fails: a sign-in endpoint without a throttle that bites.
THROTTLE_FAILURES = {
    "UnthrottledLoginFlawed": {"throttle[post]"},
    "NeverBitingThrottleFlawed": {"throttle[post]"},
}
# The exposure items each flaw fails: a list leaking another user's notes shows their secret
# too; a list whose rows cannot be read or found, or a refused write, has nothing to look at.
EXPOSURE_FAILURES = {
    # The secret-echo probe's body carries no title: the action's KeyError is a 500.
    "ActionBodyFlawed": {"exposure[rename]"},
    "EnvelopeLeakFlawed": {"exposure[list]"},
    "ItemsPageLeakFlawed": {"exposure[list]"},
    "ListLeakFlawed": {"exposure[list]"},
    "MethodRefusedFlawed": {"exposure[update]"},
    "PublishedOnlyFlawed": {"exposure[list]"},
    "UnreadableListFlawed": {"exposure[list]"},
    # The card's answers carry the owner's hash / tokens, to every reader, writes included.
    "WholeUserFlawed": {
        "exposure[serializer]",
        *(f"exposure[{a}]" for a in ("list", "retrieve", "create", "update", "partial_update")),
    },
    "TokenInCardFlawed": {
        f"exposure[{a}]" for a in ("list", "retrieve", "create", "update", "partial_update")
    },
    "PrivateEmailShownFlawed": {"exposure[list]", "exposure[retrieve]"},
    # Its PATCH is a 500 (the input flaw): there is no answer to read.
    "PartialValidateFlawed": {"exposure[partial_update]"},
}
# The input items each flaw fails: hostile input answered with a 5xx, or with a write.
INPUT_FAILURES = {
    "UnvalidatedFilterFlawed": {"input[list-query]"},
    "PartialValidateFlawed": {"input[partial_update-body]"},
    "ActionBodyFlawed": {"input[rename-body]"},
    "NulByteFlawed": {"input[create-body]"} if ON_POSTGRES else set(),
    # ?organization=abc reaches the ORM unvalidated (a 500), besides widening the list.
    "QueryParamTenantLeakFlawed": {"input[list-query]"},
    # PUT answers 405 to everyone: no valid write succeeds, so no refusal proves anything.
    "MethodRefusedFlawed": {"input[update-body]"},
    # Every lookup serves the newest note: /abc/ answers 200.
    "WrongObjectFlawed": {"input[retrieve-lookup]"},
}
# Items skipped on purpose: twins whose Guard declares the list unpaginated.
DECLARED_SKIPS = {
    view: {"pagination[list-paginated]"} for view in ("EnvelopeLeakFixed", "UnreadableListFixed")
}


def expected_failures(view: str) -> set[str]:
    return (
        PERMISSION_FAILURES.get(view, set())
        | QUERY_FAILURES.get(view, set())
        | PAGINATION_FAILURES.get(view, set())
        | CONSTRAINT_FAILURES.get(view, set())
        | THROTTLE_FAILURES.get(view, set())
        | EXPOSURE_FAILURES.get(view, set())
        | INPUT_FAILURES.get(view, set())
    )


@pytest.mark.parametrize(
    ("view", "item", "title", "fragments"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in MESSAGES]
    + [
        pytest.param(
            *row,
            id=f"{row[0]}-{row[1]}",
            marks=pytest.mark.skipif(not ON_POSTGRES, reason="SQLite stores NUL bytes"),
        )
        for row in POSTGRES_MESSAGES
    ],
)
def test_flaw_fails_with_a_report_naming_it(
    flawed_run: SessionRun,
    view: str,
    item: str,
    title: tuple[str, str, str, bool],
    fragments: list[str],
) -> None:
    action, actor, method, detail = title
    url = f"/flawed/{url_prefix(view)}/" + ("*/" if detail else "")
    if action in ("publish", "latest", "reveal", "set_active", "rename"):
        url += f"{action}/"

    outcome = flawed_run.outcome(f"guard::flawed.{view}::{item}")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(
        [f"flawed.{view}: {action} as {actor} ({method} {url})", *fragments], consecutive=False
    )
    # The check's own report, not a traceback through the plugin.
    assert "Traceback" not in outcome.text
    assert "pytest_django_guard" not in outcome.text


@pytest.mark.parametrize("view", flawed_classes("Flawed"))
def test_flaw_fails_exactly_the_items_it_breaks(flawed_run: SessionRun, view: str) -> None:
    if view in POSTGRES_ONLY and not ON_POSTGRES:
        assert "failed" not in items_of(flawed_run, view).values()
        pytest.skip("a flaw only PostgreSQL shows")
    items = items_of(flawed_run, view)
    failed = {item for item, outcome in items.items() if outcome == "failed"}

    assert expected_failures(view), f"flawed.{view} is new: add the items it must fail"
    assert failed == expected_failures(view)


def test_the_run_fails_exactly_the_expected_items(flawed_run: SessionRun) -> None:
    """Across every endpoint of the flawed app, Fixed twins included."""
    failed = {
        nodeid
        for nodeid, outcome in flawed_run.guard_items().items()
        if outcome.outcome == "failed"
    }
    expected = {
        f"guard::flawed.{view}::{item}"
        for view in flawed_classes("Flawed")
        for item in expected_failures(view)
    }

    assert failed == expected


def test_unreadable_list_fails_every_list_check_as_could_not_verify(
    flawed_run: SessionRun,
) -> None:
    """The view is sound; its Guard does not say where the rows are, so nothing is claimed."""
    view = "UnreadableListFlawed"
    title = f"flawed.{view}: list as * (GET /flawed/{url_prefix(view)}/)"
    for item in expected_failures(view):
        outcome = flawed_run.outcome(f"guard::flawed.{view}::{item}")

        # JUnit repeats the report (message and text): only these two lines, nothing else.
        outcome.lines.fnmatch_lines([title, UNREADABLE], consecutive=True)
        assert {line for line in outcome.text.splitlines() if line.startswith("  ")} == {
            UNREADABLE
        }, item


def test_published_only_misses_each_actors_own_row(flawed_run: SessionRun) -> None:
    """NoteFactory builds unpublished notes: the owner's and the other user's own note are
    missing from their lists (one each), and the N+1 check's added rows never show."""
    view = "PublishedOnlyFlawed"
    for item in cases("list", actors=("owner", "other")):
        outcome = flawed_run.outcome(f"guard::flawed.{view}::{item}")

        outcome.lines.re_match_lines(
            [r"^  got:      rows the actor may see are missing$", r"^  missing: \w+=\d+$"],
            consecutive=True,
        )
    assert "could not verify" in flawed_run.outcome(f"guard::flawed.{view}::n_plus_one[list]").text


@pytest.mark.parametrize("view", flawed_classes("Flawed"))
def test_every_flaw_in_the_app_is_caught(flawed_run: SessionRun, view: str) -> None:
    if view in POSTGRES_ONLY and not ON_POSTGRES:
        pytest.skip("a flaw only PostgreSQL shows")
    items = items_of(flawed_run, view)

    assert items, f"no generated tests for flawed.{view}"
    assert "failed" in items.values()
    assert view in PERMISSION_FAILURES or view in {
        row[0] for row in MESSAGES + POSTGRES_MESSAGES
    }, f"flawed.{view} is new: add the message it must produce to MESSAGES"


@pytest.mark.parametrize("view", sorted(set(flawed_classes("Flawed")) - set(PERMISSION_FAILURES)))
def test_query_flaw_keeps_its_permissions_green(flawed_run: SessionRun, view: str) -> None:
    items = items_of(flawed_run, view)
    permissions = {
        item: outcome for item, outcome in items.items() if item.startswith("permissions[")
    }

    assert permissions
    assert {item: o for item, o in permissions.items() if o != "passed"} == {}


@pytest.mark.parametrize("view", flawed_classes("Fixed"))
def test_fixed_twin_passes_every_generated_test(flawed_run: SessionRun, view: str) -> None:
    items = items_of(flawed_run, view)

    assert len(items) >= 4  # a plain APIView: get as anonymous, other, staff, and its lock
    skipped = {item for item, outcome in items.items() if outcome == "skipped"}
    assert skipped == DECLARED_SKIPS.get(view, set())
    assert {item: o for item, o in items.items() if o not in ("passed", "skipped")} == {}


def test_every_flaw_has_a_fixed_twin() -> None:
    flawed = {name.removesuffix("Flawed") for name in flawed_classes("Flawed")}

    assert flawed == {name.removesuffix("Fixed") for name in flawed_classes("Fixed")}
    assert len(flawed) >= 10


def test_no_generated_test_errored_or_saw_a_server_error(flawed_run: SessionRun) -> None:
    items = flawed_run.guard_items()
    errors = {nodeid for nodeid, outcome in items.items() if outcome.outcome == "error"}
    # The constraint flaws are 500s on purpose: the database refused what the API let through.
    deliberate = {
        f"guard::flawed.{view}::{item}"
        for table in (CONSTRAINT_FAILURES, INPUT_FAILURES)
        for view, failures in table.items()
        for item in failures
    } | {
        "guard::flawed.PartialValidateFlawed::permissions[partial_update-owner]",
        "guard::flawed.PartialValidateFlawed::queries[partial_update]",
        "guard::flawed.PartialValidateFlawed::exposure[partial_update]",
    }
    server_errors = {
        nodeid
        for nodeid, outcome in items.items()
        if re.search(r"got: +5\d\d", outcome.text) and nodeid not in deliberate
    }

    assert items
    assert errors == set()
    assert server_errors == set()
    flawed_run.result.stdout.no_fnmatch_line("*INTERNALERROR*")


def test_summary_of_the_flawed_run(flawed_run: SessionRun) -> None:
    views = len(flawed_classes("Flawed")) + len(flawed_classes("Fixed"))

    flawed_run.result.stdout.fnmatch_lines(
        [
            "*- pytest-django-guard -*",
            f"guarded endpoints: {views}/{views} (100.0 %)*",
        ]
    )
    assert flawed_run.result.ret == pytest.ExitCode.TESTS_FAILED


def test_declaration_for_a_view_routed_by_other_settings_is_reported(
    flawed_run: SessionRun,
) -> None:
    """config.settings_flawed does not route thirdparty, which the conftest declares."""
    flawed_run.result.stdout.fnmatch_lines(
        [
            "  declared in pytest_guard_declare but not routed: thirdparty.views.TagViewSet",
        ]
    )


def test_whole_user_serializer_fails_at_collection_naming_it(flawed_run: SessionRun) -> None:
    outcome = flawed_run.outcome("guard::flawed.WholeUserFlawed::exposure[serializer]")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(
        [
            "flawed.WholeUserFlawed: serializer",
            '  expected: explicit fields on a serializer over a user model — "__all__" renders '
            "the password hash, and every field the model gains later",
            '  got:      fields = "__all__" on WholeOwnerCardSerializer.owner '
            "(WholeUserSerializer) over auth.User",
            "  hint:     list the fields the API shows in Meta.fields (never password)*",
        ]
    )
