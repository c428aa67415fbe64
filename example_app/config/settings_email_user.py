"""The example project with an email-login custom user model (``people.EmailUser``).

Every app refers to ``settings.AUTH_USER_MODEL``, so the whole guard suite runs unchanged under
a user model without ``username``. Its SQL names ``people_emailuser``, so it keeps its own lock:
``pytest -m guard -o guard_lockfile=email_user.lock``.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "people"]
AUTH_USER_MODEL = "people.EmailUser"
