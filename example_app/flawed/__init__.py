"""Deliberately broken endpoints, each next to its fixed twin.

Installed only by config.settings_flawed and used only by pytest-django-guard's own
test-suite: the generated tests must fail on every `*Flawed` view and pass on every `*Fixed`.
Never copy code from here.
"""
