"""The parsed structure of both documents, against a fixture written by reading the source texts."""

from __future__ import annotations

import pytest

from corpus import Corpus

ADOPTED_PLAN_TITLES = {
    "I": "Action against transnational organized crime",
    "II": "Action against corruption",
    "III": "Action against trafficking in persons",
    "IV": "Action against the smuggling of migrants",
    "V": "Action against the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition",
    "VI": "Action against money-laundering",
    "VII": "Action against terrorism",
    "VIII": "Action on crime prevention",
    "IX": "Action on witnesses and victims of crime",
    "X": "Action on prison overcrowding and alternatives to incarceration",
    "XI": "Action against high-technology and computer-related crime",
    "XII": "Action on juvenile justice",
    "XIII": "Action on the special needs of women in the criminal justice system",
    "XIV": "Action on standards and norms",
    "XV": "Action on restorative justice",
}

DRAFT_PLAN_TITLES = {
    **ADOPTED_PLAN_TITLES,
    "IV": "Action against smuggling of migrants",
    "XI": "Action against computer-related crime",
    "XIII": "Action on the special needs of women as criminal justice practitioners, victims, prisoners and offenders",
}

# plan -> {section (None = introduction): {paragraph: subparagraph letters, with roman items in brackets}}
ADOPTED_STRUCTURE = {
    "I": {None: {1: ""}, "A": {2: "abcde", 3: "abc"}, "B": {4: "abcdefgh"}},
    "II": {None: {5: ""}, "A": {6: "abcd", 7: "abcdef", 8: "abcdef"}, "B": {9: "abcdefgh"}},
    "III": {None: {10: ""}, "A": {11: "abcdefghi"}, "B": {12: "abc"}},
    "IV": {None: {13: ""}, "A": {14: "abcdefg"}, "B": {15: ""}},
    "V": {None: {16: ""}, "A": {17: "abcde"}, "B": {18: "ab"}},
    "VI": {None: {19: ""}, "A": {20: "abcdefgh"}, "B": {21: ""}},
    "VII": {None: {22: ""}, "A": {23: "abcde"}, "B": {24: "abcde"}},
    "VIII": {None: {25: ""}, "A": {26: "abcdefgh"}, "B": {27: "abcdefgh"}},
    "IX": {None: {28: ""}, "A": {29: "ab"}, "B": {30: "abcdef"}},
    "X": {None: {31: ""}, "A": {32: "abcd"}, "B": {33: "abc"}},
    "XI": {None: {34: ""}, "A": {35: "abcd[i,ii]e"}, "B": {36: "abc"}},
    "XII": {None: {37: ""}, "A": {38: "abcdef"}, "B": {39: "ab"}},
    "XIII": {None: {40: ""}, "A": {41: "abc"}, "B": {42: "abcdef"}},
    "XIV": {None: {43: ""}, "A": {44: ""}, "B": {45: "abc"}},
    "XV": {None: {46: ""}, "A": {47: "abcdefgh"}, "B": {48: "abc"}},
}

DRAFT_STRUCTURE = {
    "I": {None: {1: ""}, "A": {2: "abcde", 3: "ab"}, "B": {4: "abcdefgh"}},
    "II": {None: {5: ""}, "A": {6: "abcde", 7: "abcdef", 8: "abcdef"}, "B": {9: "abcdef"}},
    "III": {"A": {10: "abcdefghi"}, "B": {11: "abc"}},
    "IV": {"A": {12: "abcdefg"}, "B": {13: ""}},
    "V": {None: {14: ""}, "A": {15: "abcde"}, "B": {16: "ab"}},
    "VI": {None: {17: ""}, "A": {18: "abcdefgh"}, "B": {19: ""}},
    "VII": {None: {20: ""}, "A": {21: "abcd"}, "B": {22: "abcdef"}},
    "VIII": {None: {23: ""}, "A": {24: "abcdefgh"}, "B": {25: "abcdefgh"}},
    "IX": {None: {26: ""}, "A": {27: "ab"}, "B": {28: "abcdefgh"}},
    "X": {None: {29: ""}, "A": {30: "abcd"}, "B": {31: "abc"}},
    "XI": {None: {32: ""}, "A": {33: "ab[i,ii,iii,iv]cd[i,ii,iii]e"}, "B": {34: "abcd"}},
    "XII": {None: {35: ""}, "A": {36: "abc"}, "B": {37: "ab"}},
    "XIII": {None: {38: ""}, "A": {39: "abc"}, "B": {40: "abcdefg"}},
    "XIV": {None: {41: ""}, "A": {42: ""}, "B": {43: "abc"}},
    "XV": {None: {44: ""}, "A": {45: "abcdefghij"}, "B": {46: "abcd"}},
}


def _shape(paragraph) -> str:
    return "".join(
        s.label + (f"[{','.join(i.label for i in s.items)}]" if s.items else "") for s in paragraph.subparagraphs
    )


@pytest.mark.parametrize(
    ("alias", "titles", "structure"),
    [("adopted", ADOPTED_PLAN_TITLES, ADOPTED_STRUCTURE), ("draft", DRAFT_PLAN_TITLES, DRAFT_STRUCTURE)],
)
def test_plans_sections_paragraphs_and_letters(corpus: Corpus, alias: str, titles: dict, structure: dict) -> None:
    doc = corpus.documents[alias]
    assert {p.numeral: p.title for p in doc.plans} == titles
    parsed = {
        p.numeral: {s.letter: {q.number: _shape(q) for q in s.paragraphs} for s in p.sections} for p in doc.plans
    }
    assert parsed == structure


@pytest.mark.parametrize(("alias", "last"), [("adopted", 48), ("draft", 46)])
def test_annex_paragraphs_are_numbered_in_sequence(corpus: Corpus, alias: str, last: int) -> None:
    numbers = [q.number for p in corpus.documents[alias].plans for q in p.paragraphs]
    assert numbers == list(range(1, last + 1))


def test_resolution_front_matter_and_metadata(corpus: Corpus) -> None:
    doc = corpus.documents["adopted"]
    assert doc.symbol == "A/RES/56/261"
    assert doc.title.startswith("Plans of action for the implementation of the Vienna Declaration")
    assert doc.metadata["date_of_adoption"] == "31 January 2002"
    assert doc.metadata["plenary_meeting"] == "93rd plenary meeting"
    assert [p.text.split()[0] for p in doc.preamble] == ["Recalling", "Noting", "Recalling"]
    assert [p.number for p in doc.operative] == list(range(1, 9))
    assert doc.operative[3].text.startswith("Invites Governments to consider carefully and use")
    assert [f.number for f in doc.footnotes] == list(range(1, 14))
    assert doc.footnotes[-1].text == "United Nations publication, Sales No. E.92.IV.1 and corrigendum."


def test_the_record_of_adoption_is_a_unit_in_the_resolutions_own_words(corpus: Corpus) -> None:
    record = corpus.get("adopted:record:1")
    assert record.text == (
        "Resolution adopted by the General Assembly without reference to a Main Committee (A/56/L.70): "
        "56/261, 93rd plenary meeting, 31 January 2002."
    )
    assert (record.part, record.label, record.line, record.plan) == ("record", "A/RES/56/261, record of adoption", 2, None)
    assert not corpus.documents["draft"].record


def test_draft_note_and_metadata(corpus: Corpus) -> None:
    doc = corpus.documents["draft"]
    assert doc.title == (
        "Revised draft plans of action for the implementation of the Vienna Declaration on Crime and Justice: "
        "Meeting the Challenges of the Twenty-first Century"
    )
    assert doc.metadata["session"].startswith("resumed tenth session")
    assert [p.number for p in doc.note] == [1, 2, 3, 4]
    assert [f.number for f in doc.note_footnotes] == [1]
    assert [f.number for f in doc.footnotes] == list(range(1, 73))


def test_footnote_one_is_referenced_by_resolution_and_annex(corpus: Corpus) -> None:
    assert corpus.get("adopted:res:1").footnotes == ["adopted:fn:1"]
    assert corpus.get("adopted:annex:1").footnotes == ["adopted:fn:1", "adopted:fn:2"]
    assert corpus.get("adopted:annex:44").footnotes == ["adopted:fn:13"]
    assert corpus.get("draft:note:1").footnotes == ["draft:note-fn:1"]


def test_plan_heading_footnotes_are_kept_on_the_plan(corpus: Corpus) -> None:
    plans = {p.numeral: p for p in corpus.documents["draft"].plans}
    assert plans["IX"].footnotes == (18,)
    assert plans["XI"].footnotes == (35,)
    assert corpus.get("draft:annex:33(a)").plan_footnotes == ["draft:fn:35"]


def test_units_carry_contract_fields(corpus: Corpus) -> None:
    unit = corpus.get("adopted:annex:32(a)")
    assert unit.document == "adopted"
    assert (unit.plan, unit.section, unit.paragraph) == ("X", "A", 32)
    assert unit.plan_title == "Action on prison overcrowding and alternatives to incarceration"
    assert unit.label == (
        "A/RES/56/261, annex, plan X (Action on prison overcrowding and alternatives to incarceration), "
        "A. National actions, para. 32 (a)"
    )
    draft_unit = corpus.get("draft:annex:24(h)")
    assert (draft_unit.plan, draft_unit.plan_title) == ("VIII", "Action on crime prevention")
    assert draft_unit.footnotes == ["draft:fn:12"]
    assert corpus.get("adopted:res:4").plan is None
    assert corpus.get("adopted:annex:1").section is None


def test_ids_of_every_part(corpus: Corpus) -> None:
    for unit_id in [
        "adopted:pre:3", "adopted:res:8", "adopted:record:1", "adopted:annex:35(d)(ii)", "adopted:fn:13",
        "draft:note:4", "draft:note-fn:1", "draft:annex:33(b)(iv)", "draft:fn:72",
    ]:
        assert corpus.get(unit_id).unit_id == unit_id
    assert "adopted:pre:4" not in corpus
    assert "draft:annex:47" not in corpus


def test_unknown_id_raises_key_error_with_a_clear_message(corpus: Corpus) -> None:
    with pytest.raises(KeyError, match="unknown unit id 'adopted:annex:99'"):
        corpus.get("adopted:annex:99")


def test_letter_i_after_h_and_roman_i_opening_a_list(corpus: Corpus) -> None:
    assert corpus.get("adopted:annex:11(i)").text.startswith("Providing increased resources")
    assert corpus.get("draft:annex:45(i)").text.startswith("Promote cooperation between Government and civil society")
    assert corpus.get("adopted:annex:35(d)(i)").text == (
        "Issues relating to domestic and international regulation of the technologies and networks;"
    )
    assert corpus.get("draft:annex:33(b)(i)").text == (
        "The adjustment of rules of evidence to ensure that computer evidence can be preserved, "
        "authenticated and used in criminal proceedings;"
    )
    lead_in = corpus.get("adopted:annex:35(d)")
    assert lead_in.text.endswith("These discussions could include key areas such as:")
    assert [u.unit_id for u in corpus.children("adopted:annex:35(d)")] == ["adopted:annex:35(d)(i)", "adopted:annex:35(d)(ii)"]
