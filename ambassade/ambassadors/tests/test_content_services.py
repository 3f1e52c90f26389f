"""Items, their suggested texts and review (content_services.py), and what each ambassador's hub holds
(content_selectors.py)."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ambassade.ambassadors import content_selectors as selectors
from ambassade.ambassadors.content_services import (
    TextInput,
    content_item_create,
    content_item_transition,
    content_item_update,
    share_create,
)
from ambassade.ambassadors.ledger import points_balance
from ambassade.ambassadors.models import (
    ActivityDay,
    Ambassador,
    ContentItem,
    PointsEntry,
    Programme,
    Share,
    SocialAccount,
)
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.tests.content_factories import item_create, job_item_create, news_hosts
from ambassade.careers.models import JobOffer
from ambassade.careers.tests.factories import job_offer_create, png_bytes
from ambassade.core.models import AuditEvent
from ambassade.links.models import TrackedLink
from ambassade.orgs.roles import Role
from ambassade.testing.factories import World, person_create, user_create
from ambassade.testing.programme import ambassador_enrol

__all__ = ["news_hosts"]
pytestmark = pytest.mark.usefixtures("news_hosts")
Status = ContentItem.Status


def _create(world: World, **values):
    values.setdefault("kind", "news")
    values.setdefault("title", "Forum de l'emploi")
    values.setdefault("target_url", "https://www.example.org/forum")
    values.setdefault("publish_from", timezone.now())
    return content_item_create(actor=world.users["comms"], organisation=world.organisation, **values)


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# --- items ----------------------------------------------------------------------------------------


def test_a_new_item_is_a_draft_with_its_variants_numbered_per_network_and_language(world: World) -> None:
    item = _create(
        world,
        texts=[
            TextInput("x", "fr", "Premier texte"),
            TextInput("linkedin", "fr", "Pour LinkedIn"),
            TextInput("x", "fr", "Deuxième texte"),
            TextInput("x", "en", "First text"),
        ],
    )
    assert item.status == Status.DRAFT and item.created_by == world.users["comms"]
    rows = sorted(item.texts.values_list("network", "language", "variant", "text"))
    assert rows == [
        ("linkedin", "fr", 1, "Pour LinkedIn"),
        ("x", "en", 1, "First text"),
        ("x", "fr", 1, "Premier texte"),
        ("x", "fr", 2, "Deuxième texte"),
    ]
    event = AuditEvent.objects.get(action="content.create", target_id=str(item.pk))
    assert event.actor == world.users["comms"] and event.changes["title"] == [None, "Forum de l'emploi"]


def test_an_over_long_text_is_refused_naming_its_network_and_variant_and_nothing_is_saved(
    world: World,
) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(world, texts=[TextInput("x", "fr", "Court"), TextInput("x", "fr", "a" * 260)])
    messages = caught.value.message_dict["texts"]
    assert any("X, variant 2 (fr)" in message and "280" in message for message in messages)
    assert not ContentItem.objects.exists()


def test_every_problem_is_reported_at_once_per_field(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(
            world,
            title=" ",
            target_url="https://elsewhere.example.net/page",
            publish_until=timezone.now() - timedelta(days=1),
            expertise_levels=["guru"],
            audiences=[],
        )
    assert set(caught.value.message_dict) == {"title", "target_url", "publish_until", "expertise_levels"}
    assert "own sites" in caught.value.message_dict["target_url"][0]


def test_a_job_item_needs_one_of_the_organisations_open_offers_and_leads_to_its_page(world: World) -> None:
    closed = job_offer_create(world.hq, status=JobOffer.Status.CLOSED)
    with pytest.raises(ValidationError) as caught:
        _create(world, kind="job", job=closed)
    assert "open job offers" in caught.value.message_dict["job"][0]
    with pytest.raises(ValidationError) as caught:
        _create(world, kind="job", job=None)
    assert "job" in caught.value.message_dict
    offer = job_offer_create(world.hq)
    item = _create(world, kind="job", job=offer, target_url="https://ignored.example.net/")
    assert item.job == offer and item.target_url == ""


def test_audiences_of_another_organisation_are_refused(world: World) -> None:
    assert world.foreign_department is not None
    with pytest.raises(ValidationError) as caught:
        _create(world, departments=[world.foreign_department])
    assert "departments" in caught.value.message_dict


def test_an_uploaded_image_is_checked_shrunk_and_stripped(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    big = io.BytesIO()
    Image.new("RGB", (3000, 2000), "teal").save(big, format="JPEG")
    item = _create(world, image=SimpleUploadedFile("photo.jpg", big.getvalue(), content_type="image/jpeg"))
    with Image.open(item.image.path) as stored:
        assert max(stored.size) == 1600
    with pytest.raises(ValidationError) as caught:
        _create(world, image=SimpleUploadedFile("cv.png", b"%PDF-1.7 not an image", content_type="image/png"))
    assert "not an image" in caught.value.message_dict["image"][0]
    huge = SimpleUploadedFile("huge.png", png_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        _create(world, image=huge)
    assert "5 MB" in caught.value.message_dict["image"][0]
    assert ContentItem.objects.count() == 1


def test_changing_an_item_replaces_its_texts_and_is_audited(world: World) -> None:
    item = _create(world, texts=[TextInput("x", "fr", "Ancien")])
    content_item_update(
        actor=world.users["admin"],
        item=item,
        kind="event",
        title="Forum 2026",
        target_url="https://www.example.org/forum",
        publish_from=item.publish_from,
        texts=[TextInput("bluesky", "en", "New")],
    )
    item.refresh_from_db()
    assert item.kind == "event" and item.title == "Forum 2026"
    assert list(item.texts.values_list("network", "text")) == [("bluesky", "New")]
    event = AuditEvent.objects.get(action="content.change", target_id=str(item.pk))
    assert event.changes["title"] == ["Forum de l'emploi", "Forum 2026"] and "texts" in event.changes


def test_published_items_cannot_be_changed(world: World) -> None:
    item = item_create(world)
    with pytest.raises(ValidationError, match="Only drafts and items in review"):
        content_item_update(
            actor=world.users["comms"], item=item, kind="news", title="x", publish_from=timezone.now()
        )


# --- workflow -------------------------------------------------------------------------------------


def test_an_item_goes_from_draft_to_review_to_published_to_archived_and_each_step_is_audited(
    world: World,
) -> None:
    item = _create(world)
    comms, admin = world.users["comms"], world.users["admin"]
    item = content_item_transition(actor=comms, item=item, to=Status.IN_REVIEW)
    assert item.submitted_by == comms
    item = content_item_transition(actor=admin, item=item, to=Status.PUBLISHED)
    assert item.approved_by == admin and item.published_at is not None
    item = content_item_transition(actor=admin, item=item, to=Status.ARCHIVED)
    steps = AuditEvent.objects.filter(action="content.transition", target_id=str(item.pk)).order_by("id")
    assert [event.changes["status"] for event in steps] == [
        ["draft", "in_review"],
        ["in_review", "published"],
        ["published", "archived"],
    ]


def test_an_item_in_review_can_go_back_to_draft_but_steps_cannot_be_skipped(world: World) -> None:
    item = _create(world)
    with pytest.raises(ValidationError, match="cannot become published"):
        content_item_transition(actor=world.users["comms"], item=item, to=Status.PUBLISHED)
    item = content_item_transition(actor=world.users["comms"], item=item, to=Status.IN_REVIEW)
    item = content_item_transition(actor=world.users["comms"], item=item, to=Status.DRAFT)
    assert item.status == Status.DRAFT and item.submitted_by is None
    with pytest.raises(ValidationError):
        content_item_transition(actor=world.users["comms"], item=item, to="deleted")


def test_with_second_approval_the_submitter_cannot_publish_but_a_colleague_can(world: World) -> None:
    Programme.objects.filter(pk=programme_get(organisation=world.organisation).pk).update(
        second_approval=True
    )
    item = content_item_transition(actor=world.users["comms"], item=_create(world), to=Status.IN_REVIEW)
    with pytest.raises(ValidationError, match="second person"):
        content_item_transition(actor=world.users["comms"], item=item, to=Status.PUBLISHED)
    assert ContentItem.objects.get(pk=item.pk).status == Status.IN_REVIEW
    item = content_item_transition(actor=world.users["admin"], item=item, to=Status.PUBLISHED)
    assert item.status == Status.PUBLISHED and item.approved_by == world.users["admin"]


def _second_approval(world: World) -> None:
    Programme.objects.filter(pk=programme_get(organisation=world.organisation).pk).update(
        second_approval=True
    )


def _texts_of(item: ContentItem) -> list[TextInput]:
    return [TextInput(network=t.network, language=t.language, text=t.text) for t in item.texts.all()]


def test_with_second_approval_the_author_cannot_publish_an_item_a_colleague_submitted(world: World) -> None:
    _second_approval(world)
    item = content_item_transition(actor=world.users["admin"], item=_create(world), to=Status.IN_REVIEW)
    with pytest.raises(ValidationError, match="you created it yourself"):
        content_item_transition(actor=world.users["comms"], item=item, to=Status.PUBLISHED)
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW and item.approved_by is None
    transitions = AuditEvent.objects.filter(action="content.transition", target_id=str(item.pk))
    assert [event.changes["status"] for event in transitions] == [["draft", "in_review"]]


def test_with_second_approval_a_reviewer_cannot_approve_their_own_changes(world: World) -> None:
    _second_approval(world)
    reviewer = user_create("reviewer", organisation=world.organisation, role=Role.COMMS)
    item = content_item_transition(actor=world.users["comms"], item=_create(world), to=Status.IN_REVIEW)
    item = content_item_update(
        actor=reviewer,
        item=item,
        kind="news",
        title="Forum de l'emploi, version du relecteur",
        target_url=item.target_url,
        publish_from=item.publish_from,
        texts=_texts_of(item),
    )
    with pytest.raises(ValidationError, match="latest changes yourself"):
        content_item_transition(actor=reviewer, item=item, to=Status.PUBLISHED)
    assert ContentItem.objects.get(pk=item.pk).status == Status.IN_REVIEW
    item = content_item_transition(actor=world.users["admin"], item=item, to=Status.PUBLISHED)
    assert item.status == Status.PUBLISHED and item.approved_by == world.users["admin"]


def test_a_save_that_changes_nothing_does_not_make_the_reviewer_an_author(world: World) -> None:
    _second_approval(world)
    item = content_item_transition(actor=world.users["comms"], item=_create(world), to=Status.IN_REVIEW)
    item = content_item_update(
        actor=world.users["admin"],
        item=item,
        kind=item.kind,
        title=item.title,
        summary=item.summary,
        target_url=item.target_url,
        publish_from=item.publish_from,
        texts=_texts_of(item),
    )
    item = content_item_transition(actor=world.users["admin"], item=item, to=Status.PUBLISHED)
    assert item.status == Status.PUBLISHED


def test_without_second_approval_the_submitter_may_publish(world: World) -> None:
    item = content_item_transition(actor=world.users["comms"], item=_create(world), to=Status.IN_REVIEW)
    item = content_item_transition(actor=world.users["comms"], item=item, to=Status.PUBLISHED)
    assert item.status == Status.PUBLISHED


def test_a_stale_page_cannot_move_an_item_twice(world: World) -> None:
    item = content_item_transition(actor=world.users["comms"], item=_create(world), to=Status.IN_REVIEW)
    stale = ContentItem.objects.get(pk=item.pk)
    content_item_transition(actor=world.users["admin"], item=item, to=Status.PUBLISHED)
    with pytest.raises(ValidationError, match="meanwhile"):
        content_item_transition(actor=world.users["comms"], item=stale, to=Status.DRAFT)


def test_a_job_item_whose_offer_closed_cannot_be_published(world: World) -> None:
    offer = job_offer_create(world.hq)
    item = content_item_transition(
        actor=world.users["comms"], item=_create(world, kind="job", job=offer), to=Status.IN_REVIEW
    )
    JobOffer.objects.filter(pk=offer.pk).update(status=JobOffer.Status.CLOSED)
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer open"):
        content_item_transition(actor=world.users["admin"], item=item, to=Status.PUBLISHED)


# --- sharing --------------------------------------------------------------------------------------


def test_sharing_creates_the_ambassadors_link_the_share_the_activity_and_the_points(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = job_item_create(world, texts=[("x", "fr", "On recrute !")])
    text = item.texts.get()
    share, url = share_create(
        actor=world.users["employee"], ambassador=ambassador, item=item, network="x", text=text
    )
    link = share.link
    assert link is not None
    assert (link.target_type, link.job, link.channel, link.ambassador) == (
        TrackedLink.Target.JOB,
        item.job,
        "x",
        world.people["employee"],
    )
    assert url.startswith("https://x.com/intent/post?")
    assert _query(url) == {"text": ["On recrute !"], "url": [f"http://127.0.0.1:8000/r/{link.code}"]}
    assert (share.ambassador, share.network, share.text, share.own_text) == (ambassador, "x", text, False)
    assert ActivityDay.objects.get(ambassador=ambassador).shares == 1
    assert PointsEntry.objects.get(ambassador=ambassador).source == f"share:{item.pk}:x"
    ambassador.refresh_from_db()
    assert ambassador.last_active_on == timezone.localdate()


def test_sharing_again_later_reuses_the_link_and_earns_no_second_credit(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world)
    now = timezone.now()
    first, _url = share_create(actor=None, ambassador=ambassador, item=item, network="bluesky", now=now)
    second, url = share_create(
        actor=None, ambassador=ambassador, item=item, network="bluesky", now=now + timedelta(minutes=11)
    )
    assert first.link == second.link and Share.objects.count() == 2
    assert (
        points_balance(ambassador=ambassador) == programme_get(organisation=world.organisation).points_share
    )
    assert ActivityDay.objects.get(ambassador=ambassador).shares == 2
    # No suggested text for Bluesky: the title goes out, with the link inside the text.
    assert first.link is not None
    assert _query(url)["text"] == [f"Portes ouvertes http://127.0.0.1:8000/r/{first.link.code}"]
    other_network, _url = share_create(actor=None, ambassador=ambassador, item=item, network="linkedin")
    assert other_network.link is not None
    assert other_network.link != first.link and other_network.link.channel == "linkedin"


def test_clicking_again_within_ten_minutes_is_the_same_share_and_counts_once(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world, texts=[("x", "fr", "Premier texte"), ("x", "fr", "Second texte")])
    first_text, second_text = item.texts.order_by("variant")
    now = timezone.now()
    first, first_url = share_create(
        actor=None, ambassador=ambassador, item=item, network="x", text=first_text, now=now
    )
    again, again_url = share_create(
        actor=None,
        ambassador=ambassador,
        item=item,
        network="x",
        text=second_text,
        now=now + timedelta(minutes=9),
    )
    assert again.pk == first.pk and Share.objects.count() == 1
    assert Share.objects.get().text == second_text  # the text chosen last is the one kept
    assert _query(again_url)["text"] == ["Second texte"]
    assert _query(again_url)["url"] == _query(first_url)["url"]
    assert ActivityDay.objects.get(ambassador=ambassador).shares == 1
    assert PointsEntry.objects.filter(ambassador=ambassador).count() == 1


def test_a_share_from_a_page_loaded_before_a_withdrawal_is_refused_and_leaves_nothing(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world)
    loaded_before = Ambassador.objects.get(pk=ambassador.pk)
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="enrolled"):
        share_create(actor=None, ambassador=loaded_before, item=item, network="x")
    assert not Share.objects.exists() and not TrackedLink.objects.exists()
    assert not ActivityDay.objects.exists() and not PointsEntry.objects.exists()
    ambassador.refresh_from_db()
    assert ambassador.last_active_on is None


def test_a_news_item_link_leads_to_the_items_address(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    share, _url = share_create(actor=None, ambassador=ambassador, item=item_create(world), network="facebook")
    assert share.link is not None
    assert share.link.target_type == "news"
    assert share.link.url == "https://www.example.org/actualites/portes-ouvertes"


def test_an_own_text_is_checked_against_the_networks_limit_and_nothing_is_written(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world)
    with pytest.raises(ValidationError, match="X, your text"):
        share_create(actor=None, ambassador=ambassador, item=item, network="x", own_text="a" * 280)
    with pytest.raises(ValidationError):
        share_create(actor=None, ambassador=ambassador, item=item, network="x", own_text="   ")
    assert not Share.objects.exists() and not TrackedLink.objects.exists()
    assert not PointsEntry.objects.exists()
    share, url = share_create(actor=None, ambassador=ambassador, item=item, network="x", own_text="À moi ")
    assert share.own_text and share.text is None and _query(url)["text"] == ["À moi"]


def test_mastodon_shares_need_the_ambassadors_instance(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world)
    with pytest.raises(ValidationError) as caught:
        share_create(actor=None, ambassador=ambassador, item=item, network="mastodon")
    assert "instance" in caught.value.message_dict
    assert not Share.objects.exists() and not TrackedLink.objects.exists()
    SocialAccount.objects.create(ambassador=ambassador, network="mastodon", handle="@emile@piaille.fr")
    instance = selectors.ambassador_mastodon_instance(ambassador=ambassador)
    _share, url = share_create(
        actor=None, ambassador=ambassador, item=item, network="mastodon", instance=instance
    )
    assert url.startswith("https://piaille.fr/share?text=")


def test_only_enrolled_ambassadors_share_published_items(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    draft = item_create(world, status=Status.DRAFT)
    with pytest.raises(ValidationError):
        share_create(actor=None, ambassador=ambassador, item=draft, network="x")
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    ambassador.refresh_from_db()
    with pytest.raises(ValidationError, match="enrolled"):
        share_create(actor=None, ambassador=ambassador, item=item_create(world), network="x")
    assert not Share.objects.exists()


def test_a_job_link_cannot_be_made_once_the_offer_closed(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = job_item_create(world)
    JobOffer.objects.filter(content_items=item).update(status=JobOffer.Status.CLOSED)
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="not open"):
        share_create(actor=None, ambassador=ambassador, item=item, network="x")
    assert not Share.objects.exists()


# --- what the hub holds ---------------------------------------------------------------------------


def test_the_hub_holds_published_items_within_their_window_newest_first(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    now = timezone.now()
    older = item_create(world, title="Older", publish_from=now - timedelta(days=3))
    newer = item_create(world, title="Newer", publish_from=now - timedelta(days=1))
    item_create(world, title="Draft", status=Status.DRAFT)
    item_create(world, title="Archived", status=Status.ARCHIVED)
    item_create(world, title="Later", publish_from=now + timedelta(days=1))
    item_create(
        world, title="Over", publish_from=now - timedelta(days=5), publish_until=now - timedelta(days=1)
    )
    closed = job_item_create(world, title="Closed offer")
    JobOffer.objects.filter(content_items=closed).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert [item.title for item in selectors.hub_items(ambassador=ambassador)] == ["Newer", "Older"]
    assert selectors.hub_items(ambassador=ambassador, now=now + timedelta(days=2))[0].title == "Later"
    assert [i.pk for i in selectors.hub_items(ambassador=ambassador, kind="news")] == [newer.pk, older.pk]


def test_items_reach_the_entities_department_subtrees_audiences_and_levels_they_target(world: World) -> None:
    employee = ambassador_enrol(world.people["employee"])  # HQ, unit (under service), agents, beginner
    south = ambassador_enrol(person_create(world.subsidiary, world.subsidiary_service))
    expert = ambassador_enrol(person_create(world.hq, world.other_service), expertise="expert")
    item_create(world, title="Everyone")
    item_create(world, title="HQ", entities=[world.hq])
    item_create(world, title="Service subtree", departments=[world.service])
    item_create(world, title="Agents", audiences=[world.audiences["agents"]])
    item_create(world, title="Experts", expertise_levels=["expert"])
    item_create(world, title="HQ experts", entities=[world.hq], expertise_levels=["expert"])
    item_create(world, title="Subsidiary", entities=[world.subsidiary])

    def titles(ambassador: Ambassador) -> set[str]:
        return {item.title for item in selectors.hub_items(ambassador=ambassador)}

    assert titles(employee) == {"Everyone", "HQ", "Service subtree", "Agents"}
    assert titles(south) == {"Everyone", "Subsidiary"}
    assert titles(expert) == {"Everyone", "HQ", "Experts", "HQ experts"}


def test_the_not_yet_shared_filter_and_the_shared_marks_follow_the_ambassadors_own_shares(
    world: World,
) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    colleague = ambassador_enrol(world.people["manager"])
    shared = item_create(world, title="Shared")
    item_create(world, title="Fresh")
    share_create(actor=None, ambassador=ambassador, item=shared, network="x")
    share_create(actor=None, ambassador=colleague, item=shared, network="linkedin")
    assert [i.title for i in selectors.hub_items(ambassador=ambassador, not_shared=True)] == ["Fresh"]
    assert selectors.shared_networks(ambassador=ambassador, item_ids=[shared.pk]) == {shared.pk: {"x"}}
    assert {i.title for i in selectors.hub_items(ambassador=colleague, not_shared=True)} == {"Fresh"}


def test_each_ambassador_is_offered_a_different_variant_first(world: World) -> None:
    item = item_create(
        world, texts=[("x", "fr", "Un"), ("x", "fr", "Deux"), ("x", "fr", "Trois"), ("x", "en", "One")]
    )
    people = [world.people["employee"], world.people["manager"], world.people["comms"]]
    defaults = set()
    for person in people:
        ambassador = ambassador_enrol(person)
        choices = selectors.network_choices(item=item, ambassador=ambassador, language="fr", shared=set())
        x = next(choice for choice in choices if choice.network == "x")
        assert [variant.text for variant in x.variants] == ["Un", "Deux", "Trois"]
        assert x.default is not None
        defaults.add(x.default.text)
    assert defaults == {"Un", "Deux", "Trois"}
    english = selectors.network_choices(item=item, ambassador=ambassador, language="en", shared=set())
    assert [v.text for v in next(c for c in english if c.network == "x").variants] == ["One"]


def test_the_calendar_knows_each_items_window_its_first_day_and_its_last_day(world: World, settings) -> None:
    from datetime import datetime

    zone = timezone.get_current_timezone()
    start = datetime(2026, 3, 30, 9, 0, tzinfo=zone)
    item_create(
        world, title="Spring fair", publish_from=start, publish_until=datetime(2026, 4, 2, 0, 0, tzinfo=zone)
    )
    item_create(
        world, title="Draft plan", status=Status.DRAFT, publish_from=datetime(2026, 4, 15, 8, tzinfo=zone)
    )
    item_create(
        world, title="Old", status=Status.ARCHIVED, publish_from=datetime(2026, 4, 10, 8, tzinfo=zone)
    )
    grid = selectors.content_calendar(membership=world.users["comms"].membership, year=2026, month=4)
    days = {cell.day.isoformat(): [i.title for i in cell.items] for week in grid.weeks for cell in week}
    assert days["2026-03-30"] == ["Spring fair"] and days["2026-04-01"] == ["Spring fair"]
    assert days["2026-04-02"] == [] and days["2026-04-15"] == ["Draft plan"] and days["2026-04-10"] == []
    assert grid.previous.isoformat() == "2026-03-01" and grid.next.isoformat() == "2026-05-01"
    assert grid.weeks[0][0].day.weekday() == 0
    cells = {cell.day.isoformat(): cell for week in grid.weeks for cell in week}
    assert [i.title for i in cells["2026-03-30"].starts] == ["Spring fair"]
    assert cells["2026-03-31"].starts == [] and cells["2026-03-31"].running == 1
    assert [i.title for i in cells["2026-04-01"].ends] == ["Spring fair"]
