"""Each project default read from the settings DRF and django-cors-headers read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings as _api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from .. import Context
from .deploy import check_deploy

api_settings: Any = _api_settings  # the stubs type every setting as str

__all__ = ["check_cors", "check_deploy", "check_pagination", "check_permissions"]


def _name(cls: Any) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def check_permissions(ctx: Context) -> None:
    """DEFAULT_PERMISSION_CLASSES refuses by default: DRF's own default is AllowAny."""
    classes = list(api_settings.DEFAULT_PERMISSION_CLASSES)
    open_ = [cls for cls in classes if isinstance(cls, type) and issubclass(cls, AllowAny)]
    if classes and not open_:
        return
    got = f"it is {[_name(c) for c in classes]}" if classes else "it is empty: nothing is checked"
    raise ctx.failure(
        None,
        expected="REST_FRAMEWORK['DEFAULT_PERMISSION_CLASSES'] refuses by default (e.g. "
        "IsAuthenticated): a view that forgets permission_classes must not be open to all",
        got=got if not open_ else f"{got}: AllowAny answers everyone, signed in or not",
        hint="set DEFAULT_PERMISSION_CLASSES = ['rest_framework.permissions.IsAuthenticated'] "
        "and open public views one by one",
    )


def check_pagination(ctx: Context) -> None:
    """DEFAULT_PAGINATION_CLASS with a page size: a list without one answers every row."""
    paginator_class = api_settings.DEFAULT_PAGINATION_CLASS
    expected = (
        "REST_FRAMEWORK['DEFAULT_PAGINATION_CLASS'] with a page size (PAGE_SIZE): a list view "
        "that forgets pagination_class must not answer its whole table"
    )
    if paginator_class is None:
        raise ctx.failure(
            None,
            expected=expected,
            got="DEFAULT_PAGINATION_CLASS is not set: lists are unpaginated by default",
            hint="set DEFAULT_PAGINATION_CLASS and PAGE_SIZE in REST_FRAMEWORK",
        )
    paginator = paginator_class()
    size = getattr(paginator, "page_size", None) or getattr(paginator, "default_limit", None)
    if not size:
        raise ctx.failure(
            None,
            expected=expected,
            got=f"{_name(paginator_class)} has no page size (PAGE_SIZE is "
            f"{api_settings.PAGE_SIZE!r}): DRF then does not paginate at all",
            hint="set PAGE_SIZE in REST_FRAMEWORK, or page_size on the pagination class",
        )


def check_throttle(ctx: Context) -> None:
    """DEFAULT_THROTTLE_CLASSES, each with its rate in DEFAULT_THROTTLE_RATES."""
    classes = list(api_settings.DEFAULT_THROTTLE_CLASSES)
    expected = (
        "REST_FRAMEWORK['DEFAULT_THROTTLE_CLASSES'] with their DEFAULT_THROTTLE_RATES: "
        "without them one client may send any number of requests"
    )
    hint = (
        "set DEFAULT_THROTTLE_CLASSES (AnonRateThrottle, UserRateThrottle) and "
        "DEFAULT_THROTTLE_RATES ({'anon': '100/hour', 'user': '1000/hour'})"
    )
    if not classes:
        raise ctx.failure(
            None, expected=expected, got="DEFAULT_THROTTLE_CLASSES is empty", hint=hint
        )
    rates = api_settings.DEFAULT_THROTTLE_RATES
    for cls in classes:
        if not issubclass(cls, SimpleRateThrottle) or issubclass(cls, ScopedRateThrottle):
            continue  # a scoped rate is the view's; another throttle keeps its own limit
        rate = vars(cls).get("rate") or rates.get(cls.scope)
        if not rate:
            raise ctx.failure(
                None,
                expected=expected,
                got=f"{_name(cls)} has no rate: DEFAULT_THROTTLE_RATES[{cls.scope!r}] is "
                f"{rates.get(cls.scope, 'missing')!r}, so it never throttles",
                hint=hint,
            )


def check_cors(ctx: Context) -> None:
    """django-cors-headers does not answer every origin (CORS_ALLOW_ALL_ORIGINS)."""
    for name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):  # the second: old name
        if getattr(settings, name, False) is True:
            raise ctx.failure(
                None,
                expected=f"{name} off: only the project's own front ends may call the API "
                "from a browser",
                got=f"{name} = True: any web site may call the API from its visitors' browsers",
                hint="list the front ends in CORS_ALLOWED_ORIGINS instead",
            )
