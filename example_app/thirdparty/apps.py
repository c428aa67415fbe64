from django.apps import AppConfig


class ThirdpartyConfig(AppConfig):
    name = "thirdparty"
