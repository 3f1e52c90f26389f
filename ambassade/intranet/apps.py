from django.apps import AppConfig


class IntranetConfig(AppConfig):
    name = "ambassade.intranet"
    label = "intranet"
    verbose_name = "intranet"
