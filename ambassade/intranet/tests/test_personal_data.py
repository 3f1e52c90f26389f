"""The digest's personal data: subscriptions by e-mail address, names frozen in past issues."""

from __future__ import annotations

from datetime import date

import pytest

from ambassade.careers.applications import candidate_data_erase, candidate_data_export
from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.intranet.models import Issue, Subscription
from ambassade.intranet.tests.support import digest_make, issue_make, subscriber_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def _named_issue(world: World) -> Issue:
    digest = digest_make(world.organisation)
    content = {"active": {"named": ["Émile Employé", "Camille Comm"], "others": 1, "total": 3}}
    return issue_make(digest, date(2026, 1, 5), date(2026, 1, 11), content=content)


def test_every_intranet_model_is_in_the_registry() -> None:
    assert [label for label in unregistered_personal_models() if label.startswith("intranet.")] == []


def test_a_members_subscriptions_and_mentions_are_exported_and_erased(world: World) -> None:
    person = world.people["employee"]
    person.email = "emile@example.org"
    person.save()
    issue = _named_issue(world)
    subscriber_make(issue.digest, "EMILE@example.org")
    subscriber_make(issue.digest, "autre@example.org")
    exported = person_data_export(person=person)
    assert [row["email"] for row in exported["intranet.Subscription"]] == ["EMILE@example.org"]
    assert exported["intranet.Issue"] == [
        {"issue": issue.pk, "period": ["2026-01-05", "2026-01-11"], "named": True}
    ]
    counts = person_data_erase(person=person)
    # The subscription may go with the candidates' erasure by address (which runs first): either way it goes.
    assert counts["intranet.Issue"] == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["autre@example.org"]
    issue.refresh_from_db()
    assert issue.content["active"] == {"named": ["Camille Comm"], "others": 2, "total": 3}


def test_someone_who_is_not_a_member_is_erased_by_e_mail_address(world: World) -> None:
    digest = digest_make(world.organisation)
    subscriber_make(digest, "voisin@example.org")
    exported = candidate_data_export(email="voisin@example.org", organisation=world.organisation)
    assert [row["kind"] for row in exported] == ["intranet.subscription"]
    candidate_data_erase(email="voisin@example.org", organisation=world.organisation)
    assert not Subscription.objects.exists()


def test_leaving_the_programme_takes_the_name_out_of_past_issues(world: World) -> None:
    from ambassade.ambassadors.services import ambassador_withdraw
    from ambassade.testing.programme import ambassador_enrol

    ambassador = ambassador_enrol(world.people["employee"], leaderboard_opt_in=True)
    issue = _named_issue(world)
    ambassador_withdraw(actor=world.users["employee"], ambassador=ambassador, language="fr")
    issue.refresh_from_db()
    assert issue.content["active"] == {"named": ["Camille Comm"], "others": 2, "total": 3}


def test_turning_off_the_leaderboard_opt_in_takes_the_name_out_of_past_issues(world: World) -> None:
    from ambassade.ambassadors.services import preferences_save
    from ambassade.testing.programme import ambassador_enrol

    ambassador = ambassador_enrol(world.people["employee"], leaderboard_opt_in=True)
    issue = _named_issue(world)
    preferences_save(
        actor=world.users["employee"],
        ambassador=ambassador,
        digest_frequency=ambassador.digest_frequency,
        leaderboard_opt_in=True,
        show_name_in_network=False,
    )
    issue.refresh_from_db()
    assert issue.content["active"]["named"] == ["Émile Employé", "Camille Comm"]  # still opted in
    preferences_save(
        actor=world.users["employee"],
        ambassador=ambassador,
        digest_frequency=ambassador.digest_frequency,
        leaderboard_opt_in=False,
        show_name_in_network=False,
    )
    issue.refresh_from_db()
    assert issue.content["active"] == {"named": ["Camille Comm"], "others": 2, "total": 3}
