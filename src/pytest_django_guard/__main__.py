"""``python -m pytest_django_guard merge ...``: see ``merge.py``."""

from __future__ import annotations

import sys

from .merge import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0] != "merge":
        sys.exit("usage: python -m pytest_django_guard merge FILE... (--help for options)")
    sys.exit(main(args[1:]))
