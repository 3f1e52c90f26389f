from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "ambassade.rewards"
    label = "rewards"
    verbose_name = "rewards"
