from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "ambassade.analytics"
    label = "analytics"
    verbose_name = "analytics"
