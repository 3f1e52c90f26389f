"""The immediate tier: rules and lexicons, no model."""

from __future__ import annotations

import pytest

from ambassade.listening.nlp import DEFAULT_TAXONOMY, ThemeSpec, enrich_immediate
from ambassade.listening.nlp.rules import intent_detect, is_question, language_detect, sentiment_detect
from ambassade.listening.nlp.text import keywords_extract


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le télétravail est possible deux jours par semaine dans l'équipe", "fr"),
        ("The interview process was long but the recruiters were kind", "en"),
        ("La entrevista fue muy larga y nadie me respondió después", "es"),
        ("Das Vorstellungsgespräch war sehr freundlich und gut organisiert", "de"),
        ("👍 !!", ""),
    ],
)
def test_language_is_detected_among_the_supported_languages(text, lang):
    assert language_detect(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "Peut-on télétravailler pendant la période d'essai ?",
        "Peut-on télétravailler pendant la période d'essai",
        "Est-ce que le salaire est négociable",
        "Combien de temps dure le processus de recrutement",
        "Je voudrais savoir si vous prenez des stagiaires en septembre",
        "Quelqu'un sait si la cantine est ouverte le vendredi",
        "c'est quoi le salaire d'un alternant chez vous",
        "Does anyone know the salary range for juniors",
        "How long does it take to hear back after the interview",
        "Is remote work allowed in the London office",
        "Any idea when the results come out?",
        "Où se trouve le bureau de Lyon",
    ],
)
def test_questions_are_found_in_french_and_english_with_or_without_a_question_mark(text):
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "Inscrivez-vous à notre webinaire de jeudi",
        "Quand on hésite, la recruteuse est toujours là pour conseiller.",
        "Le télétravail est possible deux jours par semaine.",
        "Great place to work, I recommend it",
        "See the job offer at https://example.com/jobs?id=3",
    ],
)
def test_statements_and_imperatives_are_not_questions(text):
    assert not is_question(text)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Est-ce que vous prenez des alternants ?", "question"),
        ("Je suis inquiet, on parle d'un plan social", "worry"),
        ("I'm worried about the rumours of layoffs", "worry"),
        ("J'aimerais vraiment deux jours de télétravail", "expectation"),
        ("I wish they published salary bands", "expectation"),
        ("Bravo à l'équipe RH pour l'accueil", "praise"),
        ("Thanks for the great onboarding", "praise"),
        ("Le siège déménage en 2027", "other"),
    ],
)
def test_intent_rules_find_questions_worries_expectations_and_praise(text, intent):
    assert intent_detect(text) == intent


def test_praise_words_under_a_negation_are_not_praise():
    assert intent_detect("Le manager n'est pas du tout bienveillant") == "other"


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Ambiance géniale, je recommande", "positive"),
        ("Great team and fair pay", "positive"),
        ("Management toxique et salaires minables", "negative"),
        ("Terrible experience, avoid", "negative"),
        ("Le siège déménage en 2027", "neutral"),
        ("L'ambiance n'est pas bonne du tout", "negative"),
        ("The interview was not bad at all", "positive"),
        ("Pas de problème avec les horaires", "positive"),
    ],
)
def test_sentiment_lexicon_handles_negations(text, sentiment):
    assert sentiment_detect(text) == sentiment


def test_an_intensifier_strengthens_the_sentiment():
    from ambassade.listening.nlp.rules import sentiment_score

    assert sentiment_score("C'est vraiment très bien") > sentiment_score("C'est bien") > 0


def test_themes_match_keywords_whatever_the_case_and_accents_on_whole_words():
    [item] = enrich_immediate(["TELETRAVAIL refusé et SALAIRES gelés, la stagiaire est partie"])
    assert set(item.themes) == {"remote-work", "pay", "internships"}
    [item] = enrich_immediate(["Paiement refusé"])  # "paie" has no "*": it does not match "paiement"
    assert "pay" not in item.themes


def test_a_theme_added_by_the_organisation_is_matched_by_its_keywords():
    mobility = ThemeSpec("mobility", "Mobilité", "Commuting", ("covoiturage", "navette*", "bike to work"))
    [french, english] = enrich_immediate(
        ["Les navettes du matin sont en retard", "Is there a bike to work scheme?"],
        taxonomy=(*DEFAULT_TAXONOMY, mobility),
    )
    assert french.themes == ["mobility"]
    assert english.themes == ["mobility"]


def test_keywords_are_frequent_content_words_without_stopwords_urls_or_handles():
    text = (
        "Le salaire, le salaire, encore le salaire ! L'ambiance est bonne @rh_team https://x.com #télétravail"
    )
    keywords = keywords_extract(text)
    assert keywords[0] == "salaire"
    assert "ambiance" in keywords and "télétravail" in keywords
    assert not {"le", "et", "est", "rh_team", "https"} & set(keywords)
    assert (
        len(keywords_extract(" ".join(f"mot{i}x" for i in range(30)) + " alpha beta gamma delta epsilon"))
        <= 8
    )


def test_the_immediate_tier_fills_every_field():
    [item] = enrich_immediate(["Est-ce que la mutuelle couvre les enfants ?"])
    assert (item.lang, item.intent, item.is_question, item.tier) == ("fr", "question", True, "immediate")
    assert item.themes == ["benefits"]
    assert "mutuelle" in item.keywords
