"""URLconf for config.settings_flawed: only the deliberately broken endpoints."""

from django.urls import include, path

urlpatterns = [
    path("flawed/", include("flawed.urls")),
]
