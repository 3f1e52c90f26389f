from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "ambassade.training"
    label = "training"
    verbose_name = "training"

    def ready(self) -> None:
        from ambassade.training import periodic, personal_data  # noqa: F401 (registration)
