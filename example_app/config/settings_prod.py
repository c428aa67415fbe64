"""Production settings: what Django's deployment checks (check --deploy) ask for.

Named by guard_deploy_settings in pytest.ini; the settings family runs
``manage.py check --deploy`` against it.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

DEBUG = False
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "example-production-key-replace-me-4f9a2c7e1b8d6035aa91fe7c2d4b"
)
ALLOWED_HOSTS = ["api.example.com"]
MIDDLEWARE = [*MIDDLEWARE, "django.middleware.clickjacking.XFrameOptionsMiddleware"]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The example project keeps two Profile models whose reverse accessors clash (accounts and
# gallery each show a one-per-user shape): errors of the example, not of a deployment.
SILENCED_SYSTEM_CHECKS = ["fields.E304", "fields.E305"]
