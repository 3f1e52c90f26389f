"""Writes of the content hub: items and their suggested texts, the review workflow, and shares.

Every write is keyword-only, checked as a whole before anything is saved, and audited. Items are
edited while they are drafts or in review; a published item is archived, never rewritten under the
ambassadors who already shared it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.content_selectors import content_item_last_edit, content_offers
from ambassade.ambassadors.ledger import points_award
from ambassade.ambassadors.models import (
    SHARE_NETWORKS,
    Ambassador,
    ContentItem,
    Expertise,
    Network,
    PointsEntry,
    Share,
    SuggestedText,
)
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.sharing import OWN_TEXT_MAX, intent_url, text_check
from ambassade.careers.content import image_shrink
from ambassade.careers.models import JobOffer
from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.links.models import TrackedLink
from ambassade.links.services import tracked_link_create
from ambassade.links.targets import external_url_check, link_short_url
from ambassade.orgs.models import LANGUAGE_CHOICES, Audience, Department, Entity, Organisation

Status = ContentItem.Status
Kind = ContentItem.Kind

LANGUAGES = [code for code, _label in LANGUAGE_CHOICES]
MAX_VARIANTS = 5  # per network and language
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # a 40-megapixel photo: more is a decompression bomb, not a picture
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
IMAGE_BOX = (1600, 1600)  # what networks' previews use at most; metadata (GPS...) is dropped
# A second click on the same item and network within this time is the same share (a double click, a
# dialog closed and opened again): it is not recorded, nor counted, twice.
SHARE_REPEAT_WINDOW = timedelta(minutes=10)
EDITABLE = frozenset({Status.DRAFT, Status.IN_REVIEW})
TRANSITIONS = {
    (Status.DRAFT, Status.IN_REVIEW),
    (Status.IN_REVIEW, Status.DRAFT),
    (Status.IN_REVIEW, Status.PUBLISHED),
    (Status.PUBLISHED, Status.ARCHIVED),
}
ITEM_FIELDS = [
    "kind",
    "title",
    "summary",
    "job",
    "target_url",
    "expertise_levels",
    "publish_from",
    "publish_until",
]


@dataclass(frozen=True)
class TextInput:
    network: str
    language: str
    text: str


# --- the image ------------------------------------------------------------------------------------


def image_validate(upload: Any) -> None:
    """A real image (JPEG, PNG, WebP, GIF) of at most 5 MB, or a ValidationError on `image` saying why."""
    unreadable = _("This file is not an image we can read: send a JPEG, PNG or WebP picture.")
    if getattr(upload, "size", 0) > IMAGE_MAX_BYTES:
        raise ValidationError({"image": _("The image is too large: 5 MB at most.")})
    try:
        upload.seek(0)
        with Image.open(upload) as opened:
            image_format = opened.format
            width, height = opened.size
            opened.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError({"image": unreadable}) from error
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError({"image": _("Send a JPEG, PNG or WebP picture.")})
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError({"image": _("The image has too many pixels: 40 megapixels at most.")})


def image_check(upload: Any) -> UploadedFile:
    """The image validated, shrunk to what previews use, and stripped of its metadata (GPS...)."""
    image_validate(upload)
    try:
        return image_shrink(upload, box=IMAGE_BOX)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        message = _("This file is not an image we can read: send a JPEG, PNG or WebP picture.")
        raise ValidationError({"image": message}) from error


# --- items ----------------------------------------------------------------------------------------


def _text_label(network: str, variant: int, language: str) -> str:
    return _("%(network)s, variant %(variant)s (%(language)s)") % {
        "network": Network(network).label,
        "variant": variant,
        "language": language,
    }


def _numbered(texts: Sequence[TextInput]) -> list[tuple[TextInput, int]]:
    counter: Counter[tuple[str, str]] = Counter()
    numbered = []
    for text in texts:
        counter[(text.network, text.language)] += 1
        numbered.append((text, counter[(text.network, text.language)]))
    return numbered


def _texts_check(texts: Sequence[TextInput]) -> list[str]:
    errors: list[str] = []
    for text, variant in _numbered(texts):
        if text.network not in SHARE_NETWORKS:
            errors.append(_("Choose one of the networks: LinkedIn, X, Mastodon, Bluesky, Facebook."))
            continue
        if text.language not in LANGUAGES:
            errors.append(_("Choose the language of each text: French or English."))
            continue
        label = _text_label(text.network, variant, text.language)
        if variant > MAX_VARIANTS:
            errors.append(
                _("%(label)s: at most %(max)s variants per network and language.")
                % {"label": label, "max": MAX_VARIANTS}
            )
            continue
        if not text.text.strip():
            errors.append(_("%(label)s: the text is empty.") % {"label": label})
            continue
        if "\x00" in text.text:
            errors.append(_("%(label)s: the text contains a null character.") % {"label": label})
            continue
        try:
            text_check(network=text.network, text=text.text, label=label)
        except ValidationError as error:
            errors.extend(error.messages)
    return errors


def _same_organisation(
    objects: Iterable[Any], organisation: Organisation, field: str, errors: dict[str, list[str]]
) -> None:
    if any(obj.organisation_id != organisation.pk for obj in objects):
        errors.setdefault(field, []).append(_("Choose among this organisation's own."))


def _values_check(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    summary: str,
    job: JobOffer | None,
    target_url: str,
    entities: Sequence[Entity],
    departments: Sequence[Department],
    audiences: Sequence[Audience],
    expertise_levels: Sequence[str],
    publish_from: datetime | None,
    publish_until: datetime | None,
    texts: Sequence[TextInput],
) -> str:
    """Every problem at once, as a ValidationError per field; returns the cleaned target address."""
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a kind: news, job offer, event, video testimonial or advice.")]
    if not title.strip():
        errors["title"] = [_("Enter a title.")]
    elif len(title) > 200:
        errors["title"] = [_("Enter a title of at most 200 characters.")]
    if kind == Kind.JOB:
        if job is None:
            errors["job"] = [_("Choose the job offer this item promotes.")]
        elif not content_offers(organisation=organisation).filter(pk=job.pk).exists():
            errors["job"] = [_("Choose one of the organisation's open job offers.")]
        target_url = ""  # a job item leads to the job's page on its career site
    elif kind in Kind.values:
        try:
            target_url = external_url_check(url=target_url, organisation=organisation)
        except ValidationError as error:
            errors["target_url"] = error.messages
    _same_organisation(entities, organisation, "entities", errors)
    _same_organisation(departments, organisation, "departments", errors)
    _same_organisation(audiences, organisation, "audiences", errors)
    if any(level not in Expertise.values for level in expertise_levels):
        errors["expertise_levels"] = [_("Choose among beginner, intermediate and expert.")]
    if publish_from is None:
        errors["publish_from"] = [_("Enter when the item starts being offered.")]
    elif publish_until is not None and publish_until <= publish_from:
        errors["publish_until"] = [_("The end of the window must come after its start.")]
    text_errors = _texts_check(texts)
    if text_errors:
        errors["texts"] = text_errors
    if errors:
        raise ValidationError(errors)
    return target_url


def _texts_replace(item: ContentItem, texts: Sequence[TextInput]) -> None:
    item.texts.all().delete()
    SuggestedText.objects.bulk_create(
        SuggestedText(
            item=item, network=text.network, language=text.language, variant=variant, text=text.text.strip()
        )
        for text, variant in _numbered(texts)
    )


def _texts_summary(item: ContentItem) -> list[str]:
    return [f"{text.network}/{text.language}#{text.variant}: {text.text}" for text in item.texts.all()]


def content_item_create(
    *,
    actor: Actor,
    organisation: Organisation,
    kind: str,
    title: str,
    summary: str = "",
    job: JobOffer | None = None,
    target_url: str = "",
    image: Any = None,
    entities: Sequence[Entity] = (),
    departments: Sequence[Department] = (),
    audiences: Sequence[Audience] = (),
    expertise_levels: Sequence[str] = (),
    publish_from: datetime | None,
    publish_until: datetime | None = None,
    texts: Sequence[TextInput] = (),
) -> ContentItem:
    """A new draft item with its suggested texts."""
    item = ContentItem(organisation=organisation)
    return _item_save(
        actor=actor,
        item=item,
        creating=True,
        values={
            "kind": kind,
            "title": title,
            "summary": summary,
            "job": job,
            "target_url": target_url,
            "entities": list(entities),
            "departments": list(departments),
            "audiences": list(audiences),
            "expertise_levels": list(expertise_levels),
            "publish_from": publish_from,
            "publish_until": publish_until,
            "texts": list(texts),
        },
        image=image,
        image_clear=False,
    )


def content_item_update(
    *,
    actor: Actor,
    item: ContentItem,
    kind: str,
    title: str,
    summary: str = "",
    job: JobOffer | None = None,
    target_url: str = "",
    image: Any = None,
    image_clear: bool = False,
    entities: Sequence[Entity] = (),
    departments: Sequence[Department] = (),
    audiences: Sequence[Audience] = (),
    expertise_levels: Sequence[str] = (),
    publish_from: datetime | None,
    publish_until: datetime | None = None,
    texts: Sequence[TextInput] = (),
) -> ContentItem:
    """Change a draft or an item in review (its texts are replaced by `texts`)."""
    if item.status not in EDITABLE:
        raise ValidationError(
            _("Only drafts and items in review can be changed: this one is %(status)s.")
            % {"status": item.get_status_display().lower()}
        )
    return _item_save(
        actor=actor,
        item=item,
        creating=False,
        values={
            "kind": kind,
            "title": title,
            "summary": summary,
            "job": job,
            "target_url": target_url,
            "entities": list(entities),
            "departments": list(departments),
            "audiences": list(audiences),
            "expertise_levels": list(expertise_levels),
            "publish_from": publish_from,
            "publish_until": publish_until,
            "texts": list(texts),
        },
        image=image,
        image_clear=image_clear,
    )


def _item_save(
    *, actor: Actor, item: ContentItem, creating: bool, values: dict[str, Any], image: Any, image_clear: bool
) -> ContentItem:
    organisation = item.organisation
    target_url = _values_check(organisation=organisation, **values)
    image_file = image_check(image) if image else None
    before = snapshot(item, ITEM_FIELDS) if not creating else {}
    texts_before = [] if creating else _texts_summary(item)
    m2m_before = {} if creating else _m2m_summary(item)
    with transaction.atomic():
        if not creating:
            # Nobody moved it out of the editable statuses meanwhile.
            locked = ContentItem.objects.select_for_update().filter(pk=item.pk, status__in=EDITABLE).first()
            if locked is None:
                raise ValidationError(_("This item was published or archived meanwhile: reload the page."))
        item.kind = values["kind"]
        item.title = values["title"].strip()
        item.summary = values["summary"].strip()
        item.job = values["job"] if values["kind"] == Kind.JOB else None
        item.target_url = target_url
        item.expertise_levels = sorted(set(values["expertise_levels"]))
        item.publish_from = values["publish_from"]
        item.publish_until = values["publish_until"]
        if creating:
            item.created_by = actor if actor is not None and actor.is_authenticated else None  # type: ignore[assignment]
        if image_clear and item.image:
            item.image.delete(save=False)
            item.image = None
        if image_file is not None:
            item.image.save(image_file.name or "image.jpg", image_file, save=False)
        item.save()
        item.entities.set(values["entities"])
        item.departments.set(values["departments"])
        item.audiences.set(values["audiences"])
        _texts_replace(item, values["texts"])
        changes = model_changes(item, ITEM_FIELDS, before)
        texts_after = _texts_summary(item)
        if texts_after != texts_before:
            changes["texts"] = [texts_before or None, texts_after]
        m2m_after = _m2m_summary(item)
        for field, after in m2m_after.items():
            if after != m2m_before.get(field, []):
                changes[field] = [m2m_before.get(field) or None, after]
        if image_file is not None or image_clear:
            changes["image"] = [None, item.image.name or None]
        audit_record(
            actor=actor,
            action="content.create" if creating else "content.change",
            organisation=organisation,
            target=item,
            changes=changes,
        )
    return item


def _m2m_summary(item: ContentItem) -> dict[str, list[str]]:
    return {
        "entities": sorted(str(entity) for entity in item.entities.all()),
        "departments": sorted(str(department) for department in item.departments.all()),
        "audiences": sorted(str(audience) for audience in item.audiences.all()),
    }


# --- the workflow ---------------------------------------------------------------------------------


def transitions_allowed(item: ContentItem) -> list[str]:
    return [to for (source, to) in sorted(TRANSITIONS) if source == item.status]


def approval_refusal(*, item: ContentItem, user: Any) -> str | None:
    """Why `user` may not approve `item` under the programme's second approval, or None when they may.

    The person who approves must be none of those who wrote what would go out: not whoever created the
    item, not whoever made its latest change (read from the audit log), not whoever submitted it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not programme_get(organisation=item.organisation).second_approval:
        return None
    if item.submitted_by_id == user.pk:
        return _("A second person must approve this item: you submitted it for review yourself.")
    if item.created_by_id == user.pk:
        return _("A second person must approve this item: you created it yourself.")
    last_edit = content_item_last_edit(item=item)
    if last_edit is not None and last_edit.actor_id == user.pk:
        return _("A second person must approve this item: you made its latest changes yourself.")
    return None


def content_item_transition(
    *, actor: Actor, item: ContentItem, to: str, now: datetime | None = None
) -> ContentItem:
    """Move an item along draft → in review → published → archived (or back from review to draft).

    With the programme's second approval on, the person who publishes must not be the one who created
    the item, made its latest change or submitted it for review."""
    now = now or timezone.now()
    source = item.status
    if (source, to) not in TRANSITIONS:
        labels = dict(Status.choices)
        raise ValidationError(
            _("An item that is %(status)s cannot become %(target)s.")
            % {"status": str(labels.get(source, source)).lower(), "target": str(labels.get(to, to)).lower()}
        )
    user = actor if actor is not None and actor.is_authenticated else None
    values: dict[str, Any] = {"status": to, "updated_at": now}
    if to == Status.IN_REVIEW:
        values["submitted_by"] = user
    elif to == Status.DRAFT:
        values["submitted_by"] = None
        values["approved_by"] = None
    elif to == Status.PUBLISHED:
        values["approved_by"] = user
        values["published_at"] = now
    with transaction.atomic():
        # The row as it is now, locked: an edit (which takes the same lock) cannot slip in between the
        # checks below and the move; and two people clicking at once move it once.
        locked = (
            ContentItem.objects.select_for_update(of=("self",))
            .select_related("organisation", "job")
            .filter(pk=item.pk, status=source)
            .first()
        )
        if locked is None:
            raise ValidationError(_("Someone changed this item meanwhile: reload the page."))
        if to == Status.PUBLISHED:
            refusal = approval_refusal(item=locked, user=user)
            if refusal is not None:
                raise ValidationError(refusal)
            if locked.kind == Kind.JOB and (locked.job is None or not locked.job.is_open):
                raise ValidationError(_("Its job offer is no longer open: this item cannot be published."))
        ContentItem.objects.filter(pk=item.pk, status=source).update(**values)
        audit_record(
            actor=actor,
            action="content.transition",
            organisation=item.organisation,
            target=item,
            changes={"status": [source, to]},
        )
    item.refresh_from_db()
    return item


# --- shares ---------------------------------------------------------------------------------------


def _link_target(item: ContentItem) -> dict[str, Any]:
    if item.kind == Kind.JOB:
        return {"target_type": TrackedLink.Target.JOB, "job": item.job}
    target_type = TrackedLink.Target.NEWS if item.kind == Kind.NEWS else TrackedLink.Target.URL
    return {"target_type": target_type, "url": item.target_url}


def share_link_get(*, actor: Actor, ambassador: Ambassador, item: ContentItem, network: str) -> TrackedLink:
    """The ambassador's own tracked link for this item and network: the one of an earlier share (or an
    earlier call) when there is one, else a new one."""
    earlier = (
        Share.objects.filter(ambassador=ambassador, item=item, network=network, link__isnull=False)
        .select_related("link")
        .order_by("opened_at", "pk")
        .first()
    )
    if earlier is not None and earlier.link is not None:
        return earlier.link
    target = _link_target(item)
    same = TrackedLink.objects.filter(
        organisation_id=item.organisation_id,
        ambassador_id=ambassador.person_id,
        channel=network,
        campaign__isnull=True,
        target_type=target["target_type"],
    )
    same = same.filter(job=item.job) if item.kind == Kind.JOB else same.filter(url=item.target_url)
    existing = same.order_by("pk").first()
    if existing is not None:
        return existing
    return tracked_link_create(
        actor=actor,
        organisation=item.organisation,
        channel=network,
        ambassador=ambassador.person,
        **target,
    )


def share_text(*, item: ContentItem, text: SuggestedText | None, own_text: str | None) -> str:
    if own_text is not None:
        return own_text.strip()
    if text is not None:
        return text.text
    return item.title


def share_create(
    *,
    actor: Actor,
    ambassador: Ambassador,
    item: ContentItem,
    network: str,
    text: SuggestedText | None = None,
    own_text: str | None = None,
    instance: str = "",
    now: datetime | None = None,
) -> tuple[Share, str]:
    """Record that the ambassador opens `network`'s share dialog for `item`; returns the share and the
    share-intent address, prefilled with the text and the ambassador's own tracked link.

    In one transaction, with the ambassador's row locked (a withdrawal committed meanwhile is seen, and
    one person's clicks are recorded one after the other): the link (reused for the same item and
    network), the share, the day's activity, and the share's points (credited once per item and
    network). A second click for the same item and network within `SHARE_REPEAT_WINDOW` (a double click,
    a dialog closed and opened again) reuses that share: no new share and no new activity, the text
    chosen last is the one kept, and the address returned is the same."""
    now = now or timezone.now()
    if not ambassador.is_enrolled:
        raise ValidationError(_("Only enrolled ambassadors can share from the hub."))
    if item.organisation_id != ambassador.organisation_id or item.status != Status.PUBLISHED:
        raise ValidationError(_("This item is not offered for sharing."))
    if network not in SHARE_NETWORKS:
        raise ValidationError(
            {"network": _("Choose one of the networks: LinkedIn, X, Mastodon, Bluesky, Facebook.")}
        )
    if text is not None and (text.item_id != item.pk or text.network != network):
        raise ValidationError({"text": _("Choose one of the texts suggested for this network.")})
    if own_text is not None:
        own_text = own_text.replace("\r\n", "\n").strip()
        if not own_text:
            raise ValidationError({"own_text": _("Write your text, or choose a suggested one.")})
        if "\x00" in own_text or len(own_text) > OWN_TEXT_MAX:
            raise ValidationError(
                {"own_text": _("Your text must be at most %(max)s characters.") % {"max": OWN_TEXT_MAX}}
            )
        text_check(
            network=network,
            text=own_text,
            label=_("%(network)s, your text") % {"network": Network(network).label},
        )
    body = share_text(item=item, text=None if own_text is not None else text, own_text=own_text)
    if network == Network.MASTODON and not instance:
        raise ValidationError(
            {
                "instance": _(
                    "Mastodon shares go through your own server: enter it, for example mastodon.social."
                )
            }
        )
    # Checked before anything is written: a bad instance leaves no link, share or points behind.
    intent_url(network=network, text=body, link="https://example.invalid/", instance=instance)
    with transaction.atomic():
        # The status as it is now, not as it was when the page loaded the ambassador.
        locked = (
            Ambassador.objects.select_for_update(of=("self",))
            .select_related("person", "organisation")
            .filter(pk=ambassador.pk, status=Ambassador.Status.ENROLLED)
            .first()
        )
        if locked is None:
            raise ValidationError(_("Only enrolled ambassadors can share from the hub."))
        link = share_link_get(actor=actor, ambassador=locked, item=item, network=network)
        chosen_text = None if own_text is not None else text
        share = (
            Share.objects.filter(
                ambassador=locked,
                item=item,
                network=network,
                opened_at__gt=now - SHARE_REPEAT_WINDOW,
                opened_at__lte=now,
            )
            .order_by("-opened_at", "-pk")
            .first()
        )
        if share is not None:
            share.link, share.text, share.own_text = link, chosen_text, own_text is not None
            share.save(update_fields=["link", "text", "own_text"])
            return share, intent_url(network=network, text=body, link=link_short_url(link), instance=instance)
        share = Share.objects.create(
            organisation_id=item.organisation_id,
            item=item,
            ambassador=locked,
            network=network,
            link=link,
            text=chosen_text,
            own_text=own_text is not None,
            opened_at=now,
        )
        activity_add(ambassador=locked, day=timezone.localdate(now), shares=1)
        points_award(
            ambassador=locked,
            reason=PointsEntry.Reason.SHARE,
            source=f"share:{item.pk}:{network}",
            at=now,
        )
    return share, intent_url(network=network, text=body, link=link_short_url(link), instance=instance)
