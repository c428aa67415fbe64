"""Settings for the plugin's own test-suite: routes only the deliberately broken `flawed` app."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "flawed"]
ROOT_URLCONF = "config.urls_flawed"
