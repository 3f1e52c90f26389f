from django.apps import AppConfig


class IntranetConfig(AppConfig):
    name = "ambassade.intranet"
    label = "intranet"
    verbose_name = "intranet"

    def ready(self) -> None:
        from ambassade.intranet import periodic, personal_data, receivers  # noqa: F401
