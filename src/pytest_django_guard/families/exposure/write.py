"""Writes: the answer to a create or an update carries no hash, no secret (the writer's own,
where declared, excepted); and an invalid body's 4xx does not echo the secret it carried.

The echo probe sets every secret-named writable field (and ``password``, which a view reading
``request.data`` by hand may take) to a marker, and leaves the rest out; where that is
accepted (a partial update, optional fields) it sends every other field a JSON object, which
no scalar, relation or list field accepts. Only a 4xx is judged: it is the error path. A
create or update that still accepts the body fails "could not verify"; a custom action may
ignore its body (a "cancel", a "publish"): its answer alone is judged there.
"""

from __future__ import annotations

import hashlib
from typing import Any

from rest_framework import serializers

from ...declare.discovery import Route
from ...endpoint import secrets
from ...endpoint.payloads import DERIVED, serializer_for
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import body_of, describe
from ...findings import SentRequest
from .. import Context
from . import anyone_may_read, owner_may_read
from .check import leaked, row_of

ECHO_EXPECTED = (
    "an error response that does not repeat the secret the request sent — error bodies are "
    "logged and shown, and a password in one is a password in the logs"
)
ECHO_HINT = (
    "answer serializer.errors (or a message of your own), never request.data or the "
    "submitted values of secret fields"
)
MAKE_IT_ANSWER = "make the request succeed for {actor} (Guard.payload) or declare Guard.measure_as"
# A choice or a reference: DRF's own error names the value sent ("x" is not a valid choice,
# "Object with key=x does not exist"); the client names something, it does not confide it.
_NAMING = (serializers.ChoiceField, serializers.RelatedField, serializers.ManyRelatedField)
INVALID = {"guard-invalid": ["not a value this field accepts"]}


def check_write(route: Route, ctx: Context) -> None:
    request = ctx.measuring_request(route)
    payload = request.build_payload()
    response = ctx.send(request, payload)
    if not 200 <= response.status_code < 300:
        why = f"{request.actor}'s {route.action} answered {describe(response)}: no answer to read"
        raise ctx.could_not_verify(request, why, MAKE_IT_ANSWER.format(actor=request.actor))
    own = route.kind.is_write and (
        not route.detail or ctx.data.owns(ctx.declaration, request.actor, request.obj)
    )
    exposed, public = owner_may_read(ctx), anyone_may_read(ctx)
    body = body_of(response)
    row = row_of(ctx, body)
    found = secrets.leaks(
        body, allowed=lambda f, holder: f in public or (own and holder is row and f in exposed)
    )
    if found:
        raise leaked(ctx, request, found)
    check_echo(ctx, request)


def check_echo(ctx: Context, request: ActionRequest) -> None:
    marker = "guard-secret-" + hashlib.sha1(ctx.endpoint.label.encode()).hexdigest()[:10]
    secret, other = _writable(request)
    body: dict[str, Any] = dict.fromkeys(["password", *secret], marker)
    response, sent = _probe(ctx, request, body)
    if 200 <= response.status_code < 300 and other:
        response, sent = _probe(ctx, request, {**body, **dict.fromkeys(other, INVALID)})
    if not 400 <= response.status_code < 500:
        if request.route.action not in DERIVED:
            return  # a body it does not read: its answer was judged, no error path to look at
        raise ctx.could_not_verify(
            request,
            f"a body with {', '.join(sorted(body))} set and the rest "
            f"{'invalid' if other else 'left out'} answered {describe(response)}: there was "
            "no error response to look at",
            f'declare Guard.skip = {{"{request.route.action}": "<why it accepts any body>"}}',
        )
    if marker in response.content.decode(errors="replace"):
        raise ctx.failure(
            request,
            expected=ECHO_EXPECTED,
            got=f"the {response.status_code} body repeats the {marker!r} sent in "
            f"{', '.join(sorted(body))}: {describe(response)}",
            hint=ECHO_HINT,
            sent=sent,
        )


def _probe(ctx: Context, request: ActionRequest, body: dict[str, Any]) -> tuple[Any, SentRequest]:
    sent = SentRequest(request.route.method, request.url, request.wrap(body), request.headers())
    response = request.send(body, url=request.url)
    ctx.judge(request, response, during="the secret-echo probe", sent=sent)
    return response, sent


def _writable(request: ActionRequest) -> tuple[list[str], list[str]]:
    """The writable fields of the action's serializer: (secret-named, the others)."""
    try:
        fields = serializer_for(request.view()).fields
    except Exception:  # a plain view or an action without a serializer: its body is unknown
        return [], []
    writable = {name: field for name, field in fields.items() if not field.read_only}
    secret = [
        name
        for name, field in writable.items()
        if secrets.secret_name(name) and not isinstance(field, _NAMING)
    ]
    return secret, [name for name in writable if name not in secret]
