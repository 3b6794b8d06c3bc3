"""Unit text is clean prose: PDF artefacts of the draft are undone and nothing is lost or invented."""

from __future__ import annotations

import re

import pytest

from corpus import Corpus
from corpus.corpus import read_sources
from corpus.text import Vocabulary, marker_positions

# Units of the draft whose text is interrupted by a page-bottom footnote block (mid-sentence) or sits
# right before or after one; expected texts written from reading the source.
ACROSS_FOOTNOTE_BLOCKS = {
    "draft:annex:25(b)": "Subject to the availability of resources and where requested to do so by the State or States "
    "involved, conduct public awareness and education campaigns about effective crime prevention and the respective "
    "contributions that individuals, families, communities and all levels of government may make towards safer and "
    "more peaceful communities;",
    "draft:annex:33(a)": "Criminalization of the misuse of information technologies and amendment of definitions of "
    "traditional crimes such as fraud to ensure that they apply in cases where computer and telecommunication media "
    "and networks are used to commit those offences;",
    "draft:annex:39(a)": "To review and evaluate their legislation and legal principles, procedures, policies and "
    "practices relating to criminal matters, in a manner consistent with their legal systems, to determine if they "
    "have a negative impact on women and, if they do have such an impact, to modify them in order to ensure that "
    "women are treated fairly by the criminal justice system;",
    "draft:annex:40(e)": "Cooperate and coordinate with all relevant organs, bodies and other entities of the United "
    "Nations system in their activities on issues relating to violence against women and to the removal of gender "
    "bias in the administration of criminal justice;",
    "draft:annex:24(a)": "Provision of national leadership by promoting close cooperation between the various sectors "
    "of society, including justice, health, education, social services and housing, which are necessary to support "
    "effective community-based crime prevention;",
    "draft:annex:24(b)": "Close cooperation with and provision of assistance to elements of civil society in the "
    "development, adoption and promotion of crime prevention initiatives, taking into account the importance of "
    "proceeding on the basis of proven practices wherever possible and of selecting the appropriate balance between "
    "various approaches to community-based crime prevention, including the funding of such initiatives;",
    "draft:annex:28(g)": "Where necessary and subject to the availability of resources, promote demonstration or pilot "
    "projects for the development, further development or establishment of victim services and other related "
    "operational activities;",
    "draft:annex:36(b)": "To incorporate an integrated strategy for the prevention of youth crime and for juvenile "
    "justice in their national development plans;",
    "draft:annex:45(e)": "Provide appropriate training for those involved in the development and implementation of "
    "restorative justice policies and programmes;",
    "draft:annex:46(d)": "Convene a meeting of experts to examine proposals for further action in relation to "
    "restorative justice, including mediation.",
    "draft:annex:21": "Individually and collectively, States will endeavour, as appropriate:",
    "draft:annex:11(b)": "Maintain a global database containing information about the nature and extent of trafficking "
    "in persons and best practices for preventing and controlling it, in cooperation with the United Nations "
    "Interregional Crime and Justice Research Institute;",
}

# Footnotes that continue after a blank line or on the next page, before that page's own footnotes.
CONTINUED_FOOTNOTES = {
    "draft:fn:4": "Proposal by Canada (E/CN.15/2001/L.8, para. 59); see also paragraph 25 of the Vienna Declaration.",
    "draft:fn:31": "Paragraph 86 (f) of the draft plans of action (E/CN.15/2001/5), moved on the basis of a proposal by "
    "Canada (E/CN.15/2001/L.8, para. 83). Text of paragraph 86 (f) of the draft plans of action (E/CN.15/2001/5), "
    "referring to disparate impacts on the basis of “race, colour, language, religion, political or other opinion, "
    "national or social origin, property, birth or other status”, was deleted, as no such reference appears in the "
    "Vienna Declaration in the context of treatment of offenders.",
    "draft:fn:71": "This falls within the ambit of paragraph 28 of the Vienna Declaration; see also Economic and Social "
    "Council resolution 2000/14, paragraph 2; see also paragraph 6 of the draft plan of action on restorative justice "
    "proposed by Canada (E/CN.15/2001/L.8, para. 90).",
    "draft:fn:44": "Based on General Assembly resolution 52/86, paragraph 1, but also falling within the ambit of "
    "paragraph 11 of the Vienna Declaration.",
    "draft:note-fn:1": "Tenth United Nations Congress on the Prevention of Crime and the Treatment of Offenders, Vienna, "
    "10-17 April 2000: report prepared by the Secretariat (United Nations publication, Sales No. E.00.IV.8), chap. I, "
    "resolution 1.",
}

HYPHENATION = {
    "draft:annex:24(h)": "develop a comprehensive international strategy",  # compre-/hensive: joined
    "draft:annex:29": "undertaken in paragraph 26 of the Vienna Declaration",  # para-/graph: joined
    "draft:annex:44": "undertaken in paragraph 28 of the Vienna Declaration",
    "draft:annex:4(a)": "intergovernmental and non-governmental organizations",  # non-/governmental: kept
    "draft:annex:8(e)": "other States in anti-corruption programmes",  # anti-/corruption: kept
    "draft:annex:34(c)": "effective measures against computer-related crime",  # computer-/related: kept
    "draft:fn:33": "reference to gender-based disparities is in paragraph 11 of the Vienna Declaration",
}


@pytest.mark.parametrize(("unit_id", "text"), sorted({**ACROSS_FOOTNOTE_BLOCKS, **CONTINUED_FOOTNOTES}.items()))
def test_exact_text_across_page_breaks(corpus: Corpus, unit_id: str, text: str) -> None:
    assert corpus.get(unit_id).text == text


@pytest.mark.parametrize(("unit_id", "phrase"), sorted(HYPHENATION.items()))
def test_words_broken_across_lines_are_rejoined_as_the_corpus_spells_them(corpus: Corpus, unit_id: str, phrase: str) -> None:
    assert phrase in corpus.get(unit_id).text


def test_hyphenation_is_decided_by_the_corpus_vocabulary() -> None:
    vocabulary = Vocabulary(["a comprehensive plan", "non-governmental bodies", "the pre-trial phase"])
    assert vocabulary.join("compre", "hensive") == "comprehensive"
    assert vocabulary.join("non", "governmental") == "non-governmental"
    assert vocabulary.join("pre", "trial") == "pre-trial"
    # Neither form seen: two known words stay a compound, fragments are joined.
    assert vocabulary.join("phase", "plan") == "phase-plan"
    assert vocabulary.join("bod", "ies") == "bodies"


def test_no_unit_text_has_markers_furniture_or_stray_whitespace(corpus: Corpus) -> None:
    for unit in corpus.units:
        assert unit.text, unit.unit_id
        assert unit.text == unit.text.strip(), unit.unit_id
        assert "  " not in unit.text and "\n" not in unit.text and "\t" not in unit.text, unit.unit_id
        assert not re.search(r"_{3,}|<<|\[DU1\]|^(Notes|Annex)$", unit.text), unit.unit_id
        if unit.part not in ("fn", "note-fn"):
            assert marker_positions(unit.text) == [], (unit.unit_id, marker_positions(unit.text))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("-", "").lower())


def test_every_unit_word_appears_in_the_source_in_order(corpus: Corpus) -> None:
    sources = read_sources()
    for alias, source in sources.items():
        # Undo line-break hyphens in the source the same way either way round: compare without hyphens.
        source_words = _words(re.sub(r"-\s*\n\s*", "", source))
        lines_before = {n: len(_words(re.sub(r"-\s*\n\s*", "", "\n".join(source.splitlines()[: n - 1])))) for n in
                        {u.line for u in corpus.units if u.document == alias}}
        for unit in (u for u in corpus.units if u.document == alias):
            position = max(0, lines_before[unit.line] - 5)
            for word in _words(unit.text):
                while position < len(source_words) and not re.fullmatch(re.escape(word) + r"\d{0,2}", source_words[position]):
                    position += 1
                assert position < len(source_words), f"{unit.unit_id}: {word!r} not found in order in the source"
                position += 1
