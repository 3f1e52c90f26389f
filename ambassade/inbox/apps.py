from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "ambassade.inbox"
    label = "inbox"
    verbose_name = "inbox"
