from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "ambassade.careers"
    label = "careers"
    verbose_name = "careers"
