from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db.models import Q

from ambassade.listening.query import QueryError, query_parse, text_normalise


def matches(query: str, text: str) -> bool:
    return query_parse(query).matches(text)


def test_text_is_normalised_without_case_accents_or_punctuation() -> None:
    assert text_normalise("  Ma RÉMUNÉRATION,   l'Œuvre !\n#RH ") == "ma remuneration l oeuvre rh"


def test_adjacent_terms_must_all_be_present() -> None:
    assert matches("salaire stage", "Le stage est bien payé, salaire correct")
    assert not matches("salaire stage", "Le stage est bien payé")


def test_accents_and_case_are_ignored_both_ways() -> None:
    assert matches("rémunération", "La REMUNERATION des stagiaires")
    assert matches("remuneration", "Quelle rémunération ?")


def test_terms_match_whole_words_only() -> None:
    assert matches("rh", "Le service RH répond vite")
    assert not matches("rh", "Un rhum arrangé")


def test_a_trailing_star_matches_words_starting_with_the_term() -> None:
    assert matches("recrut*", "Ils recrutent des alternants")
    assert not matches("recrut*", "Un nouveau poste")


def test_phrases_need_their_words_in_order_and_side_by_side() -> None:
    assert matches('"travail à distance"', "Le travail, à distance, c'est bien")
    assert not matches('"travail à distance"', "à distance du travail")


def test_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    query = "a OR b AND NOT c"  # a OR (b AND (NOT c))
    assert matches(query, "a c")
    assert matches(query, "b")
    assert not matches(query, "b c")
    assert not matches(query, "c")


def test_parentheses_change_the_grouping() -> None:
    assert not matches("(a OR b) AND c", "a")
    assert matches("(a OR b) AND c", "b c")


def test_a_minus_sign_excludes_a_term_a_phrase_or_a_group() -> None:
    assert matches("stage -alternance", "un stage de six mois")
    assert not matches("stage -alternance", "stage en alternance")
    assert not matches('stage -"fin d études"', "stage de fin d'études")
    assert not matches("stage -(paris OR lyon)", "stage à Lyon")


def test_french_operators_work_like_english_ones() -> None:
    assert matches("salaire OU prime SAUF stage", "une prime")
    assert not matches("salaire ET prime", "une prime")


def test_lower_case_operator_words_are_searched_as_terms() -> None:
    assert matches("rock and roll", "rock and roll")
    assert not matches("rock and roll", "rock roll")


def test_words_joined_by_punctuation_form_a_phrase() -> None:
    assert matches("e-mail", "envoyez un e mail")
    assert not matches("e-mail", "un mail")


def test_terms_lists_what_is_searched_for_but_not_what_is_excluded() -> None:
    assert query_parse('recrut* "ma paie" -stage NOT (a OR NOT b)').terms == ["recrut", "ma paie", "b"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "The query is empty."),
        ("   ", "The query is empty."),
        ("(salaire OR prime", "The parenthesis opened at position 1 is never closed."),
        ("salaire) OR prime", "The parenthesis closed at position 8 was never opened."),
        ("salaire AND", "“AND” at position 9 has nothing after it to apply to."),
        ("OR salaire", "“OR” at position 1 has nothing before it to apply to."),
        ("salaire OR OR prime", "“OR” at position 9 has nothing after it to apply to."),
        ("salaire NOT", "“NOT” at position 9 has nothing after it to apply to."),
        ('salaire "ma paie', "The quote opened at position 9 is never closed."),
        ('""', "“” at position 1 contains no letter or digit to search for."),
        ("(", "The parenthesis opened at position 1 is never closed."),
        ("emploi AND (", "The parenthesis opened at position 12 is never closed."),
        ("()", "The parenthesis closed at position 2 was never opened, or closes an empty group."),
    ],
)
def test_unreadable_queries_are_refused_naming_the_position(query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        query_parse(query)
    assert caught.value.messages == [message]


def test_too_long_queries_are_refused() -> None:
    with pytest.raises(QueryError, match="at most 500 characters"):
        query_parse("a" * 501)
    with pytest.raises(QueryError, match="more than 50 terms"):
        query_parse(" ".join(f"t{number}" for number in range(51)))


TEXTS = [
    "Le salaire des stagiaires est bas",
    "Quelle rémunération pour un stage ?",
    "Un rhum au bureau",
    "Le service RH recrute",
    "Ils recrutent en alternance à Lyon",
    "Travail à distance : deux jours",
    "rh",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "rh",
        "NOT rh",
        "salaire OR rémunération",
        "stage -salaire",
        "recrut* NOT alternance",
        '"travail a distance"',
        "(rh OR lyon) AND NOT (rhum OR recrute)",
        "-recrut*",
    ],
)
def test_the_database_filter_selects_exactly_what_matches(query: str) -> None:
    for text in TEXTS:
        Group.objects.create(name=text_normalise(text)[:150])
    parsed = query_parse(query)
    selected = set(Group.objects.filter(parsed.to_q("name")).values_list("name", flat=True))
    expected = {text_normalise(text) for text in TEXTS if parsed.matches(text)}
    assert selected == expected


def test_the_database_filter_is_built_from_word_boundaries() -> None:
    q = query_parse("rh").to_q("text_search")
    assert q == (
        Q(text_search="rh")
        | Q(text_search__startswith="rh ")
        | Q(text_search__endswith=" rh")
        | Q(text_search__contains=" rh ")
    )


@pytest.mark.parametrize(
    "query",
    ["(" * 240 + "salaire" + ")" * 240, "-" * 400 + "salaire", "NOT " * 120 + "salaire"],
)
def test_deeply_nested_queries_are_refused_with_a_message_not_a_crash(query: str) -> None:
    with pytest.raises(QueryError) as caught:
        query_parse(query)
    assert caught.value.message.startswith("The query nests groups or NOT too deeply at position ")
    assert caught.value.position is not None


def test_reasonable_nesting_is_accepted() -> None:
    assert matches("((salaire OR (prime AND -stage)) AND NOT (-rh))", "Le salaire, vu par les RH")
