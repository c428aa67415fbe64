"""The exposure family on real views: hashes told by their format under any name, secret names
in any spelling and at any depth, tokens the owner alone sees, private fields of other users,
error bodies echoing a secret, and lists that show nothing; plus ``assert_no_secrets``.

One copy of example_app gains ``profiles/broken.py`` (one view per flaw, and correct twins);
one run of their exposure items and hand-written tests is shared by the tests here. The
deliberately flawed app's exposure flaws are asserted in tests/test_flawed.py.
"""

from pathlib import Path

import pytest

from conftest import SessionRun, session_run

VIEWS = """
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.renderers import StaticHTMLRenderer
from rest_framework.response import Response

from profiles.models import ApiToken, Card
from profiles.serializers import CardSerializer, OwnerSerializer
from profiles.views import ApiTokenViewSet, CardViewSet


class CredentialCardSerializer(CardSerializer):
    credential = serializers.CharField(source="owner.password", read_only=True)

    class Meta(CardSerializer.Meta):
        fields = [*CardSerializer.Meta.fields, "credential"]


class BrokenRenamedHash(CardViewSet):
    serializer_class = CredentialCardSerializer


class KeyedOwnerSerializer(OwnerSerializer):
    apiKey = serializers.SerializerMethodField()
    email = serializers.EmailField(read_only=True)

    class Meta(OwnerSerializer.Meta):
        fields = [*OwnerSerializer.Meta.fields, "apiKey", "email"]

    def get_apiKey(self, user):
        return f"key-{user.pk}"


class KeyedCardSerializer(CardSerializer):
    owner = KeyedOwnerSerializer(read_only=True)


class BrokenCamelKey(CardViewSet):
    serializer_class = KeyedCardSerializer


class MailedOwnerSerializer(OwnerSerializer):
    email = serializers.EmailField(read_only=True)

    class Meta(OwnerSerializer.Meta):
        fields = [*OwnerSerializer.Meta.fields, "email"]


class MailedCardSerializer(CardSerializer):
    owner = MailedOwnerSerializer(read_only=True)


class BrokenNestedEmail(CardViewSet):
    serializer_class = MailedCardSerializer

    class Guard(CardViewSet.Guard):
        private_fields = {"contact_email": ["owner", "staff"], "email": ["staff"]}


class ListedTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "token"]
        read_only_fields = ["token"]


class BrokenTokenListed(ApiTokenViewSet):
    def get_serializer_class(self):
        return ListedTokenSerializer

    class Guard(ApiTokenViewSet.Guard):
        exposed_to_owner = []


class GoodTokenListed(BrokenTokenListed):
    class Guard(ApiTokenViewSet.Guard):
        pass  # exposed_to_owner = ["token"]: each owner lists its own tokens


class GoodTokenEnveloped(ApiTokenViewSet):
    # RealWorld's shape: bodies inside {"api_token": ...} both ways; the token in the
    # creation's answer is its owner's own, one level down.

    def get_serializer(self, *args, **kwargs):
        if "data" in kwargs:
            kwargs["data"] = kwargs["data"].get("api_token", kwargs["data"])
        return super().get_serializer(*args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        data = response.data
        if response.status_code < 400 and isinstance(data, dict) and "results" not in data:
            response.data = {"api_token": data}
        return super().finalize_response(request, response, *args, **kwargs)

    class Guard(ApiTokenViewSet.Guard):
        envelope = "api_token"


class BrokenEcho(CardViewSet):
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            return Response({"errors": serializer.errors, "received": request.data}, status=400)
        return super().create(request, *args, **kwargs)


class GoodEcho(CardViewSet):
    pass


class ShownEmailSerializer(CardSerializer):
    def to_representation(self, instance):
        return serializers.ModelSerializer.to_representation(self, instance)


class BrokenShownEmail(CardViewSet):
    serializer_class = ShownEmailSerializer


class BrokenNothingShown(CardViewSet):
    def get_queryset(self):
        return Card.objects.none()


class BrokenHashInPage(CardViewSet):
    @action(detail=True, renderer_classes=[StaticHTMLRenderer])
    def page(self, request, pk=None):
        owner = self.get_object().owner
        return Response(f"<p>{owner.username}</p><!-- {owner.password} -->")


class GoodPage(CardViewSet):
    @action(detail=True, renderer_classes=[StaticHTMLRenderer])
    def page(self, request, pk=None):
        return Response(f"<p>{self.get_object().owner.username}</p>")


class BadPrivate(CardViewSet):
    class Guard(CardViewSet.Guard):
        private_fields = {"contact_email": ["auditor"]}
"""
NAMES = (
    "BrokenRenamedHash",
    "BrokenCamelKey",
    "BrokenNestedEmail",
    "BrokenTokenListed",
    "GoodTokenListed",
    "GoodTokenEnveloped",
    "BrokenEcho",
    "GoodEcho",
    "BrokenShownEmail",
    "BrokenNothingShown",
    "BrokenHashInPage",
    "GoodPage",
    "BadPrivate",
)
URLS = "\n".join(
    [
        "",
        "from rest_framework.routers import SimpleRouter as _Router  # noqa: E402",
        "from profiles import broken  # noqa: E402",
        "",
        "_broken = _Router()",
        *(f'_broken.register("{n.lower()}", broken.{n}, basename="{n.lower()}")' for n in NAMES),
        'urlpatterns += [path("api/broken/", include(_broken.urls))]',
        "",
    ]
)
HAND_WRITTEN = """
import pytest

from profiles.factories import make_card

pytestmark = pytest.mark.django_db


def card_and_reader(guard_client):
    owner = guard_client("other")
    return owner, make_card(owner.guard_user), guard_client("staff")


def test_toolkit_hash(guard_client, assert_no_secrets):
    _, _, reader = card_and_reader(guard_client)
    assert_no_secrets(reader.get("/api/broken/brokenrenamedhash/"))


def test_toolkit_private(guard_client, assert_no_secrets):
    _, card, _ = card_and_reader(guard_client)
    reader = guard_client("other")
    assert_no_secrets(reader.get(f"/api/broken/brokenshownemail/{card.pk}/"),
                      private=["contact_email"])


def test_toolkit_token_not_allowed(guard_client, assert_no_secrets):
    owner = guard_client("other")
    assert_no_secrets(owner.post("/api/api-tokens/", {"name": "ci"}, format="json"))


def test_toolkit_correct(guard_client, assert_no_secrets):
    from pytest_django_guard import assert_no_secrets as imported

    owner, card, _ = card_and_reader(guard_client)
    created = owner.post("/api/api-tokens/", {"name": "ci"}, format="json")
    assert created.status_code == 201
    assert_no_secrets(created, allowed=["token"])
    imported(guard_client("other").get(f"/api/cards/{card.pk}/"), private=["contact_email"])
    assert_no_secrets(owner.get("/api/cards/"))
"""


def prepare(project: Path) -> None:
    (project / "profiles" / "broken.py").write_text(VIEWS)
    with (project / "config" / "urls.py").open("a") as urls:
        urls.write(URLS)
    (project / "tests" / "test_exposure_toolkit.py").write_text(HAND_WRITTEN)


@pytest.fixture(scope="session")
def exposure_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    run = session_run(
        tmp_path_factory,
        "exposure",
        "-k",
        "(Broken or Good or BadPrivate) and (exposure or declaration) or toolkit"
        " or profiles and exposure",
        prepare=prepare,
    )
    assert run.result.ret == 1, "\n".join(run.result.outlines[-40:] + run.result.errlines)
    return run


def item(view: str, case: str) -> str:
    return f"guard::profiles.{view}::exposure[{case}]"


EXPECTED = (
    "  expected: no password hash, no secret-named field and no other user's private field in "
    "the response *"
)
# (view, case, title: action as actor (METHOD url), lines after it)
FAILURES = [
    (
        "BrokenRenamedHash",
        "list",
        "list as owner (GET /api/broken/brokenrenamedhash/)",
        [
            EXPECTED,
            "  got:      results[0].credential: a password hash (pbkdf2_sha256 format) (and 1 "
            "more)",
            "  results[1].credential: a password hash (pbkdf2_sha256 format)",
            "  hint:     drop 'credential' from the serializer's fields: a password is "
            "write_only=True, never read back",
        ],
    ),
    (
        "BrokenRenamedHash",
        "create",
        "create as owner (POST /api/broken/brokenrenamedhash/)",
        ["  got:      credential: a password hash (pbkdf2_sha256 format)", "  body:     {*}"],
    ),
    (
        "BrokenCamelKey",
        "retrieve",
        "retrieve as owner (GET /api/broken/brokencamelkey/*/)",
        [
            "  got:      owner.apiKey: a secret-named field ('apiKey')",
            "  hint:     make 'apiKey' write_only=True or drop it from Meta.fields; if its owner "
            'must see it, declare Guard.exposed_to_owner = ["apiKey"]',
        ],
    ),
    (
        "BrokenNestedEmail",
        "list",
        "list as owner (GET /api/broken/brokennestedemail/)",
        ["  got:      results[1].owner.email: 'email', a private field of another user"],
    ),
    (
        "BrokenTokenListed",
        "list",
        "list as owner (GET /api/broken/brokentokenlisted/)",
        ["  got:      results[0].token: a secret-named field ('token')"],
    ),
    (
        "BrokenShownEmail",
        "retrieve",
        "retrieve as other (GET /api/broken/brokenshownemail/*/)",
        ["  got:      contact_email: 'contact_email', a private field of another user"],
    ),
    (
        "BrokenEcho",
        "create",
        "create as owner (POST /api/broken/brokenecho/)",
        [
            "  expected: an error response that does not repeat the secret the request sent *",
            "  got:      the 400 body repeats the 'guard-secret-*' sent in password: 400 Bad "
            'Request {"errors":*"received":{"password":"guard-secret-*',
            "  hint:     answer serializer.errors (or a message of your own), never request.data *",
            '  body:     {"password": "guard-secret-*"}',
        ],
    ),
    (
        "BrokenHashInPage",
        "page",
        "page as owner (GET /api/broken/brokenhashinpage/*/page/)",
        [
            "  got:      text at *: a password hash (pbkdf2_sha256 format)",
            "  hint:     stop rendering the user's password into the answer: a password is never "
            "read back",
        ],
    ),
    (
        "GoodPage",
        "page",
        "page as owner (GET /api/broken/goodpage/*/page/)",
        [
            "  could not verify: the answer is not JSON (text/html): it was searched for "
            "password hashes (none), but it has no fields to read for secret names or private "
            "fields — if the action serves no user data (a schema, a rendered page), declare "
            'Guard.skip = {"<action>": "<why>"}; otherwise answer JSON',
        ],
    ),
    (
        "BrokenNothingShown",
        "list",
        "list as owner (GET /api/broken/brokennothingshown/)",
        [
            "  could not verify: no actor's response showed a row, so no field was looked at "
            "— Guard.factory / owner / parents must make rows the action shows to its actors",
        ],
    ),
]


@pytest.mark.parametrize(
    ("view", "case", "title", "lines"), FAILURES, ids=[f"{f[0]}-{f[1]}" for f in FAILURES]
)
def test_a_flaw_fails_with_a_message_that_teaches(
    exposure_run: SessionRun, view: str, case: str, title: str, lines: list[str]
) -> None:
    outcome = exposure_run.outcome(item(view, case))

    assert outcome.outcome == "failed", outcome.text
    assert "Traceback" not in outcome.text
    outcome.lines.fnmatch_lines([f"profiles.{view}: {title}", *lines], consecutive=False)


@pytest.mark.parametrize(
    ("view", "cases"),
    [
        ("GoodTokenListed", ("list", "retrieve", "create")),
        ("GoodTokenEnveloped", ("list", "retrieve", "create")),
        ("GoodEcho", ("list", "retrieve", "create", "update", "partial_update")),
        ("CardViewSet", ("list", "retrieve", "create", "update", "partial_update")),
        ("ApiTokenViewSet", ("list", "retrieve", "create")),
    ],
)
def test_a_correct_view_passes_every_exposure_item(
    exposure_run: SessionRun, view: str, cases: tuple[str, ...]
) -> None:
    ran = {
        nodeid.rsplit("[", 1)[1].rstrip("]"): outcome.outcome
        for nodeid, outcome in exposure_run.guard_items().items()
        if nodeid.startswith(f"guard::profiles.{view}::exposure[")
    }

    assert ran == dict.fromkeys(cases, "passed")


def test_the_echo_is_caught_only_where_the_view_echoes(exposure_run: SessionRun) -> None:
    """BrokenEcho's reads and updates are CardViewSet's own: only its create echoes."""
    failed = {
        nodeid
        for nodeid, outcome in exposure_run.guard_items().items()
        if nodeid.startswith("guard::profiles.BrokenEcho::") and outcome.outcome == "failed"
    }

    assert failed == {item("BrokenEcho", "create")}


def test_a_private_field_needs_known_actors(exposure_run: SessionRun) -> None:
    outcome = exposure_run.outcome("guard::profiles.BadPrivate::declaration")

    assert outcome.outcome == "error"
    assert (
        "profiles.BadPrivate: Guard.private_fields: 'contact_email': 'auditor' is not an actor "
        "(known: anonymous, other, owner, staff)" in outcome.text
    )


TOOLKIT = {
    "test_toolkit_hash": [
        "profiles.BrokenRenamedHash: list as staff (GET /api/broken/brokenrenamedhash/)",
        EXPECTED,
        "  got:      results[0].credential: a password hash (pbkdf2_sha256 format)",
        "  hint:     drop 'credential' from the serializer's fields*",
    ],
    "test_toolkit_private": [
        "profiles.BrokenShownEmail: retrieve as other (GET /api/broken/brokenshownemail/*/)",
        "  got:      contact_email: 'contact_email', a private field of another user",
    ],
    "test_toolkit_token_not_allowed": [
        "profiles.ApiTokenViewSet: create as other (POST /api/api-tokens/)",
        "  got:      token: a secret-named field ('token')",
        "  hint:     make 'token' write_only=True or drop it from Meta.fields; if its owner must "
        'see it, pass allowed=["token"] where the response is its owner\'s own',
    ],
}


@pytest.mark.parametrize("test", sorted(TOOLKIT))
def test_assert_no_secrets_fails_with_the_same_words(exposure_run: SessionRun, test: str) -> None:
    outcome = exposure_run.outcome(f"tests.test_exposure_toolkit::{test}")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(TOOLKIT[test], consecutive=False)


def test_assert_no_secrets_passes_on_correct_responses(exposure_run: SessionRun) -> None:
    outcome = exposure_run.outcome("tests.test_exposure_toolkit::test_toolkit_correct")

    assert outcome.outcome == "passed", outcome.text
