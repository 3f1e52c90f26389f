from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "ambassade.listening"
    label = "listening"
    verbose_name = "listening"
