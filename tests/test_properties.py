"""Property-based tests: arbitrary text never crashes the parser, retrieval or answering, and every
span the assistant quotes is an exact slice of its unit."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import CorpusParseError
from corpus.corpus import parse_documents, read_sources
from qa.validation import clean_question

# Questions: any unicode text, plus text made of the corpus' own words so that real answers come up.
WORDS = st.sampled_from(
    "prison overcrowding corruption firearms victims fund Canada Finland draft convention 2003 article resolution "
    "what who when which should States Centre juvenile justice <script> ' \" ; -- DROP TABLE é 中文 ?".split()
)
QUESTIONS = st.one_of(st.text(max_size=1200), st.lists(WORDS, min_size=0, max_size=25).map(" ".join))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(question=QUESTIONS, document=st.sampled_from(["adopted", "draft", "both", "nope"]), top_k=st.integers(-2, 60))
def test_ask_answers_or_raises_value_error_and_quotes_exactly(assistant, question, document, top_k) -> None:
    try:
        answer = assistant.ask(question, document=document, top_k=top_k)
    except ValueError as error:
        assert str(error)
        return
    assert answer.abstained == (answer.answer == "")
    for c in answer.citations:
        assert c.text[c.start:c.end] == c.quote
        assert 0 <= c.start <= c.end <= len(c.text)
        assert c.unit_id in assistant.corpus


@SETTINGS
@given(question=QUESTIONS, top_k=st.integers(1, 50))
def test_retrieve_returns_ranked_hits_in_scope(assistant, question, top_k) -> None:
    try:
        clean_question(question)
    except ValueError as expected:
        with pytest.raises(ValueError, match=re.escape(str(expected))):
            assistant.retrieve(question, document="draft", top_k=top_k)
        return
    hits = assistant.retrieve(question, document="draft", top_k=top_k)
    assert len(hits) <= top_k
    assert all(h.unit.document == "draft" for h in hits)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_parser_on_damaged_sources_parses_or_raises_corpus_parse_error(data) -> None:
    sources = read_sources()
    alias = data.draw(st.sampled_from(sorted(sources)))
    lines = sources[alias].splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    edit = data.draw(st.sampled_from(["delete", "duplicate", "garble", "insert"]))
    if edit == "delete":
        del lines[index]
    elif edit == "duplicate":
        lines.insert(index, lines[index])
    elif edit == "garble":
        lines[index] = data.draw(st.text(max_size=80))
    else:
        lines.insert(index, data.draw(st.text(max_size=80)))
    sources[alias] = "\n".join(lines)
    try:
        documents = parse_documents(sources)
    except CorpusParseError as error:
        assert error.line >= 0 and error.source.endswith(".txt")
        return
    assert len(documents[alias].plans) == 15


@pytest.mark.parametrize("text", ["", "\n\n", "Annex\n", "I.\tAction\n1.\tText\n"])
def test_parser_on_tiny_texts_raises_a_clear_error(text) -> None:
    sources = read_sources()
    sources["adopted"] = text
    with pytest.raises(CorpusParseError, match=r"a_res_56_261\.txt, line \d+: "):
        parse_documents(sources)
