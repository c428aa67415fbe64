"""``assert_denied`` and ``assert_hidden``: the permission family's refusal checks for one
request of a hand-written test, judged by the same verdicts (``verdicts.py``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from .. import verdicts
from ..endpoint.requests import missing_lookup
from ..endpoint.responses import describe
from .subject import Subject, changes, snapshot, watched


def assert_denied(
    client: Any, method: str, url: str, data: Any = None, *, watch: Any = None
) -> Any:
    """``client`` is refused (401, 403 or 405) and no table changed; returns the response.

    ``watch``: the models to compare before and after (default: every table)."""
    subject = Subject.of(client, method, url, data)
    before = snapshot(watched(watch))
    response = subject.send()
    label, changed = changes(before)
    if response.status_code not in verdicts.DENIED_STATUSES:
        hint = verdicts.deny_hint(
            response,
            anonymous=subject.actor == "anonymous",
            policy=getattr(subject.guard, "policy", None),
            action=subject.action,
            actor=subject.actor or "this actor",
        )
        subject.fail(_expected("deny"), describe(response), hint, changed)
    _unchanged(subject, "deny", label, changed)
    return response


def assert_hidden(
    client: Any,
    method: str,
    url: str,
    data: Any = None,
    *,
    missing_url: str | None = None,
    watch: Any = None,
) -> Any:
    """``client`` gets a 404 identical to a missing object's and no table changed.

    ``missing_url``: the same URL naming no row (default: the URL's lookup value replaced by
    one of the right type that matches nothing)."""
    subject = Subject.of(client, method, url, data)
    before = snapshot(watched(watch))
    response = subject.send()
    label, changed = changes(before)
    if response.status_code not in verdicts.HIDDEN_STATUSES:
        model, policy = subject.model, getattr(subject.guard, "policy", None)
        scope = verdicts.scope_hint(
            model.__name__ if model else "Model", getattr(subject.guard, "owner", None)
        )
        if policy == "object_permissions":
            scope = verdicts.OBJECT_FILTER_HINT
        hint = verdicts.hide_hint(response, policy, scope)
        subject.fail(_expected("hide"), describe(response), hint, changed)
    _unchanged(subject, "hide", label, changed)
    missing_url = missing_url or _missing_url(subject)
    missing = subject.send(url=missing_url)
    differs = verdicts.hidden_differs(response, missing, missing_url)
    if differs is not None:
        subject.fail(_expected("hide"), differs, verdicts.HIDE_DIFFERS_HINT)
    return response


def _expected(outcome: str) -> str:
    return verdicts.expected_text(outcome, f"assert_{'denied' if outcome == 'deny' else 'hidden'}")


def _unchanged(subject: Subject, outcome: str, label: str, changed: list[str]) -> None:
    if changed:
        subject.fail(
            verdicts.unchanged_expected(outcome, label),
            verdicts.UNCHANGED_GOT,
            verdicts.UNCHANGED_HINT,
            changed,
        )


def _missing_url(subject: Subject) -> str:
    """The URL with its lookup value swapped for one no row has."""
    from django.urls import reverse

    view, kwargs = subject.view, dict(subject.kwargs or {})
    name = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    model: type[Model] | None = subject.model
    if name not in kwargs or model is None:
        subject.fail(
            _expected("hide"),
            f"no lookup value to replace in {subject.url}",
            "pass missing_url= (the same URL naming no row)",
            verified=False,
        )
    kwargs[name] = missing_lookup(view, model)
    return reverse(subject.url_name, kwargs=kwargs)
