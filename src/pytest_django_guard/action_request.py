"""One route requested as one actor: the URL and write payload derived from the declaration.

Shared by every check family that sends requests, so they all hit endpoints the same way.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from . import http, payloads
from .declaration import Declaration
from .discovery import Endpoint, Route
from .endpoint_data import attribute, make_owned

if TYPE_CHECKING:
    from .checks import Context

DERIVED = ("create", "update", "partial_update")  # actions whose payload is derived


class ActionRequest:
    """Detail routes target the owner's row; collection routes the actor's own row's parent."""

    def __init__(self, ctx: Context, route: Route, actor: str) -> None:
        self.ctx, self.route, self.actor = ctx, route, actor
        self.user = ctx.data.users[actor]
        target = ctx.data.target
        self.url_object = target if route.detail else ctx.data.own_object.get(actor, target)
        self.url = url_for(ctx.endpoint, ctx.declaration, route, self.url_object)
        self.changed: list[str] = []  # payload fields that differ from the target row
        self.title = f"{ctx.endpoint.label}: {route.action} as {actor} ({route.method} {self.url})"

    def send(self, payload: Any = None, url: str | None = None) -> Any:
        return http.send(self.user, self.route.method, url or self.url, payload)

    def unexpected(self, response: Any) -> tuple[str, str] | None:
        """(what happened, hint) when the request hit the network or the server failed."""
        attempts = self.ctx.network_attempts()
        if attempts:
            return (
                f"the endpoint tried to reach {', '.join(attempts)}",
                "mock the call with the `responses` library or move it out of the request path",
            )
        if response.status_code >= 500:
            return http.server_error(response), "a 5xx is never acceptable; fix the exception"
        return None

    def view(self) -> Any:
        kwargs = url_kwargs(self.ctx.endpoint, self.ctx.declaration, self.route, self.url_object)
        return payloads.view_for(self.ctx.endpoint, self.route, self.user, self.url, kwargs)

    def build_payload(self) -> Any:
        """None for reads; for writes the derived payload, overlaid by ``Guard.payload``."""
        if self.route.method in ("GET", "HEAD", "OPTIONS"):
            return None
        declaration, data, action = self.ctx.declaration, self.ctx.data, self.route.action
        declared = payloads.declared(declaration, action, self.user, data.target)
        if action not in DERIVED:
            return declared
        serializer = payloads.serializer_for(self.view())
        payload = payloads.derive(
            serializer,
            related_from=self.related_source(),
            values_from=declaration.factory.build(),
        )
        payload.update(declared)
        if action != "create":
            self.changed = payloads.changed_fields(serializer, payload, data.target)
        if action == "partial_update" and self.changed:
            keep = {self.changed[0], *declared}
            payload = {name: value for name, value in payload.items() if name in keep}
            self.changed = self.changed[:1]
        return payload

    def related_source(self) -> Model:
        """A saved row whose relations the actor may legitimately point at."""
        data = self.ctx.data
        if self.route.detail or self.user is None or not self.ctx.declaration.has_owner:
            return data.target
        own = data.own_object.get(self.actor)
        if own is not None:
            return own
        return make_owned(self.ctx.declaration, self.user, self.ctx.resolve)

    def missing_url(self) -> str:
        """The same URL with a lookup value that matches no row."""
        lookup = missing_lookup(self.ctx.endpoint, self.ctx.declaration.model)
        return url_for(
            self.ctx.endpoint, self.ctx.declaration, self.route, self.url_object, lookup=lookup
        )


def url_kwargs(
    endpoint: Endpoint, declaration: Declaration, route: Route, obj: Model, lookup: Any = None
) -> dict[str, Any]:
    kwargs = {kwarg: attribute(obj, path) for kwarg, path in declaration.parents.items()}
    if route.detail:
        lookup_field = getattr(endpoint.view, "lookup_field", "pk")
        kwargs[endpoint.lookup_url_kwarg] = (
            lookup if lookup is not None else attribute(obj, lookup_field)
        )
    return kwargs


def url_for(
    endpoint: Endpoint, declaration: Declaration, route: Route, obj: Model, lookup: Any = None
) -> str:
    """The route's URL for ``obj`` (or for ``lookup`` in place of the object's lookup value)."""
    kwargs = url_kwargs(endpoint, declaration, route, obj, lookup)
    return route.path.format(**{k: str(v) for k, v in kwargs.items()})


def missing_lookup(endpoint: Endpoint, model: type[Model]) -> Any:
    """A lookup value of the right type that matches no row."""
    name = getattr(endpoint.view, "lookup_field", "pk")
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name.split("__")[0])
        internal = field.get_internal_type()
    except Exception:
        internal = ""
    if "Integer" in internal or "AutoField" in internal:
        return 2_147_483_000
    if internal == "UUIDField":
        return uuid.UUID("00000000-0000-4000-8000-00000000dead")
    return "guard-missing-object"
