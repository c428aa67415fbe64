"""Ordering never sorts by a secret: ``?ordering=owner__password`` is refused or ignored.

A list sorted by another user's password hash (or any secret-named field of the row or of a
row it points at) reveals the secret one comparison at a time. The probe makes the secret
observable: it writes distinct values into that field for the rows the actor sees, in the
reverse of the list's order, so that sorting by the secret reverses the list. Then the order
with the parameter says what happened: the same as without it (ignored), reversed (sorted by
the secret), or a refusal (4xx). Anything else, or fewer than two rows with different
secrets, is "could not verify", never a pass.

On an "own" list every row the actor sees is its own: its own fields and the user the owner
path starts with are the actor's, so only secrets of other rows it points at are probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from ...endpoint.query_params import QueryParam
from ...endpoint.rows import CannotAdd, add_row
from .listed import ReadIds, Shown, with_query
from .run import PermissionRun

SECRET_WORDS = ("password", "secret", "token", "api_key", "apikey", "private_key")
_TEXT = ("CharField", "TextField")


@dataclass(frozen=True)
class SecretTerm:
    """An ordering term that reaches a secret: ``owner__password`` (relation ``owner``)."""

    relation: str  # the forward relation from the row ("" for the row's own field)
    model: type[Model]  # the model the secret is a field of
    field: str

    @property
    def term(self) -> str:
        return f"{self.relation}__{self.field}" if self.relation else self.field

    @property
    def shown_as(self) -> str:
        return self.term.replace("__", ".")


def secret_terms(model: type[Model], owner: str | None, own: bool) -> list[SecretTerm]:
    """Secret-named text fields of the row and of the rows its forward relations point at."""
    terms = [SecretTerm("", model, name) for name in _secrets(model)]
    for field in model._meta.concrete_fields:
        related = field.related_model
        if (field.many_to_one or field.one_to_one) and isinstance(related, type):
            terms += [SecretTerm(field.name, related, name) for name in _secrets(related)]
    first_hop = (owner or "").split("__")[0]
    return [t for t in terms if not own or t.relation not in ("", first_hop)]


def _secrets(model: type[Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.get_internal_type() in _TEXT and any(w in field.name for w in SECRET_WORDS)
    ]


def expect_ordering_hides_secrets(
    run: PermissionRun, params: list[QueryParam], shown: Shown, read: ReadIds
) -> None:
    own = run.exp.outcome == "own"
    for term in secret_terms(run.model, run.ctx.declaration.owner, own):
        for param in params:
            _probe(run, param, term, shown, read)


def _holders(run: PermissionRun, shown: Shown, ids: list[str], term: SecretTerm) -> list[Any]:
    """(id, holder pk) of the first row shown per distinct holder of the secret, in order."""
    attr = shown.attribute()
    column = f"{term.relation}__pk" if term.relation else "pk"
    found = run.model._base_manager.filter(**{f"{attr}__in": ids}).values_list(attr, column)
    holder_of = {str(value): holder for value, holder in found}
    firsts: dict[Any, str] = {}
    for ident in ids:
        holder = holder_of.get(ident)
        if holder is not None and holder not in firsts:
            firsts[holder] = ident
    return [(ident, holder) for holder, ident in firsts.items()]


def _enough_rows(run: PermissionRun, shown: Shown, read: ReadIds, term: SecretTerm) -> list[Any]:
    """The rows with distinct holders, adding rows for the actor when fewer than two show."""
    pairs = _holders(run, shown, shown.ids, term)
    if len(pairs) < 2:
        user = run.user or run.ctx.data.users.get("owner")
        try:
            for _ in range(2 - len(pairs)):
                add_row(run.ctx.declaration, user, run.url_object, run.ctx.resolve)
        except CannotAdd:
            return pairs
        pairs = _holders(run, shown, read(run.send(None), " after adding rows"), term)
    return pairs


def _probe(
    run: PermissionRun, param: QueryParam, term: SecretTerm, shown: Shown, read: ReadIds
) -> None:
    pairs = _enough_rows(run, shown, read, term)
    if len(pairs) < 2:
        raise run.ctx.could_not_verify(
            run.request,
            f"ordering by {term.term} cannot be observed: the list shows fewer than two rows "
            f"with different {term.relation or 'rows'}",
            f"make Guard.factory give each row its own {term.relation or 'row'}, or declare "
            f'Guard.filters = {{"{run.route.action}": {{"{param.name}": None}}}}',
        )
    count = len(pairs)
    for index, (_, holder) in enumerate(pairs):  # the last row shown gets the smallest value
        value = f"g{count - 1 - index:03d}"
        term.model._base_manager.filter(pk=holder).update(**{term.field: value})
    probed = [ident for ident, _ in pairs]
    plain = _order(run, read, shown, probed, run.request.url, " after the secrets were set")
    if plain is None:  # the control: without it a refusal of the parameter proves nothing
        raise run.ctx.could_not_verify(
            run.request,
            f"once {term.term} was set on {len(probed)} rows, the list without ?{param.name} "
            f"was refused too, so a refusal of ?{param.name}={term.term} proves nothing",
            f"let the list answer whatever {term.term} holds, or declare Guard.filters = "
            f'{{"{run.route.action}": {{"{param.name}": None}}}}',
        )
    url = with_query(run.request.url, {param.name: term.term})
    ordered = _order(run, read, shown, probed, url, f" with {url}")
    if ordered is None or ordered == plain:
        return  # refused (4xx), or ignored
    # Sorted by the secret, the list is reversed; sorted the other way, it is as shown.
    labels = [f"{shown.key}={i}" for i in probed]
    descending = with_query(run.request.url, {param.name: f"-{term.term}"})
    both_ways = ordered == labels[::-1] and (
        _order(run, read, shown, probed, descending, f" with {descending}") == labels
    )
    if not both_ways:
        ordered = None  # the order changed some other way: no proof it sorted by the secret
    _judge(run, param, term, url, ordered, plain or [])


def _order(
    run: PermissionRun, read: ReadIds, shown: Shown, probed: list[str], url: str, where: str
) -> list[str] | None:
    """The probed rows as ``url`` lists them (``id=3``), in order; None on a refusal."""
    response = run.send(None, url)
    if not 200 <= response.status_code < 300:
        return None
    return [f"{shown.key}={i}" for i in read(response, where) if i in probed]


def _judge(
    run: PermissionRun,
    param: QueryParam,
    term: SecretTerm,
    url: str,
    ordered: list[str] | None,
    plain: list[str],
) -> None:
    """Sorted by the secret both ways (``ordered`` set): a failure; otherwise nobody can tell."""
    if ordered is None:
        raise run.ctx.could_not_verify(
            run.request,
            f"with ?{param.name}={term.term} the order changed, but not by {term.shown_as} "
            f"both ways (without it: {', '.join(plain)}): cannot tell what it sorted by",
            f'declare Guard.filters = {{"{run.route.action}": {{"{param.name}": None}}}} if '
            "the parameter sorts by something else",
        )
    raise run.failure(
        f"?{param.name}={term.term} refused (4xx) or ignored (the order without it): "
        f"{term.shown_as} is a secret",
        f"the rows came back sorted by {term.shown_as}, a secret field",
        'name the orderable fields, e.g. ordering_fields = ["name", "created_at"]: '
        '"__all__" (or a hand-read sort parameter) lets clients sort by any field, and the '
        "order reveals the secret one comparison at a time",
        details=[
            f"order: {', '.join(ordered)} (by {term.shown_as}); without it: {', '.join(plain)}",
            f"sent: GET {url}",
            f"read by {param.source}",
        ],
    )
