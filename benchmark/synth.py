"""Generate a synthetic DRF project of N endpoints for the benchmark (benchmark/run.py).

Half the endpoints serve owned resources (a user's rows with a foreign key to the user's
folder, scoped in get_queryset, `policy = "private"`), half public catalogues (anyone
reads, staff write, `policy = "staff_write"`), one model and one table each, as a project
with that many endpoints has. Three suites check the same permission matrix:

- generated: the `class Guard` on every view (run with `-m guard_permissions`);
- hand-written (tests/test_hand.py): one pytest-django test per endpoint x action x actor
  with factory-boy, as teams write them today;
- floor (tests/test_floor.py): the same requests through APIClient in one loop per
  endpoint, in one transaction.

    python benchmark/synth.py 50 /tmp/bench50
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")
METHOD = {"list": "get", "create": "post", "retrieve": "get", "update": "put",
          "partial_update": "patch", "destroy": "delete"}  # fmt: skip
OK = {"list": 200, "create": 201, "retrieve": 200, "update": 200, "partial_update": 200,
      "destroy": 204}  # fmt: skip


def expected(owned: bool, action: str, actor: str) -> int:
    """The status each actor gets: owned rows are private, catalogues are staff-written."""
    if actor == "anonymous":
        return 403 if owned or action not in ("list", "retrieve") else 200
    if owned:
        detail = action not in ("list", "create")
        return 404 if actor != "owner" and detail else OK[action]
    return OK[action] if actor == "staff" or action in ("list", "retrieve") else 403


def kinds(count: int) -> list[tuple[str, bool]]:
    return [(f"Owned{n}" if n % 2 == 0 else f"Cat{n}", n % 2 == 0) for n in range(count)]


def write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())


def models(endpoints: list[tuple[str, bool]]) -> str:
    out = ["from django.conf import settings\nfrom django.db import models\n\n",
           "class Folder(models.Model):\n"
           "    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE)\n"
           "    name = models.CharField(max_length=50)\n\n"]  # fmt: skip
    for name, owned in endpoints:
        if owned:
            out.append(
                f"\nclass {name}(models.Model):\n"
                "    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, "
                f"related_name='{name.lower()}s')\n"
                "    folder = models.ForeignKey(Folder, models.SET_NULL, null=True, "
                f"related_name='{name.lower()}s')\n"
                "    name = models.CharField(max_length=100)\n"
            )
        else:
            out.append(
                f"\nclass {name}(models.Model):\n"
                "    name = models.CharField(max_length=100)\n"
                "    price = models.DecimalField(max_digits=8, decimal_places=2, default=1)\n"
            )
    return "".join(out)


def factories(endpoints: list[tuple[str, bool]]) -> str:
    out = ["import factory\nfrom django.contrib.auth import get_user_model\n\n"
           "from things import models\n\n\n"
           "class UserFactory(factory.django.DjangoModelFactory):\n"
           "    class Meta:\n        model = get_user_model()\n\n"
           "    username = factory.Sequence(lambda n: f'user{n}')\n\n\n"
           "class FolderFactory(factory.django.DjangoModelFactory):\n"
           "    class Meta:\n        model = models.Folder\n\n"
           "    owner = factory.SubFactory(UserFactory)\n    name = 'inbox'\n"]  # fmt: skip
    for name, owned in endpoints:
        body = ("    owner = factory.SubFactory(UserFactory)\n"
                "    folder = factory.SubFactory(\n"
                "        FolderFactory, owner=factory.SelfAttribute('..owner')\n    )\n"
                if owned else "")  # fmt: skip
        out.append(
            f"\n\nclass {name}Factory(factory.django.DjangoModelFactory):\n"
            f"    class Meta:\n        model = models.{name}\n\n{body}"
            "    name = factory.Sequence(lambda n: f'item {n}')\n"
        )
    return "".join(out)


def views(endpoints: list[tuple[str, bool]]) -> str:
    out = ["from rest_framework import permissions, serializers, viewsets\n\n"
           "from things import models\n\n\n"
           "class IsStaffOrReadOnly(permissions.BasePermission):\n"
           "    def has_permission(self, request, view):\n"
           "        safe = request.method in permissions.SAFE_METHODS\n"
           "        return safe or request.user.is_staff\n"]  # fmt: skip
    for name, owned in endpoints:
        if owned:
            out.append(f"""

class {name}Serializer(serializers.ModelSerializer):
    folder_name = serializers.CharField(source="folder.name", read_only=True)

    class Meta:
        model = models.{name}
        fields = ["id", "name", "folder_name"]


class {name}ViewSet(viewsets.ModelViewSet):
    serializer_class = {name}Serializer

    def get_queryset(self):
        return (
            models.{name}.objects.filter(owner=self.request.user)
            .select_related("folder")
            .order_by("id")
        )

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)

    class Guard:
        factory = "things.factories.{name}Factory"
        owner = "owner"
""")
        else:
            out.append(f"""

class {name}Serializer(serializers.ModelSerializer):
    class Meta:
        model = models.{name}
        fields = ["id", "name", "price"]


class {name}ViewSet(viewsets.ModelViewSet):
    queryset = models.{name}.objects.order_by("id")
    serializer_class = {name}Serializer
    permission_classes = [IsStaffOrReadOnly]

    class Guard:
        factory = "things.factories.{name}Factory"
        policy = "staff_write"
""")
    return "".join(out)


def urls(endpoints: list[tuple[str, bool]]) -> str:
    lines = ["from django.urls import include, path\n"
             "from rest_framework.routers import SimpleRouter\n\n"
             "from things import views\n\nrouter = SimpleRouter()\n"]  # fmt: skip
    lines += [f"router.register('{n.lower()}', views.{n}ViewSet, basename='{n.lower()}')\n"
              for n, _ in endpoints]  # fmt: skip
    lines.append("urlpatterns = [path('api/', include(router.urls))]\n")
    return "".join(lines)


def matrix(endpoints: list[tuple[str, bool]]) -> list[tuple[str, bool, str, str, int]]:
    actors = {True: ("anonymous", "owner", "other", "staff"),
              False: ("anonymous", "user", "staff")}  # fmt: skip
    return [(name, owned, action, actor, expected(owned, action, actor))
            for name, owned in endpoints
            for action in ACTIONS
            for actor in actors[owned]]  # fmt: skip


def main(count: int, root: Path) -> None:
    endpoints = kinds(count)
    for relpath, source in SOURCES.items():
        write(root, relpath, source)
    write(root, "things/models.py", models(endpoints))
    write(root, "things/factories.py", factories(endpoints))
    write(root, "things/views.py", views(endpoints))
    write(root, "benchproj/urls.py", urls(endpoints))
    cases = matrix(endpoints)
    write(root, "tests/cases.py", f"CASES = {cases!r}\n")


SOURCES = {
    "pytest.ini": """
        [pytest]
        DJANGO_SETTINGS_MODULE = benchproj.settings
        pythonpath = .
        guard_user_factory = things.factories.UserFactory
        # Tables straight from the models: makemigrations over 500 models takes many minutes.
        addopts = --no-migrations
        markers = bench: a benchmark suite
    """,
    "benchproj/__init__.py": "",
    "things/__init__.py": "",
    "tests/__init__.py": "",
    "benchproj/settings.py": """
        import os

        SECRET_KEY = "benchmark"
        USE_TZ = True
        INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth",
                          "rest_framework", "things"]
        MIDDLEWARE = ["benchproj.counting.CountRequests"]
        ROOT_URLCONF = "benchproj.urls"
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
        if os.environ.get("GUARD_DB") == "postgres":
            DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",
                                     "NAME": "bench", "HOST": os.environ.get("PGHOST"),
                                     "PORT": os.environ.get("PGPORT"),
                                     "USER": os.environ.get("PGUSER", "postgres")}}
        else:
            DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                                     "NAME": "bench.sqlite3"}}
        REST_FRAMEWORK = {
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "rest_framework.authentication.SessionAuthentication"
            ],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
            "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
            "PAGE_SIZE": 20,
        }
    """,
    "benchproj/counting.py": '''
        """Counts the requests a suite sends (GUARD_BENCH_COUNT names a file per process)."""
        import atexit
        import os

        COUNT = [0]


        def _save():
            if os.environ.get("GUARD_BENCH_COUNT") and COUNT[0]:
                with open(os.environ["GUARD_BENCH_COUNT"], "a") as handle:
                    handle.write(f"{COUNT[0]}\\n")


        atexit.register(_save)


        class CountRequests:
            def __init__(self, get_response):
                self.get_response = get_response

            def __call__(self, request):
                COUNT[0] += 1
                return self.get_response(request)
    ''',
    "tests/conftest.py": """
        import pytest

        from things import factories
        from tests.cases import CASES

        BY_NAME = {name: owned for name, owned, *_ in CASES}


        def make_actors(owned):
            users = {"anonymous": None, "staff": factories.UserFactory(is_staff=True)}
            if owned:
                users["owner"] = factories.UserFactory()
                users["other"] = factories.UserFactory()
            else:
                users["user"] = factories.UserFactory()
            return users


        def make_row(name, users):
            factory = getattr(factories, f"{name}Factory")
            return factory(owner=users["owner"]) if BY_NAME[name] else factory()
    """,
    "tests/requests.py": '''
        """One request of the permission matrix, as a hand-written test sends it."""
        from rest_framework.test import APIClient

        PAYLOAD = {"name": "changed", "price": "2.00"}


        def send(name, action, user, row):
            client = APIClient()
            if user is not None:
                client.force_authenticate(user)
            base = f"/api/{name.lower()}/"
            if action == "list":
                return client.get(base)
            if action == "create":
                return client.post(base, PAYLOAD, format="json")
            url = f"{base}{row.pk}/"
            if action == "retrieve":
                return client.get(url)
            if action == "destroy":
                return client.delete(url)
            method = client.put if action == "update" else client.patch
            return method(url, PAYLOAD, format="json")
    ''',
    "tests/test_hand.py": '''
        """How teams write it today: one test per endpoint x action x actor, with factories."""
        import pytest

        from tests.cases import CASES
        from tests.conftest import make_actors, make_row
        from tests.requests import send


        @pytest.mark.bench
        @pytest.mark.django_db
        @pytest.mark.parametrize(("name", "owned", "action", "actor", "status"), CASES)
        def test_permission(name, owned, action, actor, status):
            users = make_actors(owned)
            row = make_row(name, users)
            model = type(row)
            before = model.objects.count()
            response = send(name, action, users[actor], row)
            assert response.status_code == status, response.content
            if status >= 400:
                assert model.objects.count() == before
            if action == "list" and status == 200 and owned:
                ids = {item["id"] for item in response.json()["results"]}
                assert ids == ({row.pk} if actor == "owner" else set())
    ''',
    "tests/test_floor.py": '''
        """The floor: the same requests in one loop per endpoint, in one transaction."""
        import pytest
        from django.db import transaction

        from tests.cases import CASES
        from tests.conftest import make_actors, make_row
        from tests.requests import send

        ENDPOINTS = sorted({(name, owned) for name, owned, *_ in CASES})


        @pytest.mark.bench
        @pytest.mark.django_db
        @pytest.mark.parametrize(("name", "owned"), ENDPOINTS)
        def test_endpoint(name, owned):
            users = make_actors(owned)
            row = make_row(name, users)
            for case_name, _, action, actor, status in CASES:
                if case_name != name:
                    continue
                with transaction.atomic():
                    response = send(name, action, users[actor], row)
                    assert response.status_code == status, (action, actor, response.content)
                    transaction.set_rollback(True)
    ''',
}

if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
