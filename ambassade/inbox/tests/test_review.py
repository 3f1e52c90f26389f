"""Edge cases found in review: extreme dates, the second-person rule after a hand-over, the earliest
reply counting as the first response, erasure of a member's name from the history, alerts only to
members who still work the inbox, canned-answer variables filled once, the "Ask us" limits under
concurrency, confirmation e-mails that do not relay a stranger's text, and retention of conversations
left open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ambassade.core import personal_data
from ambassade.inbox import public_views, services
from ambassade.inbox.models import Conversation, ConversationEvent
from ambassade.inbox.tasks import overdue_email_send
from ambassade.inbox.tests.support import age, ask_create, canned_create, hours_ago, mention_create
from ambassade.orgs.roles import Role

pytestmark = pytest.mark.django_db


def test_metrics_with_a_date_at_the_end_of_the_calendar_get_a_message_not_a_500(world, login) -> None:
    client = login("admin")
    for params in ({"until": "9999-12-31"}, {"since": "0001-01-01"}):
        response = client.get(reverse("inbox_metrics"), params)
        assert response.status_code == 400
        assert "2000-01-01" in response.content.decode() and "2999-12-31" in response.content.decode()


def test_whoever_sends_a_draft_for_review_does_not_let_its_writer_publish_it(world) -> None:
    entry = services.faq_propose(
        actor=world.users["comms"],
        organisation=world.organisation,
        entity=world.hq,
        language="fr",
        question="Le télétravail ?",
        answer="Oui.",
        submit=False,
    )
    services.faq_submit(actor=world.users["admin"], entry=entry)
    with pytest.raises(services.ValidationError):
        services.faq_publish(actor=world.users["comms"], entry=entry)
    published = services.faq_publish(actor=world.users["admin"], entry=entry)
    assert published.status == "published" and published.reviewed_by == world.users["admin"]


def test_a_reply_recorded_later_but_given_earlier_becomes_the_first_response(world) -> None:
    conversation = age(ask_create(world.hq), hours_ago(10))
    services.reply_send_email(actor=world.users["comms"], conversation=conversation, body="Oui.")
    earlier = timezone.now() - timedelta(hours=8)
    services.reply_record(
        actor=world.users["recruiter"], conversation=conversation, body="Répondu par téléphone.", at=earlier
    )
    conversation.refresh_from_db()
    assert conversation.first_response_at == earlier
    assert conversation.first_responder == world.users["recruiter"]


def test_a_note_never_counts_as_the_first_response(world) -> None:
    conversation = ask_create(world.hq)
    services.note_add(actor=world.users["comms"], conversation=conversation, body="À voir")
    conversation.refresh_from_db()
    assert conversation.first_response_at is None and conversation.status == "new"


def test_erasing_a_member_removes_their_name_from_conversation_histories(world) -> None:
    conversation = ask_create(world.hq)
    comms = world.users["comms"]
    comms.first_name, comms.last_name = "Camille", "Lenoir"
    comms.save()
    services.conversation_assign(actor=world.users["admin"], conversation=conversation, assignee=comms)
    personal_data.person_data_erase(person=world.people["comms"])
    history = list(ConversationEvent.objects.filter(kind="assigned").values_list("data", flat=True))
    assert history and "Camille" not in str(history) and "Lenoir" not in str(history)


def test_the_history_still_names_a_current_assignee(world, login) -> None:
    conversation = ask_create(world.hq)
    comms = world.users["comms"]
    comms.first_name, comms.last_name = "Camille", "Lenoir"
    comms.save()
    services.conversation_assign(actor=world.users["admin"], conversation=conversation, assignee=comms)
    page = login("admin").get(reverse("inbox_conversation", args=[conversation.pk])).content.decode()
    assert "Camille Lenoir" in page.split('id="history"')[1]


def test_the_overdue_alert_skips_an_assignee_who_no_longer_works_the_inbox(world, mailoutbox) -> None:
    conversation = age(ask_create(world.hq, question="Salaire de Léa ?"), hours_ago(30))
    for persona in ("admin", "comms", "recruiter"):
        world.users[persona].email = f"{persona}@example.org"
        world.users[persona].save(update_fields=["email"])
    former = world.users["recruiter"]
    services.conversation_assign(actor=world.users["admin"], conversation=conversation, assignee=former)
    former.membership.role = Role.EMPLOYEE
    former.membership.save()
    cache.clear()
    overdue_email_send(conversation_id=conversation.pk)
    recipients = {address for message in mailoutbox for address in message.to}
    assert former.email not in recipients
    assert world.users["admin"].email in recipients


def test_a_canned_answer_fills_each_variable_once(world) -> None:
    conversation = ask_create(world.hq, name="{faq_url}")
    answer = canned_create(world.organisation, body_fr="Bonjour {first_name}")
    assert services.canned_answer_render(answer=answer, conversation=conversation) == "Bonjour {faq_url}"


def test_the_ask_limit_holds_when_requests_check_it_at_the_same_time(world, client, monkeypatch) -> None:
    # Every request reads the counter before any of them has counted: only the counting decides.
    monkeypatch.setattr(public_views, "ask_rate_exceeded", lambda **kwargs: False)
    url = reverse("inbox_ask", kwargs={"entity_slug": world.hq.slug})
    data = {"name": "Léa", "question": "Télétravail ?", "language": "fr", "consent": "on", "website": ""}
    codes = [
        client.post(url, {**data, "email": "lea@example.net"}, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(1, 6)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Conversation.objects.count() == 3


def test_a_plus_tag_does_not_reset_the_limit_of_an_address(world, client) -> None:
    url = reverse("inbox_ask", kwargs={"entity_slug": world.hq.slug})
    data = {"name": "Léa", "question": "Télétravail ?", "language": "fr", "consent": "on", "website": ""}
    for n, email in enumerate(
        ["lea@example.net", "Lea+1@Example.net", " lea+2@example.net", "lea+3@example.net"]
    ):
        response = client.post(url, {**data, "email": email}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert response.status_code == 429
    assert Conversation.objects.count() == 3


def test_the_confirmation_does_not_echo_the_question_to_an_unverified_address(
    world, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask_create(world.hq, question="Achetez https://spam.example maintenant")
    [message] = mailoutbox
    assert "spam.example" not in message.body


def test_a_conversation_left_open_and_idle_longer_than_the_retention_is_deleted(world) -> None:
    idle = age(ask_create(world.hq), timezone.now() - timedelta(days=400))
    services.reply_record(
        actor=world.users["comms"], conversation=idle, body="Oui.", at=timezone.now() - timedelta(days=399)
    )
    Conversation.objects.filter(pk=idle.pk).update(updated_at=timezone.now() - timedelta(days=399))
    recent = age(ask_create(world.hq, email="b@example.net"), timezone.now() - timedelta(days=400))
    services.note_add(actor=world.users["comms"], conversation=recent, body="Relancée hier")
    Conversation.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(days=399))
    fresh = ask_create(world.hq, email="c@example.net")
    assert services.conversations_purge() == 1
    assert set(Conversation.objects.values_list("pk", flat=True)) == {recent.pk, fresh.pk}


def test_the_mastodon_reply_dialog_needs_a_host_from_the_posts_address(world) -> None:
    mention = mention_create(world.organisation, url="https:///@jeanne/1", venue="evil.example/x?")
    conversation = services.conversation_from_mention(mention=mention)
    assert conversation is not None
    assert services.network_reply_url(conversation=conversation, text="") == ""


def test_a_conversation_answered_while_the_alert_job_runs_raises_no_alert(world, monkeypatch) -> None:
    from django.db import transaction

    from ambassade.listening.models import Alert

    conversation = age(ask_create(world.hq), hours_ago(30))
    real_atomic = transaction.atomic

    def answered_meanwhile(*args, **kwargs):
        Conversation.objects.filter(pk=conversation.pk).update(first_response_at=timezone.now())
        return real_atomic(*args, **kwargs)

    monkeypatch.setattr(services.transaction, "atomic", answered_meanwhile)
    assert services.conversations_alert_overdue() == 0
    assert not Alert.objects.exists()


def test_the_suggested_question_drops_a_profile_address_written_without_http(world) -> None:
    suggestion = services.question_scrubbed(
        "Je suis Léa (linkedin.com/in/lea-martin-1234) : le télétravail est-il possible ?", names=["Léa"]
    )
    assert "linkedin" not in suggestion and "1234" not in suggestion
    assert "le télétravail est-il possible ?" in suggestion


def test_a_recruiter_sees_only_their_own_response_times_among_the_persons(world) -> None:
    from ambassade.inbox import selectors

    for persona in ("comms", "recruiter"):
        conversation = ask_create(world.hq, email=f"{persona}@example.net")
        services.reply_record(actor=world.users[persona], conversation=conversation, body="Oui.")
    since, until = selectors.default_metrics_window()

    def persons(persona: str) -> set[str]:
        membership = world.users[persona].membership
        metrics = selectors.inbox_metrics(membership=membership, since=since, until=until)
        return {row.key for row in metrics["person"]}

    assert persons("recruiter") == {str(world.users["recruiter"].pk)}
    assert persons("admin") == {str(world.users["comms"].pk), str(world.users["recruiter"].pk)}


def test_an_application_with_the_longest_names_still_opens_its_conversation(world) -> None:
    from django.core.files.base import ContentFile

    from ambassade.careers.applications import application_submit

    application_submit(
        entity=world.hq,
        offer=None,
        first_name="A" * 120,
        last_name="B" * 120,
        email="long.name@example.net",
        message="Le poste est-il ouvert au télétravail ?",
        cv=ContentFile(b"%PDF-1.4 cv"),
        cv_name="cv.pdf",
        cv_kind=None,
        consent="J'accepte.",
        language="fr",
    )
    conversation = Conversation.objects.get()
    max_length = Conversation._meta.get_field("contact_name").max_length
    assert max_length is not None and len(conversation.contact_name) <= max_length
    assert conversation.contact_name.startswith("A" * 120)


def test_no_unanswered_e_mail_leaves_for_a_conversation_closed_meanwhile(world, mailoutbox) -> None:
    world.users["admin"].email = "admin@example.org"
    world.users["admin"].save(update_fields=["email"])
    conversation = age(ask_create(world.hq), hours_ago(30))
    services.conversation_status_set(actor=world.users["admin"], conversation=conversation, status="closed")
    cache.clear()
    overdue_email_send(conversation_id=conversation.pk)
    assert mailoutbox == []


def test_addresses_of_one_ipv6_network_share_the_visitor_limit(world, client) -> None:
    url = reverse("inbox_ask", kwargs={"entity_slug": world.hq.slug})
    data = {"name": "Léa", "question": "Télétravail ?", "language": "fr", "consent": "on", "website": ""}
    codes = [
        client.post(
            url, {**data, "email": f"p{n}@example.net"}, REMOTE_ADDR=f"2001:db8:1:2::{n:x}"
        ).status_code
        for n in range(1, 7)
    ]
    assert codes == [302] * 5 + [429]


def test_ipv4_visitors_seen_through_ipv6_keep_their_own_limit() -> None:
    assert public_views._rate_value(public_views.ASK_PER_IP, "::ffff:192.0.2.1") == "192.0.2.1"
    assert public_views._rate_value(public_views.ASK_PER_IP, "2001:db8:1:2::5") == "2001:db8:1:2::/64"
    assert public_views._rate_value(public_views.ASK_PER_EMAIL, "Lea+x@Example.net") == "Lea@Example.net"


def test_the_last_editor_cannot_publish_and_the_refusal_is_not_audited_as_a_publication(world) -> None:
    from ambassade.core.models import AuditEvent

    entry = services.faq_propose(
        actor=world.users["comms"],
        organisation=world.organisation,
        entity=world.hq,
        language="fr",
        question="Le télétravail ?",
        answer="Oui.",
    )
    services.faq_update(
        actor=world.users["admin"],
        entry=entry,
        entity=world.hq,
        language="fr",
        question="Le télétravail est-il possible ?",
        answer="Oui.",
    )
    with pytest.raises(services.ValidationError):
        services.faq_publish(actor=world.users["admin"], entry=entry)
    assert not AuditEvent.objects.filter(action="faq.publish").exists()
    services.faq_publish(actor=world.users["comms"], entry=entry)
    assert AuditEvent.objects.filter(action="faq.publish", actor=world.users["comms"]).exists()


def test_a_candidates_markup_and_a_javascript_link_stay_inert_on_the_inbox_pages(world, login) -> None:
    ask_create(
        world.hq,
        name='<img src=x onerror="alert(1)">',
        question="<script>alert('q')</script>\nMerci",
    )
    mention = mention_create(
        world.organisation, text="<b onmouseover=alert(2)>Salaire ?</b>", url="javascript:alert(3)"
    )
    services.conversation_from_mention(mention=mention)
    client = login("recruiter")
    canned_create(world.organisation, body_fr="Bonjour {name} </script><script>alert(4)</script>")
    pages = [client.get(reverse("inbox_list")).content.decode()]
    for conversation in Conversation.objects.all():
        pages.append(client.get(reverse("inbox_conversation", args=[conversation.pk])).content.decode())
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<b onmouseover" not in page
        assert "javascript:alert" not in page


def test_a_members_export_lists_the_assignments_made_to_them(world) -> None:
    conversation = ask_create(world.hq)
    services.conversation_assign(
        actor=world.users["admin"], conversation=conversation, assignee=world.users["comms"]
    )
    export = personal_data.person_data_export(person=world.people["comms"])
    assert [(row["kind"], row["by_them"]) for row in export["inbox.ConversationEvent"]] == [
        ("assigned", False)
    ]


@pytest.mark.parametrize("persona", ["manager", "employee", "outsider"])
def test_a_conversation_cannot_go_to_someone_outside_the_inbox_team(world, persona: str) -> None:
    conversation = ask_create(world.hq)
    with pytest.raises(services.ValidationError) as raised:
        services.conversation_assign(
            actor=world.users["admin"], conversation=conversation, assignee=world.users[persona]
        )
    assert "assignee" in raised.value.message_dict
    conversation.refresh_from_db()
    assert conversation.assignee is None and not ConversationEvent.objects.filter(kind="assigned").exists()


def test_another_organisations_canned_answer_and_faq_entry_are_404s(world, login) -> None:
    from ambassade.inbox.tests.support import faq_create

    client = login("outsider")
    mine = canned_create(world.organisation)
    entry = faq_create(world.hq, status="review")
    assert client.get(reverse("inbox_canned_edit", args=[mine.pk])).status_code == 404
    assert client.post(reverse("inbox_faq_publish", args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.status == "review"


def test_a_phone_number_in_a_faq_question_is_refused_naming_the_field(world) -> None:
    with pytest.raises(services.ValidationError) as raised:
        services.faq_propose(
            actor=world.users["comms"],
            organisation=world.organisation,
            entity=world.hq,
            language="fr",
            question="Rappelez-moi au 06 12 34 56 78 pour le télétravail ?",
            answer="Oui.",
        )
    assert list(raised.value.message_dict) == ["question"]


def test_years_and_amounts_in_a_faq_question_are_not_taken_for_phone_numbers(world) -> None:
    entry = services.faq_propose(
        actor=world.users["comms"],
        organisation=world.organisation,
        entity=world.hq,
        language="fr",
        question="Les stages 2025 - 2026 sont-ils payés 1 200 € ?",
        answer="Oui.",
    )
    assert entry.pk is not None


def test_a_question_heard_about_a_competitor_does_not_enter_our_inbox(world) -> None:
    from ambassade.listening.models import Source

    rival = Source.objects.create(
        organisation=world.organisation,
        name="Rival",
        kind="mastodon_hashtag",
        config={},
        competitor=True,
        competitor_name="Rival SA",
    )
    mention = mention_create(world.organisation, text="Rival SA propose-t-il le télétravail ?", source=rival)
    assert services.conversation_from_mention(mention=mention) is None
    assert not Conversation.objects.exists()


def test_erasing_a_candidate_leaves_none_of_their_words_in_the_history_or_the_audit_log(world) -> None:
    from ambassade.careers.applications import candidate_data_erase
    from ambassade.core.models import AuditEvent

    conversation = ask_create(
        world.hq, name="Zoé Quintal", email="zoe.quintal@example.net", question="Zoé demande : CDI à Brest ?"
    )
    admin = world.users["admin"]
    services.conversation_assign(actor=admin, conversation=conversation, assignee=world.users["comms"])
    services.note_add(actor=admin, conversation=conversation, body="Zoé a rappelé")
    services.reply_send_email(actor=admin, conversation=conversation, body="Bonjour Zoé, oui.", close=True)
    candidate_data_erase(email="ZOE.QUINTAL@example.net")
    assert not ConversationEvent.objects.exists() and not Conversation.objects.exists()
    for row in AuditEvent.objects.values("target_label", "changes"):
        assert "Zo" not in str(row) and "Brest" not in str(row) and "quintal" not in str(row).lower()


def test_an_outsized_response_target_or_retention_breaks_neither_arrivals_nor_the_purge(world) -> None:
    from ambassade.listening.models import ListeningSettings

    ListeningSettings.objects.create(
        organisation=world.organisation, response_target_hours=2_000_000_000, retention_days=2_000_000_000
    )
    conversation = ask_create(world.hq)
    assert conversation.due_at > timezone.now() + timedelta(days=365)
    assert services.conversations_purge() == 0
