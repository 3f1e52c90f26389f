from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ambassade.network"
    label = "network"
    verbose_name = "network"
