from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "ambassade.training"
    label = "training"
    verbose_name = "training"
