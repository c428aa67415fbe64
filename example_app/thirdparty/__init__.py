"""Stands in for an installed third-party app: no Guard here, see conftest.py."""
