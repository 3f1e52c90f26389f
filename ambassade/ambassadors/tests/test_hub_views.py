"""The ambassador's hub: the items meant for them, one-click shares to each network's dialog."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from ambassade.ambassadors.models import ActivityDay, Ambassador, PointsEntry, Share, SocialAccount
from ambassade.ambassadors.tests.content_factories import item_create, job_item_create, news_hosts
from ambassade.links.models import TrackedLink
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

__all__ = ["news_hosts"]
pytestmark = pytest.mark.usefixtures("news_hosts")


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_members_who_have_not_joined_are_invited_to_join(world: World, login) -> None:
    item_create(world, title="Portes ouvertes")
    body = login("recruiter").get(reverse("hub")).content.decode()
    assert reverse("programme_join") in body and "Portes ouvertes" not in body


def test_withdrawn_ambassadors_have_no_hub(world: World, login) -> None:
    item = item_create(world, title="Portes ouvertes")
    ambassador = ambassador_enrol(world.people["employee"])
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    client = login("employee")
    body = client.get(reverse("hub")).content.decode()
    assert "Portes ouvertes" not in body and "Vous vous êtes retiré" in body
    assert client.get(reverse("hub_item", args=[item.pk])).status_code == 200  # the same message
    response = client.post(reverse("hub_share", args=[item.pk]), {"network": "x"})
    assert response.status_code == 403 and not Share.objects.exists()


def test_an_enrolled_ambassador_sees_the_items_for_them_with_a_share_button_per_network(
    world: World, login
) -> None:
    ambassador_enrol(world.people["employee"])
    item_create(world, title="Pour tous")
    item_create(world, title="Pour la filiale", entities=[world.subsidiary])
    body = login("employee").get(reverse("hub")).content.decode()
    assert "Pour tous" in body and "Pour la filiale" not in body
    for network in ("LinkedIn", "X", "Mastodon", "Bluesky", "Facebook"):
        assert f"Partager sur {network}" in body
    assert 'target="_blank"' in body and "hub/share.js" in body


def test_one_click_on_x_records_the_share_and_opens_the_x_dialog_with_the_text_and_own_link(
    world: World, login
) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = job_item_create(world, texts=[("x", "fr", "On recrute une chargée de communication !")])
    text = item.texts.get()
    client = login("employee")
    response = client.post(reverse("hub_share", args=[item.pk]), {"network": "x", "text": str(text.pk)})
    assert response.status_code == 302
    location = response["Location"]
    link = TrackedLink.objects.get(ambassador=world.people["employee"], channel="x")
    assert location.startswith("https://x.com/intent/post?")
    assert _query(location) == {
        "text": ["On recrute une chargée de communication !"],
        "url": [f"http://127.0.0.1:8000/r/{link.code}"],
    }
    share = Share.objects.get()
    assert (share.ambassador, share.item, share.network, share.link, share.text) == (
        ambassador,
        item,
        "x",
        link,
        text,
    )
    assert PointsEntry.objects.filter(ambassador=ambassador, reason="share").count() == 1
    body = client.get(reverse("hub")).content.decode()
    assert "Déjà partagé sur X" in body
    assert client.get(reverse("hub"), {"not_shared": "on"}).content.decode().count('class="hub-card"') == 0


def test_a_double_click_records_one_share_and_both_clicks_open_the_same_dialog(world: World, login) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world)
    client = login("employee")
    first = client.post(reverse("hub_share", args=[item.pk]), {"network": "x"})
    second = client.post(reverse("hub_share", args=[item.pk]), {"network": "x"})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] and first["Location"].startswith("https://x.com/")
    assert Share.objects.count() == 1
    assert ActivityDay.objects.get(ambassador=ambassador).shares == 1


def test_the_ambassador_may_write_their_own_text(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    item = item_create(world)
    response = login("employee").post(
        reverse("hub_share", args=[item.pk]),
        {"network": "bluesky", "text": "own", "own_text": "Mon équipe vous attend 🙂"},
    )
    link = TrackedLink.objects.get(channel="bluesky")
    assert _query(response["Location"]) == {
        "text": [f"Mon équipe vous attend 🙂 http://127.0.0.1:8000/r/{link.code}"]
    }
    assert Share.objects.get().own_text


def test_an_over_long_own_text_is_refused_on_the_item_page(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    Membership.objects.filter(user=world.users["employee"]).update(language="en")
    item = item_create(world)
    response = login("employee").post(
        reverse("hub_share", args=[item.pk]), {"network": "x", "text": "own", "own_text": "a" * 300}
    )
    assert response.status_code == 400
    assert (
        "X, your text: 324 characters as the network counts them, 280 at most." in response.content.decode()
    )
    assert not Share.objects.exists()


def test_linkedin_gets_the_link_only_and_the_page_says_the_text_goes_to_the_clipboard(
    world: World, login
) -> None:
    ambassador_enrol(world.people["employee"])
    item = item_create(world, texts=[("linkedin", "fr", "Un long texte pour LinkedIn")])
    client = login("employee")
    page = client.get(reverse("hub_item", args=[item.pk])).content.decode()
    assert "presse-papiers" in page and 'data-copy="1"' in page
    response = client.post(reverse("hub_share", args=[item.pk]), {"network": "linkedin"})
    link = TrackedLink.objects.get(channel="linkedin")
    assert response["Location"].startswith("https://www.linkedin.com/sharing/share-offsite/?")
    assert _query(response["Location"]) == {"url": [f"http://127.0.0.1:8000/r/{link.code}"]}


def test_mastodon_asks_for_the_instance_when_the_ambassador_recorded_no_account(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    item = item_create(world)
    client = login("employee")
    page = client.get(reverse("hub_item", args=[item.pk])).content.decode()
    assert 'name="instance"' in page and reverse("programme_me") in page
    response = client.post(reverse("hub_share", args=[item.pk]), {"network": "mastodon"})
    assert response.status_code == 400 and "votre propre serveur" in response.content.decode()
    response = client.post(
        reverse("hub_share", args=[item.pk]), {"network": "mastodon", "instance": "not a host"}
    )
    assert response.status_code == 400 and not Share.objects.exists()
    response = client.post(
        reverse("hub_share", args=[item.pk]), {"network": "mastodon", "instance": "piaille.fr"}
    )
    assert response["Location"].startswith("https://piaille.fr/share?text=")
    # Remembered for the session: the next share needs no typing.
    response = client.post(reverse("hub_share", args=[item.pk]), {"network": "mastodon"})
    assert response["Location"].startswith("https://piaille.fr/share?text=")


def test_mastodon_uses_the_instance_of_the_recorded_account(world: World, login) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    SocialAccount.objects.create(ambassador=ambassador, network="mastodon", handle="emile@mastodon.social")
    item = item_create(world)
    client = login("employee")
    assert 'name="instance"' not in client.get(reverse("hub_item", args=[item.pk])).content.decode()
    response = client.post(reverse("hub_share", args=[item.pk]), {"network": "mastodon"})
    assert response["Location"].startswith("https://mastodon.social/share?text=")


def test_items_not_meant_for_the_ambassador_are_not_found(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    other = item_create(world, entities=[world.subsidiary])
    draft = item_create(world, status="draft")
    client = login("employee")
    for item in (other, draft):
        assert client.get(reverse("hub_item", args=[item.pk])).status_code == 404
        assert client.post(reverse("hub_share", args=[item.pk]), {"network": "x"}).status_code == 404
    assert not Share.objects.exists()


def test_the_hub_filters_by_kind(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    item_create(world, title="Actualité du jour")
    job_item_create(world, title="Offre du jour")
    client = login("employee")
    body = client.get(reverse("hub"), {"kind": "job"}).content.decode()
    assert "Offre du jour" in body and "Actualité du jour" not in body


def test_each_ambassador_gets_a_different_default_variant(world: World, client) -> None:
    item = item_create(world, texts=[("x", "fr", "Variante A"), ("x", "fr", "Variante B")])
    variants = set()
    for persona in ("employee", "manager"):
        ambassador_enrol(world.people[persona])
        client.force_login(world.users[persona])
        client.post(reverse("hub_share", args=[item.pk]), {"network": "x", "text": ""})
    for persona in ("employee", "manager"):
        client.force_login(world.users[persona])
        body = client.get(reverse("hub")).content.decode()
        x_form = body.index('name="network" value="x"')
        start = body.index('name="text" value="', x_form)
        variants.add(body[start : body.index(">", start)])
    assert len(variants) == 2


def test_each_item_links_to_the_page_it_promotes(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    item = job_item_create(world)
    body = login("employee").get(reverse("hub_item", args=[item.pk])).content.decode()
    assert f'href="http://127.0.0.1:8000/careers/siege/jobs/{item.job_id}-' in body and "Voir la page" in body
