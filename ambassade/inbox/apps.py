from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "ambassade.inbox"
    label = "inbox"
    verbose_name = "inbox"

    def ready(self) -> None:
        from ambassade.inbox import receivers  # noqa: F401  (listening's and careers' signals)
