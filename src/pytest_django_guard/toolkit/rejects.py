"""``assert_rejects``: the input family's verdict for one request of a hand-written test
whose input the test calls invalid (``endpoint/rejection.py`` judges both)."""

from __future__ import annotations

from typing import Any

from ..endpoint import rejection
from ..endpoint.responses import describe
from .subject import Subject, changes, snapshot, watched


def assert_rejects(
    client: Any,
    method: str,
    url: str,
    data: Any = None,
    *,
    field: str | None = None,
    watch: Any = None,
) -> Any:
    """``client``'s request with invalid ``data`` is refused: a 4xx, never a 5xx, and no
    table changed; with ``field``, a 400 names it. Returns the response.

    ``watch``: the models to compare before and after (default: every table)."""
    subject = Subject.of(client, method, url, data)
    before = snapshot(watched(watch))
    raising = getattr(client, "raise_request_exception", None)
    if raising is not None:  # a server error is the verdict's to report, not the client's
        client.raise_request_exception = False
    try:
        with rejection.quietly():
            response = subject.send()
    finally:
        if raising is not None:
            client.raise_request_exception = raising
    _, changed = changes(before)
    problem = rejection.judge(
        response,
        "the request",
        field=field,
        invalid="the test calls its input invalid",
        changed=changed,
    )
    if problem is None and not 400 <= response.status_code < 500:
        problem = rejection.Problem(f"the request: {describe(response)}", rejection.CRASH_HINT)
    if problem is not None:
        subject.fail(rejection.EXPECTED, problem.got, problem.hint, problem.details, family="input")
    return response
