from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ambassade.careers.content import (
    countries_parse,
    description_as_html,
    description_excerpt,
    description_sanitise,
    facts_parse,
    locations_parse,
)


def test_a_description_keeps_basic_formatting() -> None:
    html = "<h3>Missions</h3><ul><li><strong>Code</strong> and <em>test</em></li></ul><p>See <a href='https://ex.org'>us</a></p>"
    cleaned = description_sanitise(html)
    for tag in ("<h3>", "<ul>", "<li>", "<strong>", "<em>", '<a href="https://ex.org"'):
        assert tag in cleaned


def test_a_description_loses_scripts_styles_events_and_dangerous_links() -> None:
    html = (
        '<p onclick="steal()">Hi<script>alert("x")</script><style>p{}</style>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe></p>'
    )
    cleaned = description_sanitise(html)
    for bad in ("script", "alert", "onclick", "style", "javascript", "<img", "iframe", "evil"):
        assert bad not in cleaned


def test_plain_text_becomes_paragraphs_and_its_angle_brackets_stay_text() -> None:
    assert description_as_html("First line\nsecond\n\nNext paragraph") == (
        "<p>First line<br>second</p><p>Next paragraph</p>"
    )
    assert description_sanitise(description_as_html("5 > 3 & co")) == "<p>5 &gt; 3 &amp; co</p>"


def test_an_excerpt_is_plain_text() -> None:
    assert description_excerpt("<p>One</p><p>two <strong>three</strong></p>") == "One two three"


def test_locations_are_one_per_line_with_five_parts() -> None:
    locations = locations_parse("12 rue X; 75002; Paris; Île-de-France; fr\n\n; 69001; Lyon; ; FR\n")
    assert [(loc.city, loc.country, loc.postal_code) for loc in locations] == [
        ("Paris", "FR", "75002"),
        ("Lyon", "FR", "69001"),
    ]


def test_bad_location_lines_are_named_by_their_number() -> None:
    with pytest.raises(ValidationError) as error:
        locations_parse("Paris; FR\n12 rue X; 75002; ; IDF; FR\n1 rue Y; 13001; Marseille; PACA; France")
    messages = error.value.messages
    assert messages[0].startswith("Line 1:") and "found 2" in messages[0]
    assert messages[1] == "Line 2: the city is missing."
    assert messages[2] == "Line 3: the country must be a two-letter code such as FR."


def test_facts_are_name_value_lines_and_errors_name_the_line() -> None:
    assert facts_parse("Headcount: 1 800\nfounded: 1986") == {"headcount": "1 800", "founded": "1986"}
    with pytest.raises(ValidationError) as error:
        facts_parse("headcount: 1800\nno colon here\nheadcount: 12")
    assert [message[:7] for message in error.value.messages] == ["Line 2:", "Line 3:"]


def test_countries_are_two_letter_codes() -> None:
    assert countries_parse("fr, BE;de FR") == ["FR", "BE", "DE"]
    with pytest.raises(ValidationError, match="France"):
        countries_parse("France")


def test_an_uploaded_photo_is_shrunk_and_loses_its_metadata() -> None:
    import io

    from PIL import Image

    from ambassade.careers.content import image_shrink

    source = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    Image.new("RGB", (3000, 2000), "orange").save(source, format="JPEG", exif=exif)
    source.name = "portrait.JPG"
    shrunk = image_shrink(source, box=(192, 192))
    with Image.open(shrunk) as image:
        assert image.size == (192, 128) and image.format == "JPEG"
        assert not image.getexif()
    assert shrunk.name == "portrait.jpg" and (shrunk.size or 0) < 10_000
