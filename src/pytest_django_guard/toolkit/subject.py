"""What a hand-written request is about: its endpoint, action and actor, and how it fails.

A toolkit assertion resolves the URL to the view that serves it, so its finding is titled
exactly like the generated item's (``flawed.NoteViewSet: create as anonymous (POST /api/…)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from django.db.models import Model
from django.urls import Resolver404, resolve

from ..declare.discovery import view_label
from ..endpoint import tables
from ..findings import Finding, SentRequest

ACTOR_ATTRIBUTE = "guard_actor"  # set on the clients (and users) guard_client makes


@dataclass
class Subject:
    """One request of a hand-written test: where it goes and who sends it."""

    client: Any
    method: str
    url: str
    data: Any = None
    view: Any = None  # the view class serving the URL (None: not a DRF view)
    kwargs: dict[str, Any] | None = None
    actions: dict[str, str] | None = None  # a viewset's method -> action
    url_name: str = ""
    actor_name: str | None = None  # known from the response when there is no client

    @classmethod
    def of(cls, client: Any, method: str, url: str, data: Any = None) -> Subject:
        subject = cls(client, method.upper(), url, data)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            return subject
        subject.view = getattr(match.func, "cls", None)
        subject.kwargs = dict(match.kwargs)
        subject.actions = getattr(match.func, "actions", None) or {}
        subject.url_name = match.view_name
        return subject

    @classmethod
    def of_response(cls, response: Any) -> Subject:
        """The request behind a test client's response, and the actor that sent it."""
        request = (getattr(response, "renderer_context", None) or {}).get("request")
        wsgi = getattr(response, "wsgi_request", None)
        path = wsgi.get_full_path() if wsgi is not None else ""
        subject = cls.of(None, wsgi.method if wsgi is not None else "GET", path)
        user = getattr(request, "user", None)
        subject.actor_name = getattr(user, ACTOR_ATTRIBUTE, None) or (
            None if getattr(user, "is_authenticated", False) else "anonymous"
        )
        return subject

    @property
    def label(self) -> str:
        return view_label(self.view) if self.view is not None else self.url

    @property
    def action(self) -> str:
        return (self.actions or {}).get(self.method.lower(), self.method.lower())

    @property
    def actor(self) -> str | None:
        if self.client is None:  # read from a response
            return self.actor_name
        return actor_of(self.client)

    @property
    def model(self) -> type[Model] | None:
        """The view's model: its queryset's, else its serializer's."""
        queryset = getattr(self.view, "queryset", None)
        meta = getattr(getattr(self.view, "serializer_class", None), "Meta", None)
        model: type[Model] | None = getattr(queryset, "model", None) or getattr(meta, "model", None)
        return model

    @property
    def guard(self) -> Any:
        return getattr(self.view, "Guard", None)

    def send(self, data: Any = None, url: str | None = None) -> Any:
        body = self.data if data is None else data
        call = getattr(self.client, self.method.lower())
        if body is None:
            return call(url or self.url)
        return call(url or self.url, body, format="json")

    def fail(
        self,
        expected: str,
        got: str,
        hint: str,
        details: list[str] | tuple[str, ...] = (),
        *,
        data: Any = None,
        verified: bool = True,
        family: str = "permissions",
    ) -> NoReturn:
        """Fail the test with the finding the generated check writes for the same flaw."""
        finding = Finding(
            family=family,
            endpoint=self.label,
            expected=expected,
            got=got,
            hint=hint,
            details=tuple(details),
            action=self.action,
            actor=self.actor,
            request=SentRequest(self.method, self.url, self.data if data is None else data),
            verified=verified,
        )
        pytest.fail(finding.render(), pytrace=False)


def actor_of(client: Any) -> str | None:
    """The actor a client acts as: guard_client names it; an unauthenticated client is
    anonymous; any other client is unnamed."""
    named = getattr(client, ACTOR_ATTRIBUTE, None)
    if named is not None:
        return str(named)
    handler = getattr(client, "handler", None)
    forced = getattr(handler, "_force_user", None) or getattr(handler, "_force_token", None)
    if forced is None and not getattr(client, "session", {}).keys() & {"_auth_user_id"}:
        return "anonymous"
    return None


Snapshots = dict[type[Model], tables.Rows]


def watched(watch: Any) -> list[type[Model]]:
    """The models to compare: those given, else every table of the project's models."""
    from django.apps import apps

    if watch is None:
        return [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    return list(watch) if isinstance(watch, list | tuple | set) else [watch]


def snapshot(models: list[type[Model]]) -> Snapshots:
    return {model: tables.snapshot(model) for model in models}


def changes(before: Snapshots) -> tuple[str, list[str]]:
    """(the tables that changed, one line per changed row), compared as the permission
    family compares its model's table; a line names its table when several changed."""
    found = {
        model._meta.label: tables.changes(rows, tables.snapshot(model))
        for model, rows in before.items()
    }
    found = {label: lines for label, lines in found.items() if lines}
    if len(found) == 1:
        return next(iter(found.items()))
    return ", ".join(found), [f"{label} {line}" for label, lines in found.items() for line in lines]
