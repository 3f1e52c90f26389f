from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "ambassade.rewards"
    label = "rewards"
    verbose_name = "rewards"

    def ready(self) -> None:
        from ambassade.rewards import receivers  # noqa: F401  (the programme's signals)
