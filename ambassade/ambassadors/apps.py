from django.apps import AppConfig


class AmbassadorsConfig(AppConfig):
    name = "ambassade.ambassadors"
    label = "ambassadors"
    verbose_name = "ambassador programme"
