"""The units' parses are stored beside the index, read back instead of parsed again, and never read stale or damaged."""

from __future__ import annotations

import warnings

import pytest

import qa.parses as parses_module
from qa.candidates import parse_units
from qa.parses import ParseCache

TEXTS = ["Invites Member States to report to the Commission.", "Establish agencies responsible for the prevention of crime;"]


def _parsed(docs) -> list[list[tuple[str, str, str, int]]]:
    return [[(t.text, t.pos_, t.dep_, t.head.i) for t in doc] for doc in docs]


def test_stored_parses_are_read_back_without_parsing_again(tmp_path, monkeypatch) -> None:
    built = ParseCache(tmp_path).load_or_build(TEXTS)
    monkeypatch.setattr(parses_module, "parse_units", lambda texts: pytest.fail("parsed again"))
    loaded = ParseCache(tmp_path).load_or_build(TEXTS)
    assert _parsed(loaded) == _parsed(built) == _parsed(parse_units(TEXTS))
    assert [[(e.start, e.end, e.label_) for e in d.ents] for d in loaded] == [[(e.start, e.end, e.label_) for e in d.ents] for d in built]


def test_a_damaged_file_is_parsed_again_with_a_warning(tmp_path) -> None:
    ParseCache(tmp_path).load_or_build(TEXTS)
    [stored] = tmp_path.glob("parses-*.spacy")
    stored.write_bytes(stored.read_bytes()[:40])
    with pytest.warns(UserWarning, match="re-parsing the units: parses-.* cannot be read"):
        docs = ParseCache(tmp_path).load_or_build(TEXTS)
    assert _parsed(docs) == _parsed(parse_units(TEXTS))


def test_other_texts_get_their_own_file_and_the_stale_one_goes(tmp_path) -> None:
    ParseCache(tmp_path).load_or_build(TEXTS)
    [old] = tmp_path.glob("parses-*.spacy")
    docs = ParseCache(tmp_path).load_or_build(TEXTS[:1])
    assert [d.text for d in docs] == ["invites Member States to report to the Commission."]  # as given to spaCy
    assert not old.exists() and len(list(tmp_path.glob("parses-*.spacy"))) == 1


def test_an_unwritable_folder_keeps_the_parses_in_memory(tmp_path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with pytest.warns(UserWarning, match="cannot store the units' parses"):
        docs = ParseCache(not_a_folder).load_or_build(TEXTS)
    assert len(docs) == 2


def test_a_measure_opening_on_a_verb_the_tagger_takes_for_a_name_is_parsed_with_it_in_lower_case(tmp_path) -> None:
    texts = ["Convene a meeting of experts to examine proposals.", "The Centre will convene a meeting."]
    opening, other = parse_units(texts)
    assert (opening.text, opening[0].pos_, opening[0].dep_) == ("convene a meeting of experts to examine proposals.", "VERB", "ROOT")
    assert other.text == texts[1]
    ParseCache(tmp_path).load_or_build(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read back, not parsed again as "not holding the units' texts"
        assert _parsed(ParseCache(tmp_path).load_or_build(texts)) == _parsed([opening, other])
