"""French typography and numbers of the review, as units."""

from __future__ import annotations

from django.template import Context, Template

from ambassade.reviews.typography import NNBSP, number, signed_percent, typography


def test_french_puts_a_narrow_no_break_space_before_double_punctuation() -> None:
    assert typography("Bilan: bravo! Vraiment? Oui; enfin.", "fr") == (
        f"Bilan{NNBSP}: bravo{NNBSP}! Vraiment{NNBSP}? Oui{NNBSP}; enfin."
    )


def test_french_replaces_an_ordinary_space_before_punctuation_rather_than_adding_one() -> None:
    assert typography("Taux : 12 %", "fr") == f"Taux{NNBSP}: 12 %"
    assert typography(f"Taux{NNBSP}: 12", "fr") == f"Taux{NNBSP}: 12"


def test_french_puts_narrow_no_break_spaces_inside_guillemets() -> None:
    assert (
        typography("le «bilan» et « la revue »", "fr")
        == f"le «{NNBSP}bilan{NNBSP}» et «{NNBSP}la revue{NNBSP}»"
    )


def test_french_joins_the_digit_groups_of_a_number() -> None:
    assert (
        typography("1 234 567 clics et 2\u00a0080 partages", "fr")
        == f"1{NNBSP}234{NNBSP}567 clics et 2{NNBSP}080 partages"
    )


def test_addresses_times_and_markup_are_left_alone() -> None:
    text = 'Voir https://example.org/a?b=1 à 10:30 <a href="x">ici</a>&nbsp;!'
    assert (
        typography(text, "fr") == f'Voir https://example.org/a?b=1 à 10:30 <a href="x">ici</a>&nbsp;{NNBSP}!'
    )


def test_english_text_is_unchanged() -> None:
    assert typography("Review: done! «quoted»", "en") == "Review: done! «quoted»"


def test_numbers_follow_the_language() -> None:
    assert number(1234567, "fr") == f"1{NNBSP}234{NNBSP}567"
    assert number(1234567, "en") == "1,234,567"
    assert number(1234.5, "fr", decimals=1) == f"1{NNBSP}234,5"
    assert number(75, "fr", decimals=1, percent=True) == f"75,0{NNBSP}%"
    assert number(75, "en", percent=True) == "75%"
    assert number(-3, "en") == "−3"
    assert number(None, "fr") == "–"


def test_a_change_is_signed_and_an_unknown_one_is_a_dash() -> None:
    assert signed_percent(12.5, "en") == "+12%"
    assert signed_percent(-3.0, "fr") == f"−3{NNBSP}%"
    assert signed_percent(None, "fr") == "–"


def test_the_template_filter_escapes_before_spacing() -> None:
    rendered = Template("{% load reviews %}{{ text|typography:'fr' }}").render(
        Context({"text": "<script>x</script> Bilan: « oui »"})
    )
    assert rendered == f"&lt;script&gt;x&lt;/script&gt; Bilan{NNBSP}: «{NNBSP}oui{NNBSP}»"
