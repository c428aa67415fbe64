"""Checks every family applies to every request it sends: never a 5xx, never the network.

A server error or an outgoing call fails the case whatever the family was checking, with the
same words everywhere, before the family judges the response.
"""

from __future__ import annotations

from typing import Any

from ..endpoint.network import HINT
from ..endpoint.responses import server_error

EXPECTED = "a response from the endpoint itself: no 5xx, no outgoing network call"


def unexpected(response: Any, network_attempts: list[str]) -> tuple[str, str] | None:
    """(what happened, hint) when the request hit the network or the server failed."""
    if network_attempts:
        return network(network_attempts)
    if response.status_code >= 500:
        return server_error(response), "a 5xx is never acceptable; fix the exception"
    return None


def network(attempts: list[str]) -> tuple[str, str]:
    """(what happened, hint) for calls that tried to leave the sandbox."""
    return f"the endpoint tried to reach {', '.join(attempts)}", HINT
