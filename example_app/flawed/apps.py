from django.apps import AppConfig


class FlawedConfig(AppConfig):
    name = "flawed"
