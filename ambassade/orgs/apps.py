from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "ambassade.orgs"
    label = "orgs"
    verbose_name = "organisation"
