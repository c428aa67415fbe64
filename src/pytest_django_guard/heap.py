"""The collected tests are kept out of Python's garbage collector while they run.

Every collected item (its markers, keywords, fixture request) lives until the session ends,
and each full collection of the garbage collector walks all of them: at 500 endpoints (32 000
items) that was about a tenth of the generated suite's time, and the reason one test cost
more in a bigger project. ``gc.freeze()`` moves what is alive after collection to the
permanent generation, which CPython offers for exactly this: objects made once and kept. The
session's end thaws it, so pytest's own last collection (it looks for unraisable exceptions)
sees everything again (docs/decisions.md, 75).
"""

from __future__ import annotations

import gc

import pytest

FROZEN = pytest.StashKey[bool]()


def freeze(config: pytest.Config) -> None:
    """After collection, in a session with generated tests."""
    if not config.stash.get(FROZEN, False):
        gc.freeze()
        config.stash[FROZEN] = True


def thaw(config: pytest.Config) -> None:
    if config.stash.get(FROZEN, False):
        gc.unfreeze()
        config.stash[FROZEN] = False
