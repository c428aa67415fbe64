"""``from pytest_django_guard import assert_denied`` works, and importing the package alone
still imports no Django (the plugin must load in any pytest run)."""

import subprocess
import sys

import pytest_django_guard
from pytest_django_guard.public import ASSERTIONS


def test_the_package_imports_no_django() -> None:
    code = "import sys, pytest_django_guard; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_assertion_is_offered_by_name() -> None:
    assert set(ASSERTIONS) <= set(pytest_django_guard.__all__)
    for name in ASSERTIONS:
        assert callable(getattr(pytest_django_guard, name))
