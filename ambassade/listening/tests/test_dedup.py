from __future__ import annotations

from ambassade.listening.dedup import (
    NEAR_BITS,
    dedup_normalise,
    hamming,
    near_duplicate,
    simhash,
    text_hash,
)

POST = (
    "Chez Acme les stagiaires sont payés au-dessus de la gratification légale et le télétravail "
    "est possible deux jours par semaine, une vraie bonne surprise"
)


def test_normalisation_drops_links_handles_hash_signs_punctuation_case_and_accents() -> None:
    text = "RT @acme_rh: Super #Recrutement chez ACME ! https://t.co/xyz via @jobs"
    assert dedup_normalise(text) == "super recrutement chez acme"


def test_exact_copies_with_other_noise_share_a_hash() -> None:
    assert text_hash(POST) == text_hash(POST.upper() + "  https://acme.example/stages")
    assert text_hash(POST) == text_hash("RT @marie: " + POST)
    assert text_hash("Je suis @alice@mastodon.social " + POST) == text_hash("Je suis " + POST)
    assert len(text_hash(POST)) == 64


def test_different_texts_have_different_hashes() -> None:
    assert text_hash(POST) != text_hash(POST.replace("deux", "trois"))


def test_a_retweet_is_an_exact_duplicate_and_a_near_one() -> None:
    assert simhash("RT @user: " + POST) == simhash(POST)
    assert near_duplicate(simhash("RT @user: " + POST), simhash(POST))


def test_one_word_changed_is_a_near_duplicate() -> None:
    edited = POST.replace("vraie", "belle")
    assert simhash(edited) != simhash(POST)
    assert near_duplicate(simhash(POST), simhash(edited))


def test_different_texts_are_not_near_duplicates() -> None:
    other = (
        "Entretien annulé trois fois chez Acme sans explication, le recruteur ne répond plus "
        "depuis un mois et personne ne rappelle les candidats"
    )
    assert hamming(simhash(POST), simhash(other)) > 2 * NEAR_BITS
    assert not near_duplicate(simhash(POST), simhash(other))


def test_fingerprints_fit_a_signed_64_bit_column() -> None:
    values = [simhash(POST + f" numéro {number}") for number in range(200)]
    assert all(-(2**63) <= value < 2**63 for value in values)
    assert any(value < 0 for value in values)


def test_short_texts_are_too_short_for_near_matching() -> None:
    assert simhash("Merci beaucoup !") == 0
    assert not near_duplicate(simhash("Merci beaucoup !"), simhash("Merci beaucoup !"))


def test_the_threshold_can_be_made_stricter() -> None:
    edited = POST.replace("vraie", "belle")
    distance = hamming(simhash(POST), simhash(edited))
    assert near_duplicate(simhash(POST), simhash(edited), bits=distance)
    assert not near_duplicate(simhash(POST), simhash(edited), bits=distance - 1)


def test_texts_without_words_are_not_all_duplicates_of_each_other() -> None:
    """Links, handles and emoji alone normalise to nothing: the hash then falls back on the text itself."""
    assert text_hash("@acme 😡") != text_hash("@acme 👏")
    assert text_hash("https://a.example/offre") != text_hash("https://b.example/avis")
    assert text_hash("@acme 👏") == text_hash("  @acme   👏 ")
    assert text_hash("👏") != text_hash("")
