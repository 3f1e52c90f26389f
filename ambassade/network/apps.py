from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ambassade.network"
    label = "network"
    verbose_name = "network"

    def ready(self) -> None:
        from ambassade.network import personal_data, receivers  # noqa: F401
