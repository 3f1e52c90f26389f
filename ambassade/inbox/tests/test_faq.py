"""The FAQ: proposing from a conversation (the question starts without personal data), review by a
second person, and publication on the career site (its FAQ page and the advice page's tag)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ambassade.core.models import AuditEvent
from ambassade.inbox import services
from ambassade.inbox.models import FaqEntry
from ambassade.inbox.tests.support import ask_create, faq_create

pytestmark = pytest.mark.django_db


def test_the_suggested_question_has_no_personal_data() -> None:
    text = (
        "Bonjour, je suis Léa Dupont (lea.dupont@example.net, 06 12 34 56 78), "
        "voir https://linkedin.com/in/lea : le télétravail est-il possible ? @lea_d"
    )
    scrubbed = services.question_scrubbed(text, names=["Léa Dupont"])
    for personal in ("Léa", "Dupont", "@", "06 12", "linkedin", "http"):
        assert personal not in scrubbed
    assert "le télétravail est-il possible ?" in scrubbed


def test_the_propose_form_starts_from_the_scrubbed_question_and_the_last_answer(world, login) -> None:
    conversation = ask_create(
        world.hq, question="Léa ici : mon numéro +33 6 12 34 56 78. Y a-t-il une mutuelle ?"
    )
    services.reply_record(
        actor=world.users["comms"], conversation=conversation, body="Oui, prise en charge à 60 %."
    )
    page = login("recruiter").get(reverse("inbox_faq_propose", args=[conversation.pk])).content.decode()
    assert "Y a-t-il une mutuelle ?" in page and "+33" not in page and "Léa ici" not in page
    assert "Oui, prise en charge à 60 %." in page


def test_a_second_person_publishes_and_the_proposer_cannot(world, login) -> None:
    conversation = ask_create(world.hq)
    response = login("comms").post(
        reverse("inbox_faq_propose", args=[conversation.pk]),
        {
            "entity": world.hq.pk,
            "language": "fr",
            "question": "Le télétravail est-il possible ?",
            "answer": "Oui.",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert (entry.status, entry.proposed_by, entry.source_conversation) == (
        "review",
        world.users["comms"],
        conversation,
    )
    with pytest.raises(ValidationError, match="second person"):
        services.faq_publish(actor=world.users["comms"], entry=entry)
    login("admin").post(reverse("inbox_faq_publish", args=[entry.pk]))
    entry.refresh_from_db()
    assert (entry.status, entry.reviewed_by) == ("published", world.users["admin"])
    assert list(
        AuditEvent.objects.filter(target_type="inbox.faqentry")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "faq.propose",
        "faq.publish",
    ]


def test_an_e_mail_address_in_the_question_is_refused(world) -> None:
    with pytest.raises(ValidationError) as error:
        services.faq_propose(
            actor=world.users["comms"],
            organisation=world.organisation,
            entity=world.hq,
            language="fr",
            question="Écrire à lea@example.net ?",
            answer="Non.",
        )
    assert "question" in error.value.message_dict


def test_changing_a_published_entry_sends_it_back_to_review(world) -> None:
    entry = faq_create(world.hq, proposed_by=world.users["comms"])
    services.faq_update(
        actor=world.users["admin"],
        entry=entry,
        entity=world.hq,
        language="fr",
        question="Autre ?",
        answer="Oui.",
    )
    entry.refresh_from_db()
    assert (entry.status, entry.proposed_by) == ("review", world.users["admin"])


def test_published_entries_show_on_the_sites_faq_page_in_its_language_only(world, client) -> None:
    world.hq.languages = ["fr", "en"]
    world.hq.save(update_fields=["languages"])
    faq_create(world.hq, question="Proposez-vous du télétravail ?")
    faq_create(world.hq, language="en", question="Do you offer remote work?")
    faq_create(world.hq, status="review", question="Brouillon en revue ?")
    faq_create(world.subsidiary, question="Question du Sud ?")
    url = reverse("inbox_faq_public", kwargs={"entity_slug": world.hq.slug})
    french = client.get(url).content.decode()
    assert "Proposez-vous du télétravail ?" in french
    assert "Do you offer remote work?" not in french and "Brouillon" not in french and "Sud ?" not in french
    assert "Do you offer remote work?" in client.get(url + "?lang=en").content.decode()


def test_the_advice_page_tag_renders_the_published_faq(world) -> None:
    faq_create(world.hq, question="<b>Salaire</b> ?", answer="Selon la grille.")
    with translation.override("fr"):
        rendered = Template("{% load inbox_faq %}{% faq_entries entity %}").render(
            Context({"entity": world.hq})
        )
    assert "&lt;b&gt;Salaire&lt;/b&gt; ?" in rendered and "Selon la grille." in rendered


def test_another_organisations_entry_is_a_404(world, login) -> None:
    entry = faq_create(world.hq, status="review")
    assert login("outsider").post(reverse("inbox_faq_publish", args=[entry.pk])).status_code == 404
