"""python manage.py enrich_texts: one text per line in, one JSON object per line out."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command


@pytest.fixture(autouse=True)
def hashing(settings):
    settings.LISTENING_ENCODER = "hashing"


TEXTS = [
    "Est-ce que le télétravail est possible dès l'arrivée",
    "Bravo à l'équipe RH pour l'accueil, super journée",
    "",
    "I'm worried about the layoffs announced today",
]


def test_enrich_texts_writes_one_json_object_per_line_in_the_same_order(tmp_path):
    source, output = tmp_path / "texts.txt", tmp_path / "out.jsonl"
    source.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    call_command(
        "enrich_texts", str(source), "--tasks", "lang,sentiment,intent,theme", "--output", str(output)
    )
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(TEXTS)
    assert set(records[0]) == {"lang", "sentiment", "intent", "is_question", "themes", "keywords"}
    assert (records[0]["lang"], records[0]["is_question"], records[0]["themes"][0]) == (
        "fr",
        True,
        "remote-work",
    )
    assert (records[1]["sentiment"], records[1]["intent"]) == ("positive", "praise")
    assert records[2]["lang"] == "" and records[2]["themes"] == []
    assert (records[3]["lang"], records[3]["intent"]) == ("en", "worry")


def test_enrich_texts_writes_only_the_requested_tasks_and_runs_the_immediate_tier(tmp_path, capsys):
    source = tmp_path / "texts.txt"
    source.write_text("Salaire trop bas\r\nGreat team!\r\n", encoding="utf-8")
    call_command("enrich_texts", str(source), "--tasks", "lang", "--tier", "immediate")
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [{"lang": "fr"}, {"lang": "en"}]


def test_enrich_texts_names_the_file_and_line_of_text_that_is_not_utf8(tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("première ligne\ndeuxième\nsalaire élevé\n".encode()[:30] + "été".encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin1\.txt, line 3: not UTF-8.*ligne 3"):
        call_command("enrich_texts", str(source))


def test_enrich_texts_names_a_missing_file_and_an_unknown_task(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.txt.*Impossible de lire"):
        call_command("enrich_texts", str(tmp_path / "missing.txt"))
    source = tmp_path / "texts.txt"
    source.write_text("Bonjour\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--tasks: unknown task mood"):
        call_command("enrich_texts", str(source), "--tasks", "lang,mood")
