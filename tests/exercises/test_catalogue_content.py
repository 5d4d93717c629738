"""The starter catalogue is written in our own words and complete."""

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from exercises.models import IMAGE_DIR

SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"
RUN = 8  # words in a row that would count as copying
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def test_no_eight_word_run_of_the_catalogue_appears_in_the_articles(catalogue_data):
    # given the five source articles
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must check the catalogue against the articles, expected at {SEEDS}.")
        pytest.skip(f"The source articles are not at {SEEDS} (they are beside the clone in CI).")
    articles = sorted(SEEDS.glob("*.txt"))
    assert len(articles) == 5, f"expected the five source articles in {SEEDS}"
    article_runs: set[tuple[str, ...]] = set()
    for article in articles:
        article_runs |= _runs(_words(article.read_text(encoding="utf-8")))

    # when every text we show is compared (source titles are quoted by design: they name the work)
    texts = list(_texts(catalogue_data["exercises"], "exercises"))
    texts += [(f"sources[{i}].note", s["note"]) for i, s in enumerate(catalogue_data["sources"])]
    copied = [
        (path, " ".join(run)) for path, text in texts for run in _runs(_words(text)) & article_runs
    ]

    # then
    assert len(texts) > 300
    assert copied == []


def test_every_exercise_has_a_picture_citations_and_an_evidence_note(catalogue_data):
    exercises = catalogue_data["exercises"]
    source_keys = {source["key"] for source in catalogue_data["sources"]}
    assert len(exercises) == 12
    assert len(source_keys) == 5
    for record in exercises:
        assert finders.find(f"{IMAGE_DIR}/{record['image']}"), record["slug"]
        assert record["citations"], record["slug"]
        assert {c["source"] for c in record["citations"]} <= source_keys
        assert record["evidence_note"].strip(), record["slug"]
    cited = {c["source"] for record in exercises for c in record["citations"]}
    assert cited == source_keys


def test_the_articles_marketing_claims_are_not_repeated(catalogue_data):
    texts = " ".join(text for _path, text in _texts(catalogue_data["exercises"], "")).lower()
    for claim in ("15,000 nerves", "pain will be gone", "eliminate", "in 20 minutes"):
        assert claim not in texts
