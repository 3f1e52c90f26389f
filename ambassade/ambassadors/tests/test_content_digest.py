"""The periodic news e-mail, sent through a real SMTP server on loopback."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from ambassade.ambassadors.digest import digest_due, digests_send
from ambassade.ambassadors.models import Ambassador
from ambassade.ambassadors.tests.content_factories import item_create, news_hosts
from ambassade.core.periodic import jobs, periodic_job_run
from ambassade.orgs.models import Membership, Person
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol
from ambassade.testing.smtp import Inbox, _free_port

__all__ = ["news_hosts"]
pytestmark = pytest.mark.usefixtures("news_hosts")


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _new_item(world: World, title: str, hours_ago: int = 1, **values):
    now = timezone.now()
    return item_create(
        world,
        title=title,
        publish_from=now - timedelta(hours=hours_ago),
        published_at=now - timedelta(hours=hours_ago),
        **values,
    )


def test_a_weekly_ambassador_receives_what_is_new_for_them_in_their_language(
    world: World, smtp_inbox
) -> None:
    now = timezone.now()
    ambassador = ambassador_enrol(world.people["employee"], last_digest_at=now - timedelta(days=7))
    _new_item(world, "Forum de l'emploi", hours_ago=30)
    _new_item(world, "Pour la filiale", entities=[world.subsidiary])
    item_create(
        world,
        title="Déjà annoncé",
        publish_from=now - timedelta(days=10),
        published_at=now - timedelta(days=10),
    )
    assert digests_send(now=now) == 1
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == world.people["employee"].email
    assert "1 contenu à partager" in _subject(message)
    body = smtp_inbox.bodies()[0]
    assert "Bonjour Émile" in body and "Forum de l'emploi" in body
    assert "Pour la filiale" not in body and "Déjà annoncé" not in body
    assert "http://127.0.0.1:8000/hub/" in body
    assert "chaque semaine" in body and "http://127.0.0.1:8000/programme/me/" in body
    ambassador.refresh_from_db()
    assert ambassador.last_digest_at == now


def test_the_digest_speaks_english_to_those_who_chose_it(world: World, smtp_inbox) -> None:
    Membership.objects.filter(person=world.people["employee"]).update(language="en")
    ambassador_enrol(world.people["employee"])
    _new_item(world, "Job fair")
    digests_send()
    assert "1 item to share" in _subject(smtp_inbox.messages[0])
    assert "Hello Émile" in smtp_inbox.bodies()[0] and "every week" in smtp_inbox.bodies()[0]


def test_nothing_is_sent_when_nothing_is_new_and_the_next_check_waits_a_period(
    world: World, smtp_inbox
) -> None:
    now = timezone.now()
    ambassador = ambassador_enrol(world.people["employee"], last_digest_at=now - timedelta(days=8))
    assert digests_send(now=now) == 0 and smtp_inbox.messages == []
    ambassador.refresh_from_db()
    assert ambassador.last_digest_at == now
    _new_item(world, "Tomorrow's news", hours_ago=-24)  # starts tomorrow
    assert digests_send(now=now + timedelta(days=2)) == 0  # not due before a week
    assert digests_send(now=now + timedelta(days=7)) == 1
    assert "Tomorrow's news" in smtp_inbox.bodies()[0]


def test_each_frequency_has_its_period_and_never_means_never(world: World) -> None:
    now = timezone.now()
    daily = ambassador_enrol(world.people["employee"], digest_frequency="daily", last_digest_at=now)
    assert not digest_due(ambassador=daily, now=now + timedelta(hours=22))
    assert digest_due(ambassador=daily, now=now + timedelta(hours=23, minutes=5))  # the hourly run's slack
    monthly = ambassador_enrol(world.people["manager"], digest_frequency="monthly", last_digest_at=now)
    assert not digest_due(ambassador=monthly, now=now + timedelta(days=20))
    assert digest_due(ambassador=monthly, now=now + timedelta(days=30))
    never = ambassador_enrol(world.people["comms"], digest_frequency="never")
    assert not digest_due(ambassador=never, now=now + timedelta(days=365))


def test_withdrawn_people_leavers_and_those_who_said_never_receive_nothing(world: World, smtp_inbox) -> None:
    withdrawn = ambassador_enrol(world.people["employee"])
    Ambassador.objects.filter(pk=withdrawn.pk).update(status=Ambassador.Status.WITHDRAWN)
    leaver = ambassador_enrol(world.people["manager"])
    Person.objects.filter(pk=leaver.person_id).update(is_active=False)
    ambassador_enrol(world.people["comms"], digest_frequency="never")
    _new_item(world, "Forum de l'emploi")
    assert digests_send() == 0
    assert smtp_inbox.messages == []


def test_the_hourly_job_is_declared_and_sends_once_per_period(world: World, smtp_inbox) -> None:
    ambassador_enrol(world.people["employee"])
    _new_item(world, "Forum de l'emploi")
    assert jobs["ambassade.ambassadors.content_periodic.ambassador_digests_send"].every == timedelta(hours=1)
    periodic_job_run(name="ambassade.ambassadors.content_periodic.ambassador_digests_send")
    digests_send()  # run again at once: not due any more
    assert len(smtp_inbox.messages) == 1


def test_a_failed_delivery_is_tried_again_at_the_next_check(world: World, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens there
    settings.EMAIL_TIMEOUT = 2
    ambassador = ambassador_enrol(world.people["employee"])
    _new_item(world, "Forum de l'emploi")
    now = timezone.now()
    assert digests_send(now=now) == 0
    ambassador.refresh_from_db()
    # A first digest is put back one period before the failed try: the next run covers the same items.
    assert ambassador.last_digest_at == now - timedelta(days=7)
    assert digest_due(ambassador=ambassador, now=now + timedelta(hours=1))


class RefusingInbox(Inbox):
    """A mail server that refuses one address with a given reply and counts the tries for it."""

    def __init__(self, refused: str, reply: str) -> None:
        super().__init__()
        self.refused, self.reply, self.tries = refused, reply, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address == self.refused:
            self.tries += 1
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing_server(settings):
    servers: list[Controller] = []

    def start(refused: str, reply: str) -> RefusingInbox:
        inbox = RefusingInbox(refused, reply)
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = False
        return inbox

    yield start
    for controller in servers:
        controller.stop()


def test_an_address_the_mail_server_refuses_for_good_is_not_tried_again_before_the_next_period(
    world: World, refusing_server, caplog
) -> None:
    inbox = refusing_server(world.people["employee"].email, "550 5.1.1 No such mailbox")
    now = timezone.now()
    ambassador = ambassador_enrol(world.people["employee"], last_digest_at=now - timedelta(days=7))
    _new_item(world, "Forum de l'emploi")
    assert digests_send(now=now) == 0
    ambassador.refresh_from_db()
    assert ambassador.last_digest_at == now
    assert "refused by the mail server for good" in caplog.text
    for hours in range(1, 48):
        digests_send(now=now + timedelta(hours=hours))
    assert inbox.tries == 1
    _new_item(world, "Salon de l'alternance", hours_ago=-24)  # published after the refused digest
    digests_send(now=now + timedelta(days=7))  # the next period tries again
    assert inbox.tries == 2


def test_a_temporary_refusal_is_tried_again_each_hour_for_a_day_then_that_digest_is_skipped(
    world: World, refusing_server, caplog
) -> None:
    inbox = refusing_server(world.people["employee"].email, "451 4.3.0 Try again later")
    now = timezone.now()
    previous = now - timedelta(days=7)
    ambassador = ambassador_enrol(world.people["employee"], last_digest_at=previous)
    _new_item(world, "Forum de l'emploi")
    assert digests_send(now=now) == 0
    ambassador.refresh_from_db()
    assert ambassador.last_digest_at == previous  # tried again at the next run, with the same items
    hours = 1
    while ambassador.last_digest_at == previous:
        assert hours <= 30, "the failing digest is tried for ever"
        digests_send(now=now + timedelta(hours=hours))
        ambassador.refresh_from_db()
        hours += 1
    assert 20 <= inbox.tries <= 26
    assert "due for too long: skipped" in caplog.text
    tries = inbox.tries
    for later in range(hours, hours + 48):
        digests_send(now=now + timedelta(hours=later))
    assert inbox.tries == tries
