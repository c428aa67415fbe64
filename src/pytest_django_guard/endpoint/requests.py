"""One route requested as one actor: the URL and write payload derived from the declaration.

Shared by every check family that sends requests, so they all hit endpoints the same way.
This layer sends and describes what it sent; the families judge the response.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model

from ..declare.declaration import Declaration
from ..declare.discovery import Endpoint, Route
from ..declare.intent import params_for
from ..findings import SentRequest
from . import client, collisions, payloads
from .data import EndpointData, Resolve, attribute, make_owned
from .responses import Listing, read_list


class ActionRequest:
    """Detail routes target the owner's row; collection routes the actor's own row's parent.

    A singleton route ("me" endpoints: a detail route without a lookup in its URL) serves each
    actor its own object, so that is the one the request is about.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        declaration: Declaration,
        data: EndpointData,
        resolve: Resolve,
        route: Route,
        actor: str,
    ) -> None:
        self.endpoint, self.declaration, self.data, self.resolve = (
            endpoint,
            declaration,
            data,
            resolve,
        )
        self.route, self.actor = route, actor
        self.user = data.users[actor]
        target = data.target
        own = data.own_object.get(actor, target)
        self.url_object: Model | None = own if route.singleton or not route.detail else target
        self.url = url_for(endpoint, declaration, route, self.url_object)
        self.changed: list[str] = []  # payload fields that differ from the target row
        self.settled = collisions.Settled()  # what the last derived payload had to change
        self.made: Model | None = None  # the row made for an actor who owns none
        self.sent = SentRequest(route.method, self.url)  # the last request sent to self.url

    @property
    def obj(self) -> Model:
        """The object the request is about (every route but a plain view's has one)."""
        assert self.url_object is not None, "a plain view declared without objects"
        return self.url_object

    def send(self, payload: Any = None, url: str | None = None) -> Any:
        """One request as the actor; a server error becomes a 500 response, never a raise."""
        body = self.wrap(payload)
        headers = self.headers()
        if url is None:
            self.sent = SentRequest(self.route.method, self.url, body, headers)
        return client.send(self.user, self.route.method, url or self.url, body, headers)

    def wrap(self, payload: Any) -> Any:
        """The body on the wire: the payload inside ``Guard.envelope`` when declared."""
        envelope = self.declaration.envelope
        if payload is None or envelope is None or isinstance(payload, client.Raw):
            return payload
        return {envelope: payload}

    def headers(self) -> dict[str, str]:
        """``Guard.headers`` for this actor's user (a tenant header, an API version)."""
        declared = self.declaration.headers
        if declared is None:
            return {}
        return dict(declared(self.user) if callable(declared) else declared)

    def listing(self, response: Any) -> Listing:
        """The rows of a list response, read through the view's paginator or Guard.rows."""
        paginator = getattr(self.view(), "paginator", None)
        return read_list(response, paginator, self.declaration.rows)

    def view(self) -> Any:
        kwargs = url_kwargs(self.endpoint, self.declaration, self.route, self.url_object)
        return payloads.view_for(
            self.endpoint, self.route, self.user, self.url, kwargs, self.headers()
        )

    def build_payload(self) -> Any:
        """None for reads; for writes the derived payload, overlaid by ``Guard.payload``."""
        payload, self.changed = self.derive_payload()
        return payload

    def derive_payload(self, room_for: Iterable[Model] = ()) -> tuple[Any, list[str]]:
        """A payload with fresh values on each call, and the fields it changes on the row.

        It breaks no uniqueness rule of the model (``collisions.settle``): the rows that had to
        make room are in ``self.settled``; ``room_for`` are other users' rows a probe needs out
        of the way where the model allows one row per owner.
        """
        if self.route.method in ("GET", "HEAD", "OPTIONS"):
            return None, []
        declaration, action = self.declaration, self.route.action
        declared = payloads.declared(declaration, action, self.user, self.url_object)
        if action not in payloads.DERIVED:
            return self.custom_payload(declared), []
        serializer = payloads.serializer_for(self.view())
        related_from = self.related_source()
        payload = payloads.derive(
            serializer, related_from=related_from, values_from=declaration.factory.build()
        )
        payload.update(declared)
        self.settled = collisions.settle(
            declaration,
            serializer,
            payload,
            user=self.user,
            related_from=related_from,
            stored=None if action == "create" else self.obj,
            declared=declared,
            room_for=room_for,
        )
        if action == "create":
            return payload, []
        changed = payloads.changed_fields(serializer, payload, self.obj)
        if action == "partial_update" and changed:
            keep = {changed[0], *declared}
            payload = {name: value for name, value in payload.items() if name in keep}
            changed = changed[:1]
        return payload, changed

    def custom_payload(self, declared: dict[str, Any]) -> dict[str, Any]:
        """A custom action's body: what ``Guard.payload`` declares, over every writable field
        of the action's own serializer where it names one (``@action(serializer_class=...)``);
        an action without one may read anything, so only the declaration can say."""
        if not payloads.reads_body(self.endpoint, self.route):
            return declared
        serializer = payloads.serializer_for(self.view(), self.obj if self.route.detail else None)
        payload = payloads.derive(
            serializer,
            related_from=self.related_source(),
            values_from=self.declaration.factory.build(),
        )
        return {**payload, **declared}

    def related_source(self) -> Model:
        """A saved row whose relations the actor may legitimately point at."""
        data = self.data
        if self.route.detail or self.user is None or not self.declaration.has_owner:
            return self.obj
        own = data.own_object.get(self.actor)
        if own is not None:
            return own
        if self.made is None:  # made once: a probe's payload must not make a second one
            self.made = make_owned(self.declaration, self.user, self.resolve)
        return self.made

    def url_under(self, obj: Model) -> str:
        """The route's URL for ``obj``: its parents' kwargs (and its lookup on detail routes)."""
        return url_for(self.endpoint, self.declaration, self.route, obj)

    def url_across(self, parent_of: Model, obj: Model) -> str:
        """``obj``'s detail URL under ``parent_of``'s parents (a cross-parent request)."""
        lookup = attribute(obj, getattr(self.endpoint.view, "lookup_field", "pk"))
        return url_for(self.endpoint, self.declaration, self.route, parent_of, lookup=lookup)

    def missing_url(self) -> str:
        """The same URL with a lookup value that matches no row."""
        assert self.declaration.model is not None, "only views with objects hide them"
        lookup = missing_lookup(self.endpoint.view, self.declaration.model)
        return url_for(self.endpoint, self.declaration, self.route, self.url_object, lookup=lookup)


def url_kwargs(
    endpoint: Endpoint,
    declaration: Declaration,
    route: Route,
    obj: Model | None,
    lookup: Any = None,
) -> dict[str, Any]:
    kwargs = dict(declaration.url_kwargs)
    if obj is None:  # a plain view without objects: its URL kwargs are all declared
        return kwargs
    kwargs.update({kwarg: attribute(obj, path) for kwarg, path in declaration.parents.items()})
    if route.detail:
        lookup_field = getattr(endpoint.view, "lookup_field", "pk")
        kwargs[endpoint.lookup_url_kwarg] = (
            lookup if lookup is not None else attribute(obj, lookup_field)
        )
    return kwargs


def url_for(
    endpoint: Endpoint,
    declaration: Declaration,
    route: Route,
    obj: Model | None,
    lookup: Any = None,
) -> str:
    """The route's URL for ``obj`` (or for ``lookup`` in place of the object's lookup value)."""
    kwargs = url_kwargs(endpoint, declaration, route, obj, lookup)
    path = route.path.format(**{k: str(v) for k, v in kwargs.items()})
    params = params_for(declaration.params.get(route.action), obj)
    return f"{path}?{urlencode(params, doseq=True)}" if params else path


def missing_lookup(view: Any, model: type[Model]) -> Any:
    """A lookup value of the right type that matches no row."""
    name = getattr(view, "lookup_field", "pk")
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
