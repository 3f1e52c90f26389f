"""Spike alerts: the last 24 hours against the usual day (the median of the 28 days before).

An alert is raised when the count reaches the organisation's minimum volume and exceeds the usual
level times its spike factor; at most one per kind and day. It shows in the app and is e-mailed to the
organisation's alert addresses, each in its reader's language. The "unanswered" alert lives in the inbox.
"""

from __future__ import annotations

import logging
import statistics
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ambassade.listening.models import Alert, ListeningSettings, Mention, MentionTheme, Theme
from ambassade.orgs.models import Membership, Organisation

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
BASELINE_DAYS = 28
EXAMPLES = 3
LANGUAGES = ("fr", "en")


def alerts_check(*, now: datetime | None = None) -> list[Alert]:
    """Look for spikes in every organisation with recent mentions of its own (competitors' sources are
    for the share of voice); returns the alerts raised."""
    now = now or timezone.now()
    since = now - WINDOW * (BASELINE_DAYS + 1)
    organisation_ids = (
        Mention.objects.filter(published_at__gte=now - WINDOW, published_at__lte=now)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    raised: list[Alert] = []
    for organisation in Organisation.objects.filter(pk__in=list(organisation_ids)):
        raised.extend(organisation_alerts_check(organisation=organisation, now=now, since=since))
    return raised


def organisation_alerts_check(*, organisation: Organisation, now: datetime, since: datetime) -> list[Alert]:
    config = ListeningSettings.objects.filter(organisation=organisation).first() or ListeningSettings()
    rows = Mention.objects.filter(
        organisation=organisation,
        duplicate_of=None,
        source__competitor=False,  # competitors' sources count for the share of voice only
        published_at__gte=since,
        published_at__lte=now,
    ).values_list("published_at", "sentiment")
    total, negative = [0] * (BASELINE_DAYS + 1), [0] * (BASELINE_DAYS + 1)
    for published_at, sentiment in rows:
        day = min(int((now - published_at) / WINDOW), BASELINE_DAYS)
        total[day] += 1
        negative[day] += sentiment == "negative"
    raised = []
    for kind, series in ((Alert.Kind.VOLUME_SPIKE, total), (Alert.Kind.NEGATIVE_SPIKE, negative)):
        value, baseline = series[0], float(statistics.median(series[1:]))
        if value >= config.min_volume and value > baseline * config.spike_factor:
            alert = _alert_raise(
                organisation=organisation, kind=kind, now=now, value=value, baseline=baseline
            )
            if alert is not None:
                raised.append(alert)
    return raised


def _main_theme(*, organisation: Organisation, kind: str, now: datetime) -> Theme | None:
    links = MentionTheme.objects.filter(
        mention__organisation=organisation,
        mention__duplicate_of=None,
        mention__source__competitor=False,
        mention__published_at__gte=now - WINDOW,
        mention__published_at__lte=now,
    )
    if kind == Alert.Kind.NEGATIVE_SPIKE:
        links = links.filter(mention__sentiment="negative")
    top = links.values("theme").annotate(count=Count("pk")).order_by("-count", "theme").first()
    return Theme.objects.filter(pk=top["theme"]).first() if top else None


def _alert_raise(
    *, organisation: Organisation, kind: str, now: datetime, value: int, baseline: float
) -> Alert | None:
    day = timezone.localdate(now)
    # Once a day, and a spike still running after midnight is the same spike: not raised again
    # while the last one's 24 hours overlap this one's.
    earlier = Alert.objects.filter(organisation=organisation, kind=kind, object_ref="")
    if earlier.filter(Q(day=day) | Q(period_end__gt=now - WINDOW)).exists():
        return None
    theme = _main_theme(organisation=organisation, kind=kind, now=now)
    messages = {}
    for language in LANGUAGES:
        with translation.override(language):
            messages[language] = alert_message(kind=kind, value=value, baseline=baseline, theme=theme)
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                organisation=organisation,
                kind=kind,
                period_start=now - WINDOW,
                period_end=now,
                day=day,
                value=value,
                baseline=baseline,
                message_fr=messages["fr"],
                message_en=messages["en"],
                theme=theme,
            )
    except IntegrityError:  # another checker raised it first
        return None
    from ambassade.listening.tasks import alert_emails_send_task

    alert_emails_send_task.enqueue(alert_id=alert.pk)
    return alert


def alert_message(*, kind: str, value: float, baseline: float, theme: Theme | None) -> str:
    numbers = {"value": int(value), "baseline": _number(baseline)}
    if kind == Alert.Kind.NEGATIVE_SPIKE:
        text = _("%(value)s negative mentions in the last 24 hours (usually %(baseline)s a day).") % numbers
    else:
        text = _("%(value)s mentions in the last 24 hours (usually %(baseline)s a day).") % numbers
    if theme is not None:
        text += " " + _("Main theme: %(theme)s.") % {"theme": theme.name}
    return text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# --- e-mail -----------------------------------------------------------------------------------------


def recipient_language(*, organisation: Organisation, address: str) -> str:
    """The language of the member with this address, else the organisation's."""
    language = (
        Membership.objects.filter(organisation=organisation, user__email__iexact=address)
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    if language in LANGUAGES:
        return str(language)
    return organisation.default_language if organisation.default_language in LANGUAGES else "fr"


def _stream_url() -> str:
    try:
        path = reverse("listening_stream")
    except NoReverseMatch:
        path = "/listening/"
    return settings.SITE_URL + path


def _examples(alert: Alert) -> list[Mention]:
    mentions = Mention.objects.filter(
        organisation=alert.organisation,
        duplicate_of=None,
        source__competitor=False,
        published_at__gte=alert.period_start,
        published_at__lte=alert.period_end,
    )
    if alert.kind == Alert.Kind.NEGATIVE_SPIKE:
        mentions = mentions.filter(sentiment="negative")
    return list(mentions.order_by("-reach", "-published_at")[:EXAMPLES])


def alert_email(*, alert: Alert, address: str) -> EmailMultiAlternatives:
    """The alert's e-mail to one address, in its reader's language; the mentions quoted in it are
    plain text, escaped in the HTML part (what people post never becomes markup or a link)."""
    language = recipient_language(organisation=alert.organisation, address=address)
    examples = _examples(alert)
    with translation.override(language):
        message = alert.message_en if language == "en" else alert.message_fr
        subject = _("Listening alert: %(kind)s") % {"kind": alert.get_kind_display()}
        intro = _("ambassade noticed an unusual level of mentions of %(organisation)s.") % {
            "organisation": alert.organisation.name
        }
        examples_title = _("For example:")
        link_text = _("Open the stream")
        url = _stream_url()
        quoted = [_quote(mention) for mention in examples]
        text = "\n\n".join(
            [intro, message, *([examples_title, *(f"« {q} »" for q in quoted)] if quoted else []), url]
        )
        items = format_html_join("", "<li>{}</li>", ((q,) for q in quoted))
        html = format_html(
            '<p>{}</p><p><strong>{}</strong></p>{}<p><a href="{}">{}</a></p>',
            intro,
            message,
            format_html("<p>{}</p><ul>{}</ul>", examples_title, items) if quoted else "",
            url,
            link_text,
        )
    email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
    email.attach_alternative(str(html), "text/html")
    return email


def _quote(mention: Mention) -> str:
    words = " ".join(mention.text.split())
    short = words if len(words) <= 240 else words[:239] + "…"
    where = mention.venue or mention.platform
    return f"{short} ({where})" if where else short


def alert_emails_send(*, alert_id: int) -> int:
    """E-mail an alert to the organisation's alert addresses, once (emailed_at is claimed first)."""
    alert = Alert.objects.select_related("organisation").filter(pk=alert_id).first()
    if alert is None or not Alert.objects.filter(pk=alert_id, emailed_at=None).update(
        emailed_at=timezone.now()
    ):
        return 0
    config = ListeningSettings.objects.filter(organisation=alert.organisation).first()
    addresses = config.alert_email_list() if config is not None else []
    sent = 0
    with get_connection() as connection:
        for address in addresses:
            email = alert_email(alert=alert, address=address)
            email.connection = connection
            try:
                sent += email.send()
            except Exception:
                logger.exception("listening alert %s could not be e-mailed", alert.pk)
    return sent
