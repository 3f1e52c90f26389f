"""Social account formats: what people type is checked and stored in one canonical form per network."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ambassade.ambassadors.handles import handle_clean, handle_url, mastodon_instance


@pytest.mark.parametrize(
    ("network", "typed", "stored"),
    [
        (
            "linkedin",
            "https://www.linkedin.com/in/emile-employe",
            "https://www.linkedin.com/in/emile-employe/",
        ),
        ("linkedin", "linkedin.com/in/emile-employe/", "https://www.linkedin.com/in/emile-employe/"),
        ("linkedin", "https://fr.linkedin.com/in/émile-42?trk=x", "https://www.linkedin.com/in/émile-42/"),
        ("x", "@emile_2026", "@emile_2026"),
        ("x", "emile", "@emile"),
        ("x", "https://twitter.com/emile_2026", "@emile_2026"),
        ("x", "x.com/Emile/", "@Emile"),
        ("mastodon", "@emile@mastodon.social", "@emile@mastodon.social"),
        ("mastodon", "emile@Piaille.FR", "@emile@piaille.fr"),
        ("mastodon", "https://mastodon.social/@emile", "@emile@mastodon.social"),
        ("bluesky", "emile.bsky.social", "emile.bsky.social"),
        ("bluesky", "@Emile.example.org", "emile.example.org"),
        ("bluesky", "https://bsky.app/profile/emile.bsky.social", "emile.bsky.social"),
        ("facebook", "https://www.facebook.com/emile.employe", "https://www.facebook.com/emile.employe"),
        (
            "facebook",
            "facebook.com/profile.php?id=1000123",
            "https://www.facebook.com/profile.php?id=1000123",
        ),
        ("facebook", "emile.employe", "https://www.facebook.com/emile.employe"),
        ("instagram", "@Emile.Employe", "@emile.employe"),
        ("instagram", "https://www.instagram.com/emile_e/", "@emile_e"),
        ("youtube", "@emile-videos", "@emile-videos"),
        ("youtube", "https://www.youtube.com/@emile-videos", "@emile-videos"),
        (
            "youtube",
            "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
            "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        ),
    ],
)
def test_each_network_accepts_its_usual_forms_and_stores_one(network: str, typed: str, stored: str) -> None:
    assert handle_clean(network=network, value=typed) == stored


@pytest.mark.parametrize(
    ("network", "typed"),
    [
        ("linkedin", "https://www.linkedin.com/company/region-exemple"),
        ("linkedin", "https://www.example.org/in/emile"),
        ("linkedin", "emile-employe"),
        ("x", "@this_name_is_far_too_long"),
        ("x", "@émile"),
        ("x", "https://x.com/home"),
        ("mastodon", "@emile"),
        ("mastodon", "emile@localhost"),
        ("bluesky", "emile"),
        ("bluesky", "emile..bsky.social"),
        ("facebook", "https://www.facebook.com/groups/emploi"),
        ("facebook", "abc"),
        ("instagram", "@emile..employe"),
        ("instagram", "@" + "a" * 31),
        ("youtube", "https://vimeo.com/emile"),
        ("youtube", "@a"),
        ("x", "emile employe"),
    ],
)
def test_wrong_formats_are_refused_with_a_message_naming_the_network(network: str, typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        handle_clean(network=network, value=typed)
    label = {"linkedin": "LinkedIn", "x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky"}
    expected = label.get(network, network.capitalize().replace("Youtube", "YouTube"))
    assert caught.value.messages[0].startswith(f"{expected}:")


def test_the_messages_are_french_for_french_speakers() -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        handle_clean(network="mastodon", value="emile")
    assert caught.value.messages[0].startswith("Mastodon : indiquez votre identifiant complet")
    with translation.override("fr"), pytest.raises(ValidationError) as empty:
        handle_clean(network="linkedin", value="  ")
    assert empty.value.messages == ["LinkedIn : indiquez votre profil."]


def test_each_handle_leads_to_its_profile_page() -> None:
    assert handle_url(network="x", handle="@emile") == "https://x.com/emile"
    assert handle_url(network="mastodon", handle="@emile@piaille.fr") == "https://piaille.fr/@emile"
    assert (
        handle_url(network="bluesky", handle="emile.bsky.social")
        == "https://bsky.app/profile/emile.bsky.social"
    )
    assert handle_url(network="instagram", handle="@emile") == "https://www.instagram.com/emile/"
    assert handle_url(network="youtube", handle="@emile") == "https://www.youtube.com/@emile"
    linkedin = "https://www.linkedin.com/in/emile/"
    assert handle_url(network="linkedin", handle=linkedin) == linkedin
    assert mastodon_instance("@emile@piaille.fr") == "piaille.fr"
