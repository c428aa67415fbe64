"""Name the relation an N+1 loads lazily, with a pluggable detector (django-zeal or nplusone).

Detectors are only asked after the count-based check already failed, and any error of theirs
becomes a note: a broken detector can never turn a correct endpoint red.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import django
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from .frames import is_project_file

_LOCATION = re.compile(r" at (.+):\d+ in [^ ]+$")  # zeal: "... at file:line in function"
_FIELD = re.compile(r"(\w+)\.(\w+)\.(\w+)")  # zeal: app_label.Model.field
_MODEL_FIELD = re.compile(r"`(\w+)\.(\w+)`")  # nplusone: `Model.field`


def find(run: Callable[[], Any], backend: str) -> list[str]:
    """Messages naming lazily loaded relations while ``run()`` executes."""
    if backend == "nplusone" and django.VERSION >= (6, 1):
        backend = "zeal"  # nplusone 1.0 crashes inside Django 6.1 (jmcarp/nplusone#52)
    detector = _nplusone if backend == "nplusone" else _zeal
    try:
        return [_with_fix(message) for message in detector(run)]
    except Exception as error:  # a detector's failure is a note, never a verdict
        return [f"({backend} could not name the relation: {type(error).__name__}: {error})"]


def _zeal(run: Callable[[], Any]) -> list[str]:
    from django.test import override_settings
    from zeal import zeal_context

    install("zeal")
    # With ZEAL_RAISE off, zeal warns "N+1 detected on app.Model.field at file:line in func".
    with (
        override_settings(ZEAL_RAISE=False),
        warnings.catch_warnings(record=True) as caught,
        zeal_context(),
    ):
        warnings.simplefilter("always")
        run()
    return list(
        dict.fromkeys(
            _without_plugin_frames(str(w.message))
            for w in caught
            if "N+1 detected" in str(w.message)
        )
    )


def _without_plugin_frames(message: str) -> str:
    """Keep zeal's location only when it is the project's code.

    zeal names the first frame outside site-packages: this plugin under an editable install,
    or pytest's launcher (``bin/pytest``, runpy's ``python -m pytest``) when the relation is
    loaded by DRF itself (a nested serializer). The repeated-query lines name the field then.
    """
    match = _LOCATION.search(message)
    if match and not is_project_file(match.group(1)):
        return message[: match.start()]
    return message


def install(backend: str) -> None:
    """Patch Django for the detector, once, before any request caches a related manager class.

    Called at collection: a reverse manager class created before the patch is never observed.
    """
    if backend == "nplusone" and django.VERSION < (6, 1):
        import nplusone.ext.django.patch  # noqa: F401  (patches Django on import)
    else:
        _install_zeal()


def _install_zeal() -> None:
    """zeal patches Django's descriptors in AppConfig.ready(); do it once if it is not installed."""
    from zeal import patch as zeal_patch
    from zeal.constants import initialize_app_registry

    if apps.is_installed("zeal") or getattr(zeal_patch, "_guard_patched", False):
        return
    initialize_app_registry()
    zeal_patch.patch()
    zeal_patch._guard_patched = True  # patching is process-wide


def _nplusone(run: Callable[[], Any]) -> list[str]:
    from nplusone.core import listeners

    install("nplusone")

    class Collector:
        def __init__(self) -> None:
            self.messages: list[str] = []

        def notify(self, message: Any) -> None:
            self.messages.append(message.message)

    collector = Collector()
    listener = listeners.LazyListener(collector)
    listener.setup()
    try:
        run()
    finally:
        listener.teardown()
    return list(dict.fromkeys(collector.messages))


def _with_fix(message: str) -> str:
    """Append the fix: select_related for a forward relation, prefetch_related otherwise."""
    field = _field(message)
    if field is None:
        return message
    field_name = field.name
    forward = field.many_to_one or (field.one_to_one and field.concrete)
    fix = "select_related" if forward else "prefetch_related"
    return f'{message} — fix: queryset.{fix}("{field_name}")'


def _field(message: str) -> Any:
    """The model field a detector's message names, or None."""
    try:
        if match := _FIELD.search(message):
            app_label, model_name, field_name = match.groups()
            return apps.get_model(app_label, model_name)._meta.get_field(field_name)
        if match := _MODEL_FIELD.search(message):
            model_name, field_name = match.groups()
            models = [m for m in apps.get_models() if m.__name__ == model_name]
            return models[0]._meta.get_field(field_name) if len(models) == 1 else None
    except (LookupError, FieldDoesNotExist):
        return None
    return None
