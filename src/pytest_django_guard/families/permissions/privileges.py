"""Privilege fields: an actor who may write a user may still not make anyone staff.

A user-admin endpoint that lets ``is_staff`` through, or refuses only the JSON literal
``true`` while DRF's BooleanField also takes ``"true"``, ``"True"``, ``1``, ``"1"`` and
``"on"``: each raised value is sent in every form the parsers accept, on the target's row and
on the actor's own, by every allowed actor that may not grant it: on creates, updates and
custom detail actions that take a body (``POST /users/5/profile/``). Each re-send carries a
freshly derived payload (``resend``: no unique field collides), and a refusal counts only when
the same re-send without the raised value succeeds (the control).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Model

from ...declare.discovery import STANDARD_ACTIONS
from ...declare.intent import USER_PRIVILEGES
from ...endpoint import payloads, tables
from ...endpoint.data import SELF
from .resend import Resent, expect_refusal_proven, fresh_payload, resend, succeeded
from .run import PermissionRun

TRUE_FORMS = (True, "true", "True", 1, "1", "on")  # what BooleanField.to_internal_value takes


def expect_no_privilege_gain(run: PermissionRun, created_before: tables.Rows | None) -> None:
    """Every privilege field the actor may not grant stays unraised after each forged write."""
    serializer = payloads.serializer_for(run.request.view())
    privileged = _privileges(run, serializer)
    for name, field in payloads.writable_fields(serializer).items():
        source = str(field.source)
        if source not in privileged or _may_grant(run, source) or not _stored_on(run, source):
            continue
        for url, row in _targets(run, created_before):
            _probe(run, name, source, url, row, created_before)


def expect_no_privilege_gain_in_action(run: PermissionRun) -> None:
    """A custom detail action that takes a body (``POST /users/5/profile/``) is a write too."""
    custom = run.route.action not in STANDARD_ACTIONS and not run.route.plain
    if custom and run.route.detail and run.route.method in ("POST", "PUT", "PATCH"):
        expect_no_privilege_gain(run, created_before=None)


def _stored_on(run: PermissionRun, source: str) -> bool:
    """Only a field of the served model can be read back (a serializer field saved
    elsewhere, or a dotted source, is not this probe's to judge)."""
    try:
        run.model._meta.get_field(source)
    except FieldDoesNotExist:
        return False
    return True


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
    payload = fresh_payload(run)  # one payload: one control proves every form's refusal
    proven = False
    for value in _raised_forms(run, name, source):
        probe = f"privilege probe (the {run.route.action} re-sent with {name}={value!r})"
        with transaction.atomic():
            resent = resend(run, {name: value}, probe, at=url, payload=payload)
            if succeeded(resent.response):
                for written in _written(run, row, created_before):
                    if _raised(run, written, source, value):
                        raise _failure(run, name, source, value, written, resent)
            elif not proven:
                expect_refusal_proven(run, resent, probe, name)
                proven = True
            transaction.set_rollback(True)


def _raised_forms(run: PermissionRun, name: str, source: str) -> list[Any]:
    """The declared raised value (as sent and as text); for a field declared without one,
    every true form of a boolean or a privileged group or permission of a many-to-many."""
    value = run.ctx.declaration.privileges.get(source)
    if value is not None:
        return [value] if isinstance(value, str) else [value, str(value)]
    model_field = run.model._meta.get_field(source)
    if isinstance(model_field, models.ManyToManyField):
        target = _privileged_row(model_field.related_model)
        return [[target.pk], [str(target.pk)]]
    if isinstance(model_field, models.BooleanField):
        return list(TRUE_FORMS)
    raise run.ctx.could_not_verify(
        run.request,
        f"the privilege field {name} ({type(model_field).__name__}) is neither a boolean nor "
        "a many-to-many: there is no raised value to send",
        f'name its raised value: Guard.privileges = {{"{source}": <value>}}, or '
        f"guard_privilege_fields = {source}=<value> in the ini file",
    )


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
    declared = run.ctx.declaration.privileges.get(source)
    if declared is not None:
        return str(getattr(row, source)) == str(declared)
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
    run: PermissionRun, name: str, source: str, value: Any, row: Model, resent: Resent
) -> Exception:
    grantor = "only a superuser may (or an actor Guard.grantors names)"
    return run.failure(
        f"privilege refused: {run.exp.actor} may not grant {name} — {grantor}",
        f"sending {name}={value!r} stored {source}={_shown(getattr(row, source))} on "
        f"{row._meta.label} {row.pk}",
        f"make '{name}' read-only for users who may not grant it (a serializer per role, or "
        f"validate_{name}() refusing it unless request.user.is_superuser)",
        sent=run.probe_sent(resent.body, resent.url),
    )
