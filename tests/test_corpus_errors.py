"""A source that breaks the structure fails loudly, naming the line and what was expected."""

from __future__ import annotations

import pytest

from corpus import CorpusParseError, load_corpus
from corpus.corpus import DOCUMENTS, parse_documents, read_sources


def _parse_with(alias: str, old: str, new: str) -> None:
    sources = read_sources()
    assert sources[alias].count(old) == 1, f"test edit must be unambiguous: {old!r}"
    sources[alias] = sources[alias].replace(old, new)
    parse_documents(sources)


def _line_of(alias: str, fragment: str) -> int:
    return next(i for i, line in enumerate(read_sources()[alias].splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("alias", "old", "new", "line_fragment", "message"),
    [
        ("adopted", "3.\tStates will also endeavour", "4.\tStates will also endeavour", "States will also endeavour",
         r"paragraph 4\. where paragraph 3\. was expected"),
        ("adopted", "\t(c)\tThe establishment or improvement of training",
         "\t(d)\tThe establishment or improvement of training", "The establishment or improvement of training",
         r"subparagraph \(d\) in paragraph 2 where \(c\) was expected"),
        ("adopted", "B.\tInternational actions\n4.", "C.\tRegional actions\n4.", "C.\tRegional actions",
         r"unknown heading C\. 'Regional actions'"),
        ("adopted", "II.\tAction against corruption", "III.\tAction against corruption", "III.\tAction against corruption",
         r"plan heading III\. where plan II\. was expected"),
        ("adopted", "in the languages of their countries.", "in the languages of their countries.14",
         "in the languages of their countries.", r"footnote reference 14 where reference 13? was expected|has no footnote"),
        ("draft", "collaboration between countries involving government, the community and non-\ngovernmental organizations;15",
         "collaboration between countries involving government, the community and non-\ngovernmental organizations;", 
         "(e) Continue studying crime in urban areas", r"footnote reference 16 where reference 15 was expected"),
        ("draft", " 6  See the proposal by Canada (E/CN.15/2001/L.8, para. 62). \n",
         "", " 7  Proposal by Canada (E/CN.15/2001/L.8, para. 61).", r"footnote 7 where footnote 6 was expected"),
        ("draft", "\n (c) Encouragement of governmental", "\n (d) Encouragement of governmental",
         "Encouragement of governmental", r"subparagraph \(d\) in paragraph 24 where \(c\) was expected"),
    ],
)
def test_malformed_source_raises_with_the_line(alias: str, old: str, new: str, line_fragment: str, message: str) -> None:
    with pytest.raises(CorpusParseError, match=message) as caught:
        _parse_with(alias, old, new)
    assert caught.value.source == DOCUMENTS[alias]
    edited = read_sources()[alias].replace(old, new)
    expected_line = next(i for i, line in enumerate(edited.splitlines(), 1) if line_fragment in line)
    assert caught.value.line == expected_line
    assert f"line {expected_line}" in str(caught.value)


def test_footnote_never_referenced_is_an_error() -> None:
    with pytest.raises(CorpusParseError, match="footnote 13 is never referenced"):
        _parse_with("adopted", "Criminal Justice13 in the languages", "Criminal Justice in the languages")


def test_text_after_the_footnotes_that_is_not_trailer_junk_is_an_error() -> None:
    with pytest.raises(CorpusParseError, match="expected footnote 14"):
        _parse_with("adopted", "13 United Nations publication, Sales No. E.92.IV.1 and corrigendum.\n",
                    "13 United Nations publication, Sales No. E.92.IV.1 and corrigendum.\nA stray sentence.\n")


def test_load_corpus_reads_a_folder_and_reports_the_broken_file(tmp_path) -> None:
    for alias, name in DOCUMENTS.items():
        text = read_sources()[alias]
        if alias == "draft":
            text = text.replace(" B. International actions \n \n \n\n4. The Centre", " B. International actions \n \n \n\n5. The Centre")
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CorpusParseError, match=r"revised_draft_plans_2001\.txt, line \d+: paragraph 5\."):
        load_corpus(tmp_path)
