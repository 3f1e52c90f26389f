from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "ambassade.careers"
    label = "careers"
    verbose_name = "careers"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from ambassade.careers.middleware import career_hosts_forget
        from ambassade.orgs.models import Entity

        post_save.connect(career_hosts_forget, sender=Entity, dispatch_uid="careers-hosts-save")
        post_delete.connect(career_hosts_forget, sender=Entity, dispatch_uid="careers-hosts-delete")

        # Applications declare their tasks, periodic jobs and personal data in modules of their own
        # (core autodiscovers only tasks.py, periodic.py and personal_data.py).
        from ambassade.careers import (  # noqa: F401
            application_periodic,
            application_personal_data,
            application_tasks,
        )
