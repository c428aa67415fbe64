"""Privilege fields: an actor who may write a user may still not make anyone staff.

A user-admin endpoint that lets ``is_staff`` through, or refuses only the JSON literal
``true`` while DRF's BooleanField also takes ``"true"``, ``"True"``, ``1``, ``"1"`` and
``"on"``: each raised value is sent in every form the parsers accept, on the target's row and
on the actor's own, by every allowed actor that may not grant it. A refusal counts only after
the same request without the raised value succeeded (the control).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.db.models import Model

from ...declare.intent import USER_PRIVILEGES
from ...endpoint import payloads, tables
from ...endpoint.data import SELF
from .run import PermissionRun

TRUE_FORMS = (True, "true", "True", 1, "1", "on")  # what BooleanField.to_internal_value takes


def expect_no_privilege_gain(run: PermissionRun, created_before: tables.Rows | None) -> None:
    """Every privilege field the actor may not grant stays unraised after each forged write."""
    serializer = payloads.serializer_for(run.request.view())
    privileged = _privileges(run, serializer)
    for name, field in payloads.writable_fields(serializer).items():
        source = str(field.source)
        if source not in privileged or _may_grant(run, source):
            continue
        for url, row in _targets(run, created_before):
            _probe(run, name, source, url, row, created_before)


def _privileges(run: PermissionRun, serializer: Any) -> set[str]:
    declared = set(run.ctx.declaration.privileges)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    user_like = isinstance(model, type) and issubclass(model, AbstractBaseUser)
    return declared | set(USER_PRIVILEGES) if user_like else declared


def _may_grant(run: PermissionRun, source: str) -> bool:
    """A superuser grants everything; other actors what ``Guard.grantors`` gives them."""
    held = run.ctx.declaration.grants.get(run.exp.actor)
    if (held is not None and held.superuser) or getattr(run.user, "is_superuser", False):
        return True
    return source in run.ctx.declaration.grantors.get(run.exp.actor, ())


def _targets(
    run: PermissionRun, created_before: tables.Rows | None
) -> list[tuple[str | None, Any]]:
    """(URL, row) pairs: the route's own after a create; the target's row and, on an
    endpoint over users, the actor's own user (raising oneself is the classic)."""
    if created_before is not None:
        return [(None, None)]
    targets = [(run.probe_url(created=False), run.url_object)]
    if run.ctx.declaration.owner == SELF and run.user is not None and run.user != run.url_object:
        targets.append((run.request.url_under(run.user), run.user))
    return targets


def _probe(
    run: PermissionRun,
    name: str,
    source: str,
    url: str | None,
    row: Any,
    created_before: tables.Rows | None,
) -> None:
    if row is not None and _raised(run, row, source, None):
        return  # already held (a staff actor's own row): there is nothing to gain
    control = run.request.build_payload()
    with transaction.atomic():
        answered = run.send(control, url)
        transaction.set_rollback(True)
    if not 200 <= answered.status_code < 300:
        raise run.ctx.could_not_verify(
            run.request,
            f"the privilege probe's control (the same write without {name}) answered "
            f"{answered.status_code} at {url or run.request.url}, so a refusal of {name} "
            "would prove nothing",
            "make the plain write repeatable: Guard.payload as a callable giving fresh values",
        )
    for value in _raised_forms(run, source):
        body = {**run.request.build_payload(), name: value}
        with transaction.atomic():
            response = run.send(body, url)
            if 200 <= response.status_code < 300:
                for written in _written(run, row, created_before):
                    if _raised(run, written, source, value):
                        raise _failure(run, name, source, value, written, body, url)
            transaction.set_rollback(True)


def _raised_forms(run: PermissionRun, source: str) -> list[Any]:
    declared = run.ctx.declaration.privileges
    if source in declared:
        value = declared[source]
        return [value] if isinstance(value, str) else [value, str(value)]
    model_field = run.model._meta.get_field(source)
    if isinstance(model_field, models.ManyToManyField):
        target = _privileged_row(model_field.related_model)
        return [[target.pk], [str(target.pk)]]
    return list(TRUE_FORMS)


def _privileged_row(model: Any) -> Model:
    """A group holding a permission, or a permission: what ``groups`` / ``user_permissions``
    would grant."""
    permission = Permission.objects.order_by("pk").first()
    if model is not Group:
        assert permission is not None, "no permission exists: migrate django.contrib.auth"
        return permission
    group, _ = Group.objects.get_or_create(name="guard-privileged")
    if permission is not None:
        group.permissions.add(permission)
    return group


def _written(run: PermissionRun, row: Any, created_before: tables.Rows | None) -> list[Model]:
    if created_before is None:
        return [run.model._base_manager.get(pk=row.pk)]
    created = tables.created_since(run.model, created_before)
    return list(run.model._base_manager.filter(pk__in=created))


def _raised(run: PermissionRun, row: Model, source: str, value: Any) -> bool:
    declared = run.ctx.declaration.privileges
    if source in declared:
        return str(getattr(row, source)) == str(declared[source])
    current = getattr(row, source)
    if hasattr(current, "values_list"):  # many-to-many: the sent group or permission is held
        held = {str(pk) for pk in current.values_list("pk", flat=True)}
        return bool(held) if value is None else str(value[0]) in held
    return bool(current)


def _shown(value: Any) -> str:
    if hasattr(value, "values_list"):
        return str(list(value.values_list("pk", flat=True)))
    return repr(value)


def _failure(
    run: PermissionRun, name: str, source: str, value: Any, row: Model, body: Any, url: str | None
) -> Exception:
    grantor = "only a superuser may (or an actor Guard.grantors names)"
    return run.failure(
        f"privilege refused: {run.exp.actor} may not grant {name} — {grantor}",
        f"sending {name}={value!r} stored {source}={_shown(getattr(row, source))} on "
        f"{row._meta.label} {row.pk}",
        f"make '{name}' read-only for users who may not grant it (a serializer per role, or "
        f"validate_{name}() refusing it unless request.user.is_superuser)",
        sent=run.probe_sent(body, url),
    )
