"""Read and validate ``Guard`` declarations, failing with one line that names view and field."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.module_loading import import_string

from . import access, grants, intent, objects, shapes
from .discovery import Endpoint, is_generic
from .fields import FieldCheck, FieldParser, guard_class_fields
from .grants import Grant
from .policy import BUILTIN_ACTORS, Kind

__all__ = ["Declaration", "FieldParser", "guard_class_fields", "parse"]

# Fields of the core: what every family shares (data, actors, policy). Families add their own.
FIELDS = (
    "factory",
    "owner",
    "make",
    "policy",
    "read",
    "access",
    "payload",
    "parents",
    "skip",
    "actors",
    "max_page_size",
    "rows",
    "envelope",
    "headers",
    "url_kwargs",
    "kinds",
    "measure_as",
    "refusal",
    "soft_delete",
    "params",
    "transfer",
    "privileges",
    "grantors",
)


@dataclass(frozen=True)
class Declaration:
    """A validated Guard: everything the generated checks need to know about one endpoint."""

    factory: Any  # None only for a plain APIView declared without objects
    model: type[Model] | None
    policy: str
    owner: str | None = None
    make: Callable[[Any], Model] | str | None = None  # a string names a fixture
    read: str = "public"
    access: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    payload: Mapping[str, Any] | Callable[..., Mapping[str, Any]] | None = None
    parents: Mapping[str, str] = field(default_factory=dict)
    skip: Mapping[str, str] = field(default_factory=dict)
    actors: tuple[str, ...] = ()
    grants: Mapping[str, Grant] = field(default_factory=dict)  # permission actors
    max_page_size: int | None = None
    rows: str | Callable[[Any], Any] | None = None  # where a list body keeps its rows
    envelope: str | None = None  # write bodies are sent as {envelope: payload}
    headers: Mapping[str, str] | Callable[[Any], Mapping[str, str]] | None = None
    url_kwargs: Mapping[str, Any] = field(default_factory=dict)  # e.g. {"version": "v1"}
    kinds: Mapping[str, Kind] = field(default_factory=dict)  # per-action kind overrides
    measure_as: str | Mapping[str, str] | None = None  # the actor whose queries are measured
    refusal: str = "hide"  # "deny": the project answers 403 where presets say hide
    soft_delete: Any = None  # how destroy marks a kept row (field, {field: value}, callable)
    params: Mapping[str, intent.QueryParams] = field(default_factory=dict)  # per action
    transfer: tuple[str, ...] = ()  # fields through which the owner hands the object over
    privileges: Mapping[str, Any] = field(default_factory=dict)  # {field: raised value}
    grantors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # who may grant what
    family_fields: Mapping[str, Any] = field(default_factory=dict)  # parsed by their families

    @property
    def has_owner(self) -> bool:
        return self.owner is not None or self.make is not None

    @property
    def all_actors(self) -> tuple[str, ...]:
        builtin = tuple(a for a in BUILTIN_ACTORS if a != "owner" or self.has_owner)
        return builtin + self.actors


def parse(
    endpoint: Endpoint,
    raw: Mapping[str, Any],
    *,
    default_policy: str,
    fixture_exists: Callable[[str], bool],
    family_fields: Mapping[str, FieldParser] | None = None,
    default_refusal: str = "hide",
    project_privileges: Mapping[str, Any] | None = None,
) -> Declaration:
    """Validate ``raw`` against the endpoint; raise DeclarationError naming the first problem.

    ``family_fields`` are the fields the check families own, each with its parser.
    """
    parser = _Parser(endpoint, raw, default_policy, fixture_exists, family_fields or {})
    parser.default_refusal = default_refusal
    parser.project_privileges = project_privileges or {}  # the guard_privilege_fields option
    return parser.parse()


class _Parser(FieldCheck):
    def __init__(
        self,
        endpoint: Endpoint,
        raw: Mapping[str, Any],
        default_policy: str,
        fixture_exists: Callable[[str], bool],
        family_fields: Mapping[str, FieldParser],
    ) -> None:
        super().__init__(endpoint)
        self.raw = raw
        self.default_policy = default_policy
        self.fixture_exists = fixture_exists
        self.family_fields = family_fields
        self.default_refusal = "hide"
        self.project_privileges: Mapping[str, Any] = {}

    def parse(self) -> Declaration:
        self.reject_unknown()
        factory, model = self.objects()
        kinds = shapes.kinds(self, self.raw)
        self.endpoint = self.endpoint.with_kinds(kinds)  # outcome words follow the kinds
        if model is not None:
            objects.check_lookup(self, model)
        owner = objects.owner(self, self.raw, model) if model is not None else None
        make = self.make()
        has_owner = owner is not None or make is not None
        needs_owner = model is not None and not has_owner  # objects need an owner path
        policy, read = access.policy(self, self.raw, self.default_policy, needs_owner)
        granted = grants.grants(self, self.raw)
        grants.check_object_grants(self, granted, model, policy)
        actors = access.actors(self, self.raw, self.fixture_exists, granted)
        declaration = Declaration(
            factory=factory,
            model=model,
            policy=policy,
            owner=owner,
            make=make,
            read=read,
            access=access.access(self, self.raw, actors, has_owner),
            payload=self.payload(),
            parents=shapes.parents(self, self.raw, model),
            skip=shapes.skip(self, self.raw),
            rows=shapes.rows(self, self.raw),
            envelope=shapes.envelope(self, self.raw),
            headers=shapes.headers(self, self.raw),
            url_kwargs=shapes.url_kwargs(self, self.raw),
            kinds=kinds,
            measure_as=access.measure_as(self, self.raw, actors, has_owner),
            refusal=access.refusal(self, self.raw, self.default_refusal),
            soft_delete=shapes.soft_delete(self, self.raw, model),
            params=intent.params(self, self.raw),
            transfer=intent.transfer(self, self.raw, owner),
            privileges=(privileged := intent.privileges(self, self.raw, self.project_privileges)),
            grantors=intent.grantors(self, self.raw, actors, privileged),
            actors=actors,
            grants=granted,
            max_page_size=self.positive_int(self.raw.get("max_page_size"), "max_page_size"),
            family_fields={
                name: parser(self.raw.get(name), FieldCheck(self.endpoint, name))
                for name, parser in self.family_fields.items()
            },
        )
        shapes.check_url_kwargs(self, declaration.parents, declaration.url_kwargs)
        return declaration

    def reject_unknown(self) -> None:
        known = (*FIELDS, *self.family_fields)
        unknown = sorted(set(self.raw) - set(known))
        if unknown:
            close = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            raise self.fail(unknown[0], f"unknown field{hint}")

    def objects(self) -> tuple[Any, type[Model] | None]:
        """(factory, model); a plain view whose URL names no object may declare none."""
        if is_generic(self.endpoint.view) or self.raw.get("factory") is not None:
            return objects.factory(self, self.raw)
        named = [route.path for route in self.endpoint.routes if route.detail]
        if named:
            raise self.fail(
                "factory",
                f"the URL {named[0]} names an object by {{{self.endpoint.lookup_url_kwarg}}}: "
                "declare the factory (and owner) of the objects it names",
            )
        return None, None  # a plain view: the access matrix per method only

    def make(self) -> Callable[[Any], Model] | str | None:
        make = self.raw.get("make")
        if make is None or callable(make):
            return make
        if not isinstance(make, str):
            raise self.fail("make", f"{make!r} must be a callable, a dotted path or a fixture name")
        if "." in make:
            try:
                imported: Callable[[Any], Model] = import_string(make)
            except ImportError as error:
                raise self.fail("make", f"cannot import {make!r} ({error})") from None
            return imported
        if not self.fixture_exists(make):
            raise self.fail("make", f"no fixture named {make!r}")
        return make

    def payload(self) -> Mapping[str, Any] | Callable[..., Mapping[str, Any]] | None:
        payload = self.raw.get("payload")
        if payload is None or callable(payload) or isinstance(payload, Mapping):
            return payload
        raise self.fail("payload", "must be a dict of field values or a callable")
