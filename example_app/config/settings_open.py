"""A deliberately flawed project default: AllowAny as DEFAULT_PERMISSION_CLASSES.

A view that forgets its permission_classes is then open to everyone. Its own settings module,
so the other flawed views keep theirs; tests/test_project_settings.py asserts that
``settings[permissions]`` catches it (config.settings is its fixed twin).
"""

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
