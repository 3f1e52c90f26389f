from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "ambassade.links"
    label = "links"
    verbose_name = "tracked links"
