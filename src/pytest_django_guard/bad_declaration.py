"""An endpoint whose declaration is wrong: one item that errors with the one line.

A collection error would interrupt the whole session, hiding the results of every other
endpoint behind one typo; this item reports the mistake as its endpoint's error instead,
and the rest of the suite runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .findings import DeclarationError


class DeclarationItem(pytest.Item):
    """``guard::<endpoint>::declaration``: errors at set-up with the declaration's problem."""

    def __init__(
        self,
        *,
        endpoint: str,
        error: DeclarationError,
        markers: list[str],
        location: tuple[Path, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.error = error
        self.location_info = location
        for marker in ("guard", *markers):  # every family's run (-m) shows the mistake
            self.add_marker(marker)
        self.user_properties += [("guard_endpoint", endpoint), ("guard_check", "declaration")]

    @classmethod
    def of(cls, endpoint: Any, error: DeclarationError, markers: list[str]) -> DeclarationItem:
        """The item of ``endpoint`` (an EndpointNode), located at its view's Guard."""
        path, line, label = endpoint.reportinfo()
        item: DeclarationItem = cls.from_parent(
            endpoint,
            name="declaration",
            endpoint=label,
            error=error,
            markers=markers,
            location=(Path(path), int(line)),
        )
        return item

    def setup(self) -> None:
        raise self.error

    def runtest(self) -> None:  # never reached: set-up raises (plugin.py renders its line)
        raise self.error

    def reportinfo(self) -> tuple[Path, int, str]:
        path, line = self.location_info
        return path, line, self.name
