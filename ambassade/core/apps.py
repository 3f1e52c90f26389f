from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "ambassade.core"
    label = "core"
    verbose_name = "ambassade core"

    def ready(self) -> None:
        # Each app declares its tasks, periodic jobs and personal data in these modules.
        autodiscover_modules("tasks", "periodic", "personal_data")
