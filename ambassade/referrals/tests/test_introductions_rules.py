"""The rules of making an introduction: who may be introduced, by whom, for what, and how often."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from ambassade.careers.applications import application_erase, application_submit
from ambassade.careers.models import JobOffer
from ambassade.careers.tests.application_factories import application_create, offer_create
from ambassade.core.models import AuditEvent
from ambassade.links.models import TrackedLink
from ambassade.referrals.introductions import (
    DAILY_HARD_LIMIT,
    introduction_confirm,
    introduction_created_notice,
    introduction_from_link_application,
    introduction_message_to_copy,
    introduction_resend,
    introduction_token,
    introductions_today,
)
from ambassade.referrals.models import DoNotIntroduce, Introduction, ReferralSettings
from ambassade.referrals.rules import contact_hash, introducer_status, referral_settings_get
from ambassade.referrals.tests.introductions_factories import introduce
from ambassade.testing.factories import entity_create, organisation_create, person_create

pytestmark = pytest.mark.django_db


def _refusal(world, **values) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        introduce(world, **values)
    return error.value.message_dict


# --- introducing oneself ---------------------------------------------------------------------------


def test_an_employee_cannot_introduce_their_own_address(world) -> None:
    own = world.people["employee"].email
    errors = _refusal(world, contact_email=own)
    assert errors["contact_email"] == ["This is your own address: you cannot introduce yourself."]
    assert not Introduction.objects.exists()


def test_an_employee_cannot_introduce_themselves_in_another_case(world) -> None:
    ReferralSettings.objects.update_or_create(
        organisation=world.organisation, defaults={"allow_internal_mobility": True}
    )
    own = world.people["employee"].email.upper()
    assert "own address" in _refusal(world, contact_email=f"  {own} ")["contact_email"][0]


def test_an_employee_cannot_introduce_the_address_of_their_account(world) -> None:
    user = world.users["employee"]
    user.email = "emile.perso@example.net"
    user.save()
    assert "own address" in _refusal(world, contact_email="Emile.Perso@Example.net")["contact_email"][0]


def test_the_self_check_is_the_keyed_hash_of_the_address(world) -> None:
    assert contact_hash("Emile@Example.NET ") == contact_hash("emile@example.net")
    assert contact_hash("emile@example.net") != contact_hash("emile@example.org")
    assert "emile" not in contact_hash("emile@example.net")


# --- the organisation's own domains --------------------------------------------------------------------


def test_an_address_of_the_organisation_s_domain_is_refused(world) -> None:
    colleague = world.people["comms"].email  # personN@example.org, the staff's domain
    errors = _refusal(world, contact_email=colleague)
    assert "belongs to the organisation" in errors["contact_email"][0]
    assert (
        "belongs to the organisation"
        in _refusal(world, contact_email="new@mail.example.org")["contact_email"][0]
    )


def test_a_colleague_may_be_introduced_when_hr_allows_internal_mobility(world) -> None:
    ReferralSettings.objects.update_or_create(
        organisation=world.organisation, defaults={"allow_internal_mobility": True}
    )
    introduction = introduce(world, contact_email=world.people["comms"].email)
    assert introduction.status == Introduction.Status.PENDING


def test_hr_s_list_of_domains_replaces_the_staff_s_domains(world) -> None:
    ReferralSettings.objects.update_or_create(
        organisation=world.organisation, defaults={"internal_domains": "region-exemple.fr\n@agence.fr\n"}
    )
    assert introduce(world, contact_email="someone@example.org").status == Introduction.Status.PENDING
    assert "belongs to the organisation" in _refusal(world, contact_email="x@agence.fr")["contact_email"][0]


def test_public_mail_providers_of_staff_records_are_not_internal_domains(world) -> None:
    person_create(world.hq, email="agent@gmail.com")
    assert introduce(world, contact_email="friend@gmail.com").status == Introduction.Status.PENDING


def test_a_colleague_s_address_on_a_public_provider_is_refused_as_a_member_of_staff(world) -> None:
    colleague = person_create(world.hq, email="Agent.Perso@gmail.com")
    errors = _refusal(world, contact_email="agent.perso@GMAIL.com")
    assert errors == {
        "contact_email": [
            "This address belongs to a member of staff: colleagues cannot be introduced (internal "
            "mobility is not open to introductions)."
        ]
    }
    with translation.override("fr"):
        assert "membre du personnel" in _refusal(world, contact_email=colleague.email)["contact_email"][0]
    ReferralSettings.objects.update_or_create(
        organisation=world.organisation, defaults={"allow_internal_mobility": True}
    )
    assert introduce(world, contact_email=colleague.email).status == Introduction.Status.PENDING


def test_the_address_of_a_colleague_s_account_is_refused_too(world) -> None:
    user = world.users["comms"]
    user.email = "camille.home@example.net"
    user.save()
    assert "member of staff" in _refusal(world, contact_email="Camille.Home@example.net")["contact_email"][0]


def test_the_address_of_a_colleague_of_another_organisation_may_be_introduced(world) -> None:
    world.foreign_person.email = "elsewhere@gmail.com"
    world.foreign_person.save()
    assert introduce(world, contact_email="elsewhere@gmail.com").status == Introduction.Status.PENDING


@pytest.mark.parametrize(
    "provider", ["bbox.fr", "numericable.fr", "yahoo.co.uk", "ymail.com", "gmx.de", "skynet.be", "telenet.be"]
)
def test_more_public_mail_providers_are_never_the_organisation_s_domains(world, provider) -> None:
    person_create(world.hq, email=f"agent@{provider}")
    assert introduce(world, contact_email=f"friend@{provider}").status == Introduction.Status.PENDING


# --- the do-not-introduce list -------------------------------------------------------------------------


def test_an_address_on_the_do_not_introduce_list_is_refused_saying_nothing_more(world) -> None:
    DoNotIntroduce.objects.create(organisation=world.organisation, email_hash=contact_hash("no@example.net"))
    errors = _refusal(world, contact_email="NO@example.net")
    assert errors == {"contact_email": ["This person asked not to be introduced."]}
    with translation.override("fr"):
        errors = _refusal(world, contact_email="no@example.net")
    assert errors == {"contact_email": ["Cette personne a demandé à ne pas être présentée."]}


def test_the_list_of_another_organisation_does_not_apply(world) -> None:
    DoNotIntroduce.objects.create(
        organisation=world.foreign_organisation, email_hash=contact_hash("no@example.net")
    )
    assert introduce(world, contact_email="no@example.net").status == Introduction.Status.PENDING


# --- duplicates --------------------------------------------------------------------------------------


def test_a_candidate_already_in_the_pipeline_is_introduced_like_anyone_and_the_introducer_learns_nothing(
    world,
) -> None:
    offer = offer_create(world.hq)
    application_create(offer, email="Claire@example.net")
    introduction = introduce(world, offer=offer, contact_email="claire@example.net", language="en")
    assert introduction.status == Introduction.Status.PENDING
    assert introducer_status(introduction) == "pending"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["claire@example.net"]
    assert introduction_created_notice(introduction=introduction) == (
        "Thank you! Claire Contact will receive an e-mail from Région Exemple to confirm or decline. "
        "You will see their answer here."
    )


def _confirm(introduction: Introduction) -> Introduction:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return introduction_confirm(
            introduction=introduction,
            first_name="Claire",
            last_name="Contact",
            consent="I agree.",
            language="en",
        )


def test_a_candidate_already_in_the_pipeline_becomes_a_duplicate_once_they_confirm_and_the_introducer_is_told(
    world,
) -> None:
    offer = offer_create(world.hq)
    existing = application_create(
        offer, email="claire@example.net", created_at=timezone.now() - timedelta(days=1)
    )
    introduction = introduce(world, offer=offer, contact_email="claire@example.net")
    mail.outbox.clear()
    confirmed = _confirm(introduction)
    assert confirmed.status == Introduction.Status.DUPLICATE and confirmed.application is None
    assert not confirmed.credited and introducer_status(confirmed) == "already_candidate"
    assert not Introduction.objects.filter(application=existing).exists()
    assert [message.to for message in mail.outbox] == [[world.people["employee"].email]]
    assert "Already a candidate" in mail.outbox[0].subject or "Déjà candidat" in mail.outbox[0].subject


def test_an_erased_rejected_or_other_offer_s_application_is_no_duplicate(world) -> None:
    offer = offer_create(world.hq)
    earlier = timezone.now() - timedelta(days=1)
    erased = application_create(offer, email="claire@example.net", created_at=earlier)
    application_erase(pk=erased.pk, reason="retention")
    application_create(offer, email="claire@example.net", created_at=earlier, stage="rejected")
    application_create(offer_create(world.hq), email="claire@example.net", created_at=earlier)
    confirmed = _confirm(introduce(world, offer=offer, contact_email="claire@example.net"))
    assert confirmed.status == Introduction.Status.CONFIRMED and confirmed.application is not None
    assert confirmed.application.created_at > earlier


def test_the_same_contact_introduced_by_two_people_is_recorded_twice(world) -> None:
    offer = offer_create(world.hq)
    first = introduce(world, offer=offer, contact_email="claire@example.net")
    second = introduce(world, persona="manager", offer=offer, contact_email="CLAIRE@example.net")
    assert first.status == second.status == Introduction.Status.PENDING
    assert first.contact_hash == second.contact_hash
    assert {first.introducer, second.introducer} == {world.people["employee"], world.people["manager"]}
    assert len(mail.outbox) == 2


# --- what may be introduced for ----------------------------------------------------------------------------


def test_a_closed_or_past_offer_is_refused_naming_the_offer(world) -> None:
    closed = offer_create(world.hq, status=JobOffer.Status.CLOSED)
    assert "not open" in _refusal(world, offer=closed)["offer"][0]
    past = offer_create(world.hq, closes_on=timezone.localdate() - timedelta(days=1))
    assert "not open" in _refusal(world, offer=past)["offer"][0]
    draft = offer_create(world.hq, status=JobOffer.Status.DRAFT)
    assert "offer" in _refusal(world, offer=draft)


def test_another_organisation_s_offer_is_refused(world) -> None:
    foreign = entity_create(organisation_create("Ailleurs"), "Ailleurs")
    assert _refusal(world, offer=offer_create(foreign))["offer"] == [
        "Choose one of the organisation's open job offers."
    ]


def test_a_spontaneous_introduction_goes_to_a_career_site_of_the_organisation(world) -> None:
    introduction = introduce(world, spontaneous=True)
    assert introduction.offer is None and introduction.entity == world.hq
    assert introduction.status == Introduction.Status.PENDING


# --- bad input, named field by field ---------------------------------------------------------------------


def test_bad_input_names_the_field_in_english_and_in_french(world) -> None:
    errors = _refusal(world, contact_name=" ", contact_email="", contact_profile_url="", relationship="")
    assert errors == {
        "contact_name": ["Enter your contact's name."],
        "contact_email": [
            "Enter your contact's e-mail address, or the address of their professional profile."
        ],
        "relationship": ["Choose how you know each other."],
    }
    with translation.override("fr"):
        errors = _refusal(world, contact_email="pas-une-adresse", contact_profile_url="linkedin/claire")
    assert errors["contact_email"] == [
        "Saisissez une adresse e-mail valide pour votre contact, par exemple nom@exemple.org."
    ]
    assert errors["contact_profile_url"] == [
        "Saisissez l'adresse complète du profil professionnel de votre contact, commençant par https://."
    ]
    assert not Introduction.objects.exists()


# --- a profile address only -----------------------------------------------------------------------------


def test_with_a_profile_address_only_nothing_is_sent_and_a_message_to_copy_holds_the_link(world) -> None:
    introduction = introduce(
        world, contact_email="", contact_profile_url="https://www.linkedin.com/in/claire", language="en"
    )
    assert introduction.status == Introduction.Status.PENDING and introduction.contact_hash == ""
    assert mail.outbox == []
    message = introduction_message_to_copy(introduction=introduction)
    assert introduction_token(introduction=introduction) in message
    assert "an introduction, not an endorsement" in message
    assert "Émile Employé" in message


def test_an_introduction_by_profile_only_cannot_be_confirmed_before_the_contact_gives_an_address(
    world,
) -> None:
    introduction = introduce(
        world, contact_email="", contact_profile_url="https://www.linkedin.com/in/claire"
    )
    with pytest.raises(ValidationError, match="Give your e-mail address first"):
        _confirm(introduction)
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.PENDING and introduction.application is None


# --- volume ---------------------------------------------------------------------------------------------


def test_more_than_the_hard_daily_limit_is_refused_with_a_clear_message(world) -> None:
    offer = offer_create(world.hq)
    for _index in range(DAILY_HARD_LIMIT):
        introduce(world, offer=offer)
    assert introductions_today(person=world.people["employee"]) == DAILY_HARD_LIMIT
    with pytest.raises(ValidationError) as error:
        introduce(world, offer=offer)
    assert error.value.messages == [
        "You have made 20 introductions today, the most in one day: make the next ones tomorrow."
    ]
    assert introduce(world, persona="manager", offer=offer).status == "pending"  # someone else's count


def test_yesterday_s_introductions_do_not_count_today(world) -> None:
    introduction = introduce(world)
    Introduction.objects.filter(pk=introduction.pk).update(
        created_at=timezone.now() - timedelta(days=1, hours=1)
    )
    assert introductions_today(person=world.people["employee"]) == 0


def test_each_introduction_is_audited_without_the_contact_s_data(world) -> None:
    introduce(world, contact_email="claire@example.net", contact_name="Claire Contact")
    event = AuditEvent.objects.get(action="introduction.create")
    assert event.actor == world.users["employee"]
    assert "claire" not in str(event.changes).lower() and "Claire" not in event.target_label


# --- sending a new link ---------------------------------------------------------------------------------


def test_a_new_link_replaces_the_previous_one_after_a_day(world) -> None:
    introduction = introduce(world)
    with pytest.raises(ValidationError, match="less than a day ago"):
        introduction_resend(actor=world.users["employee"], introduction=introduction)
    Introduction.objects.filter(pk=introduction.pk).update(sent_at=timezone.now() - timedelta(days=2))
    introduction.refresh_from_db()
    old_token = introduction_token(introduction=introduction)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        resent = introduction_resend(actor=world.users["employee"], introduction=introduction)
    assert resent.link_version == 2
    assert introduction_token(introduction=resent) != old_token
    assert len(mail.outbox) == 1 and introduction_token(introduction=resent) in mail.outbox[0].body


def test_an_answered_introduction_is_not_sent_again(world) -> None:
    introduction = introduce(world)
    Introduction.objects.filter(pk=introduction.pk).update(status=Introduction.Status.DECLINED)
    with pytest.raises(ValidationError, match="already answered"):
        introduction_resend(actor=world.users["employee"], introduction=introduction)


# --- applications through a tracked link ----------------------------------------------------------------


def _link(world, person_key: str = "employee") -> TrackedLink:
    return TrackedLink.objects.create(
        organisation=world.organisation,
        code=f"c{world.people[person_key].pk}x",
        target_type=TrackedLink.Target.CAREER_PAGE,
        entity=world.hq,
        channel="linkedin",
        ambassador=world.people[person_key],
    )


def _apply_through(link: TrackedLink, offer: JobOffer, email: str):
    from ambassade.links.signing import ref_sign

    return application_submit(
        entity=offer.entity,
        offer=offer,
        first_name="Lina",
        last_name="Candidate",
        email=email,
        cv=None,
        cv_name="",
        cv_kind=None,
        consent="I agree.",
        ref=ref_sign(link),
    )


def test_an_application_through_a_tracked_link_is_an_introduction_by_its_ambassador(world) -> None:
    offer = offer_create(world.hq)
    application = _apply_through(_link(world), offer, "lina@example.net")
    introduction = Introduction.objects.get(application=application)
    assert introduction.via == Introduction.Via.LINK
    assert introduction.status == Introduction.Status.CONFIRMED
    assert introduction.introducer == world.people["employee"]
    assert introduction.contact_hash == contact_hash("lina@example.net")
    assert introduction.contact_name == ""  # the ambassador did not name them: no name is kept for them


def test_an_ambassador_applying_through_their_own_link_is_not_an_introduction(world) -> None:
    ReferralSettings.objects.update_or_create(
        organisation=world.organisation, defaults={"allow_internal_mobility": True}
    )
    offer = offer_create(world.hq)
    _apply_through(_link(world), offer, world.people["employee"].email.upper())
    assert not Introduction.objects.exists()


def test_a_link_application_already_holding_an_introduction_is_skipped(world) -> None:
    offer = offer_create(world.hq)
    application = _apply_through(_link(world), offer, "lina@example.net")
    assert introduction_from_link_application(application=application) is None
    assert Introduction.objects.count() == 1


def test_a_link_application_by_a_candidate_already_in_the_pipeline_is_a_duplicate(world) -> None:
    offer = offer_create(world.hq)
    application_create(offer, email="lina@example.net")
    application = _apply_through(_link(world), offer, "lina@example.net")
    introduction = Introduction.objects.get(via=Introduction.Via.LINK)
    assert introduction.status == Introduction.Status.DUPLICATE and introduction.application is None
    assert not Introduction.objects.filter(application=application).exists()


def test_the_settings_are_created_with_their_defaults(world) -> None:
    settings_ = referral_settings_get(organisation=world.organisation)
    assert (settings_.link_days, settings_.erase_after_days, settings_.allow_internal_mobility) == (
        14,
        30,
        False,
    )
