"""Background work of applications (imported by CareersConfig.ready())."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ambassade.careers.application_selectors import offer_title
from ambassade.careers.models import Application
from ambassade.core.tasks import task

_RECEIPT_SENT = "careers:application-receipt:{pk}"


@task
def application_receipt_send(*, application_id: int) -> None:
    """Tell the candidate, in the language they applied in, that their application arrived.

    A task may run twice: the cache remembers a receipt for a day so that the candidate gets one.
    """
    application = (
        Application.objects.select_related("offer", "entity", "organisation")
        .filter(pk=application_id, erased_at__isnull=True)
        .first()
    )
    if application is None or not application.email:
        return
    key = _RECEIPT_SENT.format(pk=application.pk)
    if not cache.add(key, 1, timeout=24 * 3600):
        return
    try:
        subject, body = _receipt(application)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
    except Exception:
        cache.delete(key)  # let a retry send it
        raise


def _receipt(application: Application) -> tuple[str, str]:
    with translation.override(application.language):
        job = offer_title(application.offer, application.language) if application.offer else ""
        if job:
            subject = _("We have received your application: %(job)s") % {"job": job}
        else:
            subject = _("We have received your application to %(entity)s") % {"entity": application.entity}
        body = render_to_string(
            "careers/application_received_email.txt",
            {"application": application, "job": job, "talent_pool": application.talent_pool},
        )
    return subject, body
