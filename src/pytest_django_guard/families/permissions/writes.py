"""Allowed writes: the row is created, stored or deleted as asked, and ownership never moves."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model

from ... import verdicts
from ...endpoint import payloads, tables
from ...endpoint.data import SELF, attribute, owned_by, soft_deleted
from ...endpoint.payloads import DERIVED
from ...endpoint.responses import describe
from .actions import expect_no_foreign_object
from .methods import expect_method_offered
from .privileges import expect_no_privilege_gain, expect_no_privilege_gain_in_action
from .references import expect_no_foreign_references
from .resend import expect_refusal_proven, resend
from .run import PermissionRun


def expect_allowed(run: PermissionRun, response: Any, before: tables.Rows | None) -> None:
    if not 200 <= response.status_code < 300:
        expect_method_offered(run, response)
        raise run.failure(run.expected_text(), describe(response), run.allow_hint(response))
    action = run.route.action
    expect_no_foreign_object(run)  # list-level custom actions naming an object
    if before is not None and action not in (*DERIVED, "destroy"):
        expect_no_privilege_gain_in_action(run)  # a custom detail action with a body
    if before is None or action not in (*DERIVED, "destroy"):  # before: a write's table
        return
    if action == "create":
        after = tables.snapshot(run.model)
        created = sorted(after.keys() - before.keys(), key=str)
        if not created:
            raise run.failure(
                "a created row",
                f"{response.status_code} but no new {run.model._meta.label} row",
                "save the object",
            )
        _expect_created_row_owned(run, created[-1])
        _expect_no_mass_assignment(run, created_before=after)
        expect_no_foreign_references(run, created_before=after)
        expect_no_privilege_gain(run, created_before=after)
    elif action == "destroy":
        _expect_deleted(run, response)
    else:
        _expect_stored(run)
        _expect_no_mass_assignment(run, created_before=None)
        expect_no_foreign_references(run, created_before=None)
        expect_no_privilege_gain(run, created_before=None)


def _expect_deleted(run: PermissionRun, response: Any) -> None:
    """The row is gone, or marked as ``Guard.soft_delete`` declares."""
    row = run.model._base_manager.filter(pk=run.url_object.pk).first()
    if row is None:
        return
    soft = run.ctx.declaration.soft_delete
    if soft is None:
        raise run.failure(
            "the row deleted",
            f"{response.status_code} but the row still exists",
            "delete the object in perform_destroy() (or declare Guard.soft_delete when it is "
            "marked instead)",
        )
    if not soft_deleted(row, soft):
        raise run.failure(
            f"the row marked as deleted (Guard.soft_delete = {soft!r})",
            f"{response.status_code} but the row is neither deleted nor marked",
            "mark the object in perform_destroy(), e.g. instance.deleted_at = now(); save()",
        )


def _expect_created_row_owned(run: PermissionRun, pk: Any) -> None:
    declaration = run.ctx.declaration
    if declaration.owner in (None, SELF) or run.user is None:
        return
    if not owned_by(run.model, pk, declaration.owner, run.user):
        raise run.failure(
            f"the created row owned by the acting user ({declaration.owner})",
            f"row {pk} belongs to someone else",
            run.ownership_hint(),
        )


def _expect_stored(run: PermissionRun) -> None:
    serializer = payloads.serializer_for(run.request.view(), run.url_object)
    row = run.stored(run.url_object)
    for name in run.request.changed:
        if not payloads.stored(serializer, name, run.payload[name], row):
            raise run.failure(
                f"{name} stored as sent ({run.payload[name]!r})",
                f"the row holds {payloads.represent(serializer.fields[name], row)!r}",
                "save the validated data in perform_update()",
            )


def _expect_no_mass_assignment(run: PermissionRun, created_before: tables.Rows | None) -> None:
    """Send another user's ids in ownership fields: ownership must not move to them.

    A declared ``Guard.transfer`` field is the owner's to use on updates: the owner's handing
    over is no flaw, and any other allowed actor sending it must still not move the object.
    """
    declaration = run.ctx.declaration
    handover = declaration.transfer if created_before is None else ()
    victim = run.victim(third_party=bool(handover) and run.exp.actor != "owner")
    if declaration.owner in (None, SELF) or victim is None:
        return
    victim_name, victim_user, victim_object = victim
    forged = _forged_fields(run, victim_user, victim_object)
    if handover and run.exp.actor == "owner":
        forged = _without_transfer(run, forged)
    if not forged:
        return
    target = run.url_object
    before = None if created_before is not None else _ownership(run, target, victim_user)
    values = verdicts.forged_values(forged)
    probe = f"mass-assignment probe (the {run.route.action} re-sent with {values}, {victim_name}'s)"
    with transaction.atomic():
        resent = resend(run, forged, probe, room_for=(victim_object,))
        response, url = resent.response, resent.url
        if response.status_code == 404 and url is not None:
            raise run.ctx.could_not_verify(
                run.request,
                f"the mass-assignment probe's re-send to {url} answered 404, though the row is "
                f"{run.exp.actor}'s and was just written",
                "check that the view finds the row it just saved by its lookup field",
            )
        if not 200 <= response.status_code < 300:
            expect_refusal_proven(run, resent, probe, "the forged fields")
        elif moved := _moved(run, victim_user, created_before, before):
            holder = run.exp.actor
            if created_before is None:
                holder = run.owner_label(target).removesuffix("'s")
            only_owner = f" (only the owner may, Guard.transfer = {handover!r})"
            raise run.failure(
                verdicts.MASS_ASSIGNMENT_EXPECTED + (only_owner if handover else ""),
                verdicts.moved_text(values, victim_name, moved[0], holder),
                run.ownership_hint(),
                sent=run.probe_sent(resent.body, url),
            )
        transaction.set_rollback(True)


def _moved(
    run: PermissionRun,
    victim_user: Any,
    created_before: tables.Rows | None,
    before: tuple[bool, bool] | None,
) -> list[Any]:
    """The rows the probe moved: created rows the actor does not own, or the updated row
    whose ownership changed."""
    if created_before is not None:
        rows = tables.created_since(run.model, created_before)
        return [pk for pk in rows if not _ownership(run, run.model(pk=pk), victim_user)[0]]
    target = run.url_object
    return [target.pk] if _ownership(run, target, victim_user) != before else []


def _without_transfer(run: PermissionRun, forged: dict[str, Any]) -> dict[str, Any]:
    """``forged`` without the declared transfer fields (and the model field they write)."""
    fields = payloads.writable_fields(payloads.serializer_for(run.request.view()))
    transfer = run.ctx.declaration.transfer
    unknown = [name for name in transfer if name not in fields]
    if unknown:
        raise run.ctx.could_not_verify(
            run.request,
            f"Guard.transfer names {unknown[0]!r}, which is not a writable field of the "
            f"serializer ({', '.join(fields)})",
            "name the serializer field through which the owner hands the object over",
        )
    sources = {fields[name].source for name in transfer}
    return {
        name: value
        for name, value in forged.items()
        if name not in transfer and (fields[name].source if name in fields else name) not in sources
    }


def _ownership(run: PermissionRun, obj: Model, victim_user: Any) -> tuple[bool, bool]:
    """(actor owns obj, victim owns obj), read from the database."""
    owner = str(run.ctx.declaration.owner)
    return (
        run.user is not None and owned_by(run.model, obj.pk, owner, run.user),
        owned_by(run.model, obj.pk, owner, victim_user),
    )


def _forged_fields(run: PermissionRun, victim_user: Any, victim_object: Model) -> dict[str, Any]:
    """The ownership fields of the payload, pointed at the victim's user and rows."""
    owner = run.ctx.declaration.owner
    assert owner is not None
    first_hop = owner.split("__")[0]
    fields = payloads.writable_fields(payloads.serializer_for(run.request.view()))
    forged: dict[str, Any] = {first_hop: getattr(attribute(victim_object, first_hop), "pk", None)}
    user_model = get_user_model()
    for name, field in fields.items():
        model = payloads.related_model(field)
        if field.source == first_hop:
            forged[name] = payloads.represent(field, victim_object)
        elif model is not None and issubclass(model, user_model):
            many = hasattr(field, "child_relation")
            forged[name] = [victim_user.pk] if many else victim_user.pk
    return forged
