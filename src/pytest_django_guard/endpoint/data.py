"""The rows and users one endpoint's checks share: built once, read-only afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.db.models import Model

from ..declare.declaration import Declaration
from ..declare.discovery import STANDARD_ACTIONS, Endpoint
from .users import grant

Resolve = Callable[[str], Any]  # request.getfixturevalue
SELF = "self"  # Guard.owner = "self": the object is the user itself (a "me" endpoint)


@dataclass
class EndpointData:
    """Users per actor, the owner's object every detail action targets, and the other rows."""

    users: dict[str, Any]  # actor -> user; anonymous -> None
    target: Model | None  # None for a plain view declared without objects
    rows: list[Model]  # every row built, target first
    own_object: dict[str, Model] = field(default_factory=dict)  # actor -> a row it owns

    def owns(self, declaration: Declaration, actor: str, obj: Model) -> bool:
        """Whether ``actor`` owns ``obj``: by the owner path when declared, else by construction."""
        user = self.users.get(actor)
        if user is None:
            return False
        if declaration.owner is not None:
            return owned_by(type(obj), obj.pk, declaration.owner, user)
        return self.own_object.get(actor) == obj


def owned_by(model: type[Model], pk: Any, owner: str, user: Any) -> bool:
    """Whether row ``pk`` reaches ``user`` through the owner path, asked of the database."""
    if owner == SELF:  # the object is the user
        return bool(pk == user.pk)
    return bool(model._base_manager.filter(pk=pk, **{owner: user}).exists())


def build(
    declaration: Declaration, resolve: Resolve, *, every_actor_owns: bool = False
) -> EndpointData:
    """Create the users and rows for one endpoint.

    ``every_actor_owns``: on a singleton endpoint every signed-in actor is served its own
    object, and a list-level custom write is sent about the actor's own; so staff and custom
    actors get one too.
    """
    make_user = resolve("guard_user_factory")
    users: dict[str, Any] = {"anonymous": None}
    if declaration.has_owner:
        users["owner"] = make_user("owner")
    users["other"] = make_user("other")
    users["staff"] = make_user("staff", is_staff=True)
    if declaration.factory is None:  # a plain view: users only
        return EndpointData(
            users=_custom_actors(declaration, users, None, resolve), target=None, rows=[]
        )
    if declaration.has_owner:
        target = make_owned(declaration, users["owner"], resolve)
        second = make_owned(declaration, users["other"], resolve)
        own = {"owner": target, "other": second}
    else:
        target = declaration.factory()
        second = declaration.factory()
        own = {}
    _custom_actors(declaration, users, target, resolve)
    rows = [target, second]
    if every_actor_owns and declaration.has_owner:
        for actor, user in users.items():
            if user is not None and actor not in own:
                own[actor] = make_owned(declaration, user, resolve)
                rows.append(own[actor])
    return EndpointData(users=users, target=target, rows=rows, own_object=own)


def every_actor_owns(endpoint: Endpoint) -> bool:
    """Whether each actor needs a row of its own: a singleton route serves it, and a list-level
    custom write is sent about it."""
    return any(
        route.singleton
        or (
            route.action not in STANDARD_ACTIONS
            and route.kind.is_write
            and not route.detail
            and not route.plain
        )
        for route in endpoint.routes
    )


def _custom_actors(
    declaration: Declaration, users: dict[str, Any], target: Model | None, resolve: Resolve
) -> dict[str, Any]:
    """Add each custom actor's user, made by its ``guard_actor_<name>`` fixture for ``target``,
    and give built-in actors what ``Guard.actors`` says they hold."""
    for actor, held in declaration.grants.items():
        if actor not in declaration.actors and users.get(actor) is not None:
            grant(users[actor], held, target)
    user_model = get_user_model()
    for actor in declaration.actors:
        if actor in declaration.grants:  # a permission actor: a plain user given what it holds
            made = resolve("guard_user_factory")(actor)
            users[actor] = grant(made, declaration.grants[actor], target)
            continue
        user = resolve(f"guard_actor_{actor}")(target)
        if not isinstance(user, user_model):
            raise TypeError(
                f"the fixture guard_actor_{actor} returned {user!r}, not a user "
                f"({user_model._meta.label}): return the user who acts as {actor}"
            )
        users[actor] = user
    return users


def make_owned(declaration: Declaration, user: Any, resolve: Resolve) -> Model:
    """A saved row owned by ``user``, through ``Guard.make`` or the factory's owner kwarg.

    What it returns is checked: a ``make`` that returns None, an unsaved row or another
    user's row would make every check below it prove nothing.
    """
    make, owner = declaration.make, declaration.owner
    if isinstance(make, str):
        make = resolve(make)
    if make is not None:
        obj: Any = make(user)
        how = "Guard.make(user)"
    elif owner == SELF:
        return user  # type: ignore[no-any-return]
    else:
        assert owner is not None
        how = f"{declaration.factory.__name__}({owner}=user)"
        try:
            obj = declaration.factory(**{owner: user})
        except (TypeError, ValueError, AttributeError, FieldError) as error:  # the owner path
            raise ValueError(
                f"{how} failed ({type(error).__name__}: {error}): declare Guard.make = "
                "(user) -> a saved object the user owns"
            ) from error
    model = declaration.model
    if model is not None and (not isinstance(obj, model) or obj.pk is None):
        raise TypeError(f"{how} returned {obj!r}, not a saved {model._meta.label}")
    if model is not None and owner not in (None, SELF) and not owned_by(model, obj.pk, owner, user):
        raise ValueError(
            f"{how} returned {model._meta.label} {obj.pk}, which owner = {owner!r} does not "
            "lead back to the user it was made for"
        )
    made: Model = obj
    return made


def attribute(obj: Any, path: str) -> Any:
    """Follow an ORM-style ``a__b`` path (or a plain attribute) on an object."""
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def soft_deleted(row: Model, declared: Any) -> bool:
    """Whether ``row`` carries the ``Guard.soft_delete`` mark: a field set (not null / truthy),
    ``{field: value}`` pairs, or a callable ``row -> bool``."""
    if callable(declared):
        return bool(declared(row))
    if isinstance(declared, str):
        return bool(attribute(row, declared))
    return all(attribute(row, name) == value for name, value in declared.items())
