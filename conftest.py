"""The project's own test-suite: pytest plugins it needs.

Tests run real pytest sessions over a copy of example_app (see tests/conftest.py), in a
subprocess, because Django's configuration is process-global.
"""

pytest_plugins = ["pytester"]
