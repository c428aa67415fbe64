"""Exposure: no response, to any actor, carries a password hash (told by its format), a
secret-named field (unless declared for its owner) or another user's private field; error
responses never echo a secret the request sent; no serializer renders ``fields = "__all__"``
over a user-like model.

One item per action (``exposure[list]``, ``exposure[create]``): a read sends as every actor
the action answers, a write as its measuring actor, then once more with secret fields set to
a marker and the body invalid. ``exposure[serializer]`` exists only where collection found a
serializer rendering a user model whole: it fails naming the class.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pytest

from ...declare.outcomes import ALLOWED, measuring_actor, outcome_for
from ...declare.policy import BUILTIN_ACTORS, Kind
from .. import Case, Context, named_routes

if TYPE_CHECKING:
    from ...declare.declaration import Declaration
    from ...declare.discovery import Endpoint, Route
    from ...declare.fields import FieldCheck, FieldParser

INI = "guard_exposed_to_owner"
READS = (Kind.COLLECTION_READ, Kind.DETAIL_READ, Kind.READ)


def _names(value: Any, check: FieldCheck, shape: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise check.error(f"must be a list of field names: {shape}")
    for name in value:
        if not isinstance(name, str) or not name.strip():
            raise check.error(f"{name!r} is not a field name: {shape}")
    return list(value)


def parse_exposed(value: Any, check: FieldCheck) -> frozenset[str]:
    """``Guard.exposed_to_owner = ["api_token"]``: secret-named fields the owner may read on
    its own row (a token shown once at creation)."""
    if value is None:
        return frozenset()
    return frozenset(_names(value, check, 'exposed_to_owner = ["api_token"]'))


def parse_exposed_to_all(value: Any, check: FieldCheck) -> dict[str, str]:
    """``Guard.exposed_to_all = {"secret": "<why every reader may see it>"}``: a secret-named
    field this view shows to everyone it answers, on purpose (a waiver, with its reason)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise check.error('must be a dict: {"<field>": "<why every reader may see it>"}')
    for name, why in value.items():
        if not isinstance(name, str) or not isinstance(why, str) or not why.strip():
            raise check.error(f"{name!r} needs a reason: why may every reader see it?")
    return dict(value)


def parse_private(value: Any, check: FieldCheck) -> dict[str, frozenset[str]]:
    """``Guard.private_fields = ["email"]`` (the owner alone) or ``{"email": ["owner",
    "staff"]}``: fields only the row's owner, and the actors named, may read."""
    shape = 'private_fields = ["email"] or {"email": ["owner", "staff"]}'
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        return {name: frozenset({"owner"}) for name in _names(value, check, shape)}
    from ...declare.fields import guard_class_fields

    declared = (guard_class_fields(check.endpoint.view) or {}).get("actors") or {}
    known = {*BUILTIN_ACTORS, *declared}
    parsed: dict[str, frozenset[str]] = {}
    for name, actors in value.items():
        _names([name], check, shape)
        who = _names(actors, check, shape)
        unknown = [actor for actor in who if actor not in known]
        if unknown:
            raise check.error(
                f"{name!r}: {unknown[0]!r} is not an actor (known: {', '.join(sorted(known))})"
            )
        parsed[name] = frozenset({"owner", *who})
    return parsed


def anyone_may_read(ctx: Context) -> frozenset[str]:
    """The secret-named fields ``Guard.exposed_to_all`` waives for every reader."""
    return frozenset(ctx.declaration.family_fields.get("exposed_to_all", {}))


def owner_may_read(ctx: Context) -> frozenset[str]:
    """The secret-named fields the row's owner may read: ``Guard.exposed_to_owner`` and the
    ini's ``guard_exposed_to_owner`` lines for the endpoint's model."""
    declared: frozenset[str] = ctx.declaration.family_fields.get("exposed_to_owner", frozenset())
    model = ctx.declaration.model
    if model is None:
        return declared
    lines = ctx.config.getini(INI)
    return declared | {
        line.rsplit(".", 1)[1] for line in lines if line.rsplit(".", 1)[0] == model._meta.label
    }


class ExposureChecks:
    name = "exposure"
    marker = "guard_exposure"
    description = "generated exposure test: no password hash, secret or other user's private field"
    fields: Mapping[str, FieldParser] = {
        "exposed_to_owner": parse_exposed,
        "exposed_to_all": parse_exposed_to_all,
        "private_fields": parse_private,
    }

    @pytest.hookimpl
    def pytest_configure(self, config: pytest.Config) -> None:
        malformed = [line for line in config.getini(INI) if line.count(".") != 2]
        if malformed:
            raise pytest.UsageError(
                f"{INI} = {malformed[0]}: expected app_label.Model.field, e.g. notes.Note.secret"
            )

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from .check import check_read, check_serializer, whole_users
        from .write import check_write

        found = whole_users(endpoint)
        if found:
            yield Case(id="serializer", run=partial(check_serializer, found), action="serializer")
        for name, route in named_routes(endpoint):
            if route.method in ("DELETE", "OPTIONS", "HEAD"):
                continue
            read = route.kind in READS
            actor = None if read else measuring_actor(declaration, route)
            if not (answered(declaration, route) if read else actor):
                continue  # answered to nobody: no response to look at (permissions proves it)
            yield Case(
                id=name,
                run=partial(check_read if read else check_write, route),
                action=route.action,
                actor=actor,
                skip=declaration.skip.get(route.action),
            )


def answered(declaration: Declaration, route: Route) -> list[str]:
    """The actors the declaration says ``route`` answers with a 2xx."""
    return [
        actor
        for actor in declaration.all_actors
        if outcome_for(declaration, route, actor)[0] in ALLOWED
    ]
