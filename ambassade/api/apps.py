from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ambassade.api"
    label = "api"
    verbose_name = "API"
