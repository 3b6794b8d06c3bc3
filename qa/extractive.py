"""The default reader: picks the span of a unit that answers the question, with the bundled encoder only.

Why it works without a QA checkpoint: the answer to a question usually sits next to the words that
match the question, is of the type the question asks for (a date for "by when", a body for "who"),
and is *not* made of the question's own words (the clause most similar to the question is the one that
restates it). Each candidate span (qa/candidates.py) is scored on those features, using the contextual
token embeddings of the transformer for "next to the words that match the question". The weights are
fitted on the development split of the gold set (eval/tune.py) and stored in `DEFAULT_WEIGHTS`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from corpus import Unit
from embeddings import Encoder
from embeddings.tokens import TokenEmbedder, TokenVectors
from qa.candidates import (
    DIRECTIVES, Candidate, addressee_stems, after_restated_lead, asked_task, asked_verbs, candidates, completed_coordination, listed_members,
    ending_at_head, members_before_other, parse_questions_ahead, whole_coordination, without_infinitive,
    without_next_measure, without_run_on_object,
)
from qa.evidence import count_of
from qa.proposals import CREDITED_BY
from qa.question import (
    BODY, CLAUSE, CONDITION, COUNTRY, DEADLINE, INSTRUMENT, NUMBER, PARAGRAPH, PASSIVE_AGENT, PEOPLE, PHRASE, REASON, RESOLUTION, STRICT_TYPES, SYMBOL, TASK, QuestionType,
    agent_verb_asked, analyse, paragraph_owner,
)
from qa.reading import Span
from qa.setaside import set_aside, without_set_aside
from qa.words import WORD, content_stems, content_token_vectors, stem

@dataclass(frozen=True)
class ReaderWeights:
    type_match: float = 0.5
    context: float = 0.5
    inside: float = 0.5
    overlap: float = 0.5
    unit_rank: float = 1.0
    length: float = 0.2
    verb_object: float = 0.25  # the span is what a verb of the question acts on
    asked_verb: float = 0.25  # the span is what the verb the question asks the object of acts on
    preposition: float = 1.0  # the span follows the preposition the question asks with ("to whom")
    context_window: int = 12


DEFAULT_WEIGHTS = ReaderWeights()
# Words that introduce an answer rather than belong to it: "including financial institutions".
_LEAD_IN = re.compile(
    r"(?:including|in particular|especially|notably|such as|namely|taking into account|in cooperation with|in consultation with"
    r"|(?:on )?the basis of)\s+"
)
# A condition put before what a measure provides ("ON REQUEST, technical cooperation ...") is no part of it.
_CONDITION_FIRST = re.compile(
    r"(?:(?:[Uu]p)?[Oo]n request|[Ss]ubject to the availability of (?:extrabudgetary )?resources|[Ww]here (?:so )?"
    r"(?:appropriate|necessary|possible|feasible|requested[^,;]*)|[Aa]s (?:appropriate|necessary))(?: and [^,;]+)?,\s+"
)
# What a possessor is named after: "the terrorism-prevention activities of [the Centre ...]" for "whose activities"
# (non-test factoid F1 points +1.8); not "the Government of the Netherlands", which names one.
_POSSESSED = re.compile(r"(?:the |their |its )?(?:[a-z][\w-]* ){1,3}of\s+")
# How well or whether, not what kind: "what kind of powers" -> "[adequate] regulatory, inspection and investigative
# powers".
_EVALUATIVE = re.compile(r"(?:adequate|appropriate|possible|relevant|various|necessary|suitable)\s+")
_CITED_PARAGRAPH = re.compile(r", (?:annex, )?paras?\. ")
_PROPOSED_BY = re.compile(CREDITED_BY + r"\s*$")
# Words that name nothing: "the VARIOUS sectors of society" only repeats "which sectors of society".
_VAGUE = frozenset(stem(w) for w in "various respective relevant appropriate possible".split())
# A word every question shares (qa.words) that alone names who acts: "States" answers "Whom will the Centre assist?"
# unless the question names them itself.
_STATES = stem("States")
_BARE_NAMES = frozenset({_STATES})
# How much more a span of a strict type (qa/question.py) counts when the question asks for that type.
STRICT_WEIGHT = 3.0
_UNTYPED = (PHRASE, CLAUSE, PEOPLE)
_NAMES = (BODY, INSTRUMENT)
# A name's head with its first complement: "Conference of the Parties" of "Conference of the Parties to the Convention".
_NAMED_BY_HEAD = re.compile(r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* (?:of|on|for|against|to|in) (?:the |a )?[A-Z][\w’'-]*")
# Nouns that titles answer whatever words the titles hold: "which publications" -> "the Handbook on Justice for Victims".
_PUBLICATIONS = frozenset(stem(w) for w in "publication publications document documents".split())
# How much a span right after the question's head noun counts as built on it ("data on crime, IN CONSULTATION WITH
# interested States" for "what data"), against a span holding that noun.
NEAR_HEAD = 0.7
_PURPOSE_BEFORE = re.compile(r"\b(?:with a view to|in order to|so as to|aimed at|designed to|intended to)\s*$")
_EXAMPLE = stem("example")
# The prepositions whose object completes a noun rather than names what the phrase is: "the global PROGRAMME against
# corruption" is a programme (non-test factoid F1 points +1.2).
_POST_MODIFIER = frozenset(("of", "against", "for", "on"))
# What completes the head noun a span ends on: "the global programme AGAINST CORRUPTION" for "under which programme".
_HEAD_COMPLEMENT = re.compile(
    r" (?:against|of|on|for) (?:[\w-]+ ){0,4}?[\w-]+(?=[,;:.]|$| (?:and|or|to|in|by|with|from|as|which|that|under)\b)"
)
# "Which practice is expressly included ...?", "... given as an example", "Name a traditional crime ...": what follows
# "including", "such as".
_EXAMPLES_ASKED = re.compile(r"\b(?:included|examples?)\b|^name (?:a|an|one)\b", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")
# A noun phrase's head before "of": "the IMPLEMENTATION of".
_OF_LEAD = re.compile(r"(?:the |an? )?([a-z][\w-]*) of\s+")
_NOUN_BEFORE_BY = re.compile(r"(\w+) by (?:the |a |an )?$")
# How far before a candidate the word before its "by" is looked for: longer than any word and "by the ".
_BEFORE_BY_WINDOW = 60
_TAIL_PREPOSITION = re.compile(r",? (?:in|into|at|within) ")
# A question for a body of the United Nations, which States are not.
_UNITED_NATIONS_BODY = re.compile(
    r"\b(?:UN|United Nations)\s+(?:[\w-]+\s+)?(?:body|bodies|entity|entities|office|organ|organs|agency|agencies)\b"
)
_EXAMPLE_MARKERS = frozenset((("such", "as"), ("for", _EXAMPLE), ("for", stem("instance"))))


@dataclass(frozen=True)
class UnitReading:
    """What the reader saw in one unit: its best spans and how well it covers the question's words."""

    unit_id: str
    spans: list[Span]
    coverage: float
    kinds: frozenset[str]  # answer types found among the unit's candidate spans


class ExtractiveReader:
    def __init__(self, encoder: Encoder, weights: ReaderWeights = DEFAULT_WEIGHTS, with_linguistics: bool = True) -> None:
        self.tokens = TokenEmbedder(encoder)
        self.weights = weights
        self.with_linguistics = with_linguistics
        self._prepared: dict[str, _PreparedUnit] = {}

    def expect(self, questions: Sequence[str], units: Sequence[Sequence[Unit]]) -> None:
        """Told the questions of a batch and the units each is likely to read (those retrieved for it) before reading
        for any of them, the reader parses at once those it will need the parse of: the questions sharing a word
        with the verbs and action nouns of their units' candidates, as `run` decides (a unit not read before counts as
        sharing one). A question read in other units than foreseen is parsed when it is read."""
        if self.with_linguistics and len(questions) > 1:
            parse_questions_ahead([q for q, read in zip(questions, units) if self._may_parse(q, read)])

    def _may_parse(self, question: str, units: Sequence[Unit]) -> bool:
        prepared = [self._prepared.get(u.text) for u in units]
        if any(p is None for p in prepared):
            return True
        return not frozenset().union(*(p.acts for p in prepared)).isdisjoint(_word_stems(question))

    def read(self, question: str, units: Sequence[Unit], top_k: int = 5) -> list[Span]:
        readings = self.run(question, units)
        spans = [s for r in readings for s in r.spans]
        return sorted(spans, key=lambda s: -s.score)[:top_k]

    def run(
        self,
        question: str,
        units: Sequence[Unit],
        per_unit: int = 3,
        question_vectors: np.ndarray | None = None,
        unit_tokens: Sequence[TokenVectors] | None = None,
    ) -> list[UnitReading]:
        """Per unit, in the given (retrieval) order: its best spans and its coverage of the question.
        Token vectors already computed (question content tokens, cached unit tokens) are reused."""
        if not units:
            return []
        if question_vectors is None:
            question_vectors = content_token_vectors(question, self.tokens.embed([question])[0])
        if unit_tokens is None:
            unit_tokens = self.tokens.embed([u.text for u in units])
        prepared_units = [self._prepare(unit.text, tokens.offsets) for unit, tokens in zip(units, unit_tokens)]
        # The question is parsed for the verbs it asks the object of only when a unit read has a candidate that one
        # of its words acts on: the parse is most of the time spent on a new question.
        acted = frozenset().union(*(p.acts for p in prepared_units))
        asked = _Asked.of(question, self.with_linguistics and not acted.isdisjoint(_word_stems(question)))
        readings = []
        for rank, (unit, tokens, prepared) in enumerate(zip(units, unit_tokens, prepared_units), start=1):
            similarity = tokens.vectors @ question_vectors.T if len(question_vectors) else np.zeros((len(tokens.offsets), 1))
            relevance = similarity.max(axis=1) if similarity.size else np.zeros(len(tokens.offsets))
            scores = self._scores(prepared, relevance, asked, rank)
            spans, seen = [], set()
            for i in np.lexsort((prepared.ends, prepared.starts, -scores)):
                start, end = self._bounds(unit.text, prepared.candidates[i], asked)
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                spans.append(Span(unit.unit_id, start, end, unit.text[start:end], float(scores[i])))
                if len(spans) == per_unit:
                    break
            readings.append(UnitReading(unit.unit_id, spans, _coverage(similarity), prepared.kinds))
        return readings

    def _bounds(self, text: str, candidate: Candidate, asked: _Asked) -> tuple[int, int]:
        """Where the candidate's answer begins and ends. A conjunct is answered with its whole coordination:
        the best-scored member of "officials, the general public and potential migrants" is rarely the only
        one asked for (training F1 0.755 -> 0.769); the words that introduce it are left out (-> 0.777). A phrase
        or clause that cuts a coordination takes its other members (non-test factoid F1 points +9), also where the
        parser missed the list ("advisory services, needs assessment, capacity-building ..."); it ends before a
        run-on object ("strategies MEASURES to ..."), and "other methods of X" after a list is answered by the
        methods listed; a typed span ("Where necessary", "56/261") is whole as it is."""
        start, end = candidate.start, candidate.end
        kind = asked.kind
        if candidate.kind == SYMBOL and kind.expected == (SYMBOL,):
            # "What document symbol does Finland's proposal carry?" asks for the symbol alone: not the paragraph cited
            # with it ("E/CN.15/2001/L.7, para. 6"), nor what the coordination adds ("and corrigendum").
            cited = _CITED_PARAGRAPH.search(text, start, end)
            return start, cited.start() if cited else end
        if self.with_linguistics:
            start, end = whole_coordination(text, start, end, kind.head)
            if candidate.kind in _UNTYPED:
                start, end = listed_members(text, *completed_coordination(text, *without_run_on_object(text, start, end)))
                start, end = without_next_measure(text, start, end)
            if candidate.kind == PHRASE:
                # A noun phrase's answer ends before what it is for (non-test factoid F1 points +2.4).
                start, end = without_infinitive(text, start, end)
            if kind.head and candidate.kind in _UNTYPED:
                # "urban AREAS and measures ..." for "in which areas" (non-test factoid F1 points +5.2).
                start, end = ending_at_head(text, *members_before_other(text, start, end), kind.head)
        # A body or programme asked for by its noun is named in full; "what kind of X" asks only for what qualifies X.
        if kind.head and kind.expected != (PHRASE,) and candidate.kind in _UNTYPED:
            complement = _HEAD_COMPLEMENT.match(text, end)
            if complement and stem(text[max(0, end - 40):end].rsplit(None, 1)[-1]) == stem(kind.head):
                end = complement.end()
        lead = (
            _LEAD_IN.match(text, start, end)
            or (_CONDITION_FIRST.match(text, start, end) if CONDITION not in kind.expected else None)
            or (_POSSESSED.match(text, start, end) if kind.possessor else None)
            or (_EVALUATIVE.match(text, start, end) if kind.expected == (PHRASE,) and kind.head else None)
        )
        if kind.head and candidate.kind in _UNTYPED and not lead:
            lead = _before_head_phrase(text, start, end, kind.head)
        if lead and lead.end() < end:
            start = lead.end()
        elif self.with_linguistics and candidate.kind in (*_UNTYPED, TASK):
            # "PROMOTING the re-education ..." for "What should States promote?" (non-test factoid F1 points +1.1).
            start = after_restated_lead(text, start, end, asked.stems)
        if candidate.kind in _UNTYPED:
            end = _without_restated_tail(text, start, end, asked)
        return without_set_aside(text, start, end, asked.set_aside) if asked.set_aside else (start, end)

    def _prepare(self, text: str, offsets: np.ndarray) -> _PreparedUnit:
        """Everything about a unit's candidates that does not depend on the question, computed once."""
        prepared = self._prepared.get(text)
        if prepared is None:
            prepared = _PreparedUnit.of(text, offsets, candidates(text, self.with_linguistics), self.weights.context_window)
            self._prepared[text] = prepared
        return prepared

    def _scores(self, unit: _PreparedUnit, relevance: np.ndarray, asked: _Asked, rank: int) -> np.ndarray:
        w, kind = self.weights, asked.kind
        if not unit.candidates:
            return np.zeros(0)
        # Context: the best three question matches next to the span but outside it.
        near = np.where(unit.window, relevance[None, :], -np.inf)
        top = -np.sort(-near, axis=1)[:, :3]
        finite = np.isfinite(top)
        context = np.where(finite, top, 0.0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1)
        inner = (unit.inside @ relevance) / np.maximum(unit.inside.sum(axis=1), 1)
        # What a verb asks someone to do answers only what the question asks be done ("encourage States to do"), and
        # answers it as surely as a date answers "when": the unit holding it is read past retrieval's first.
        # Asked of someone else, it answers by half ("invites the Secretary-General to ..." for "invite Governments").
        task_weight = STRICT_WEIGHT * (0.5 + 0.5 * unit.asked_of(asked.addressee)) if asked.task else 1.0
        type_match = np.where(unit.kinds_of == TASK, task_weight * unit.acted_on_by(asked.task), _type_match(unit, kind))
        if asked.examples:
            type_match = np.maximum(type_match, unit.headed.get(_EXAMPLE, 0.0))
        if asked.united_nations_body:
            type_match = np.where(unit.only_states(), 0.0, type_match)
        if kind.wants_provenance and kind.expected == (COUNTRY,):
            # "Who suggested ...?" is answered by the country a proposal is credited to, in a footnote, not by one the
            # measure names ("for consideration by Member States").
            type_match = np.where(unit.kinds_of == COUNTRY, STRICT_WEIGHT * unit.near(_PROPOSED_BY), type_match)
        if asked.owner is not None and kind.expected[0] == PARAGRAPH:
            # "Which paragraph of the Vienna Declaration": a paragraph of another text is half an answer.
            type_match = np.where(unit.kinds_of == PARAGRAPH, type_match * (0.5 + 0.5 * unit.near(asked.owner)), type_match)
        asked_preposition = _among(unit.prepositions, kind.prepositions)
        if "by" in kind.prepositions and DEADLINE not in kind.expected:
            # "by 2002 where possible" sets a deadline, no means ("How are the plans to be funded?").
            asked_preposition &= ~np.isin(unit.starts, unit.starts[unit.kinds_of == DEADLINE])
        if kind.prepositions == (PASSIVE_AGENT,):
            # Who did what the question asks about: the agent of its verb, not of any passive.
            asked_preposition &= unit.verbs == asked.agent_of
            # Or of its noun: "recruitment BY criminal groups" for "By whom may juveniles be recruited?".
            asked_preposition |= unit.by_agent_of_noun({asked.agent_of})
        elif PEOPLE in kind.expected and not kind.prepositions:
            # "Who might recruit young people?" is answered by the agent of "recruitment by criminal groups" too; not
            # "action by the Commission" for "Who is to prepare plans of ACTION?", where the question has the noun.
            asked_preposition |= unit.by_agent_of_noun(asked.stems, besides=asked.lowered)
        # Typed answers are short; a reason or a clause answer should be a clause, not the whole unit.
        length = -np.abs(np.log1p(unit.words) - np.log1p(12 if kind.expected[0] in (CLAUSE, REASON) else 4))
        return (
            w.type_match * type_match
            + w.context * context
            + w.inside * inner
            - w.overlap * np.maximum(unit.overlap(asked.stems, asked.head_phrase), unit.named_in(asked.lowered))
            + w.unit_rank / rank
            + w.length * length
            + w.verb_object * unit.objects_of(asked.stems)
            + w.asked_verb * unit.acted_on_by(asked.verbs | asked.task)
            + w.preposition * asked_preposition
            # What a measure is subject to ("the availability of resources") answers only a question for a condition,
            # or one asking with its preposition ("in conformity with what").
            - (CONDITION not in kind.expected) * (unit.conditional & ~asked_preposition)
        )


@dataclass(frozen=True)
class _Asked:
    """What the reader takes from a question, once for all the units it reads."""

    kind: QuestionType
    stems: frozenset[str]  # its content stems that an answer should not repeat
    head_phrase: frozenset[str]
    verbs: frozenset[str]  # the verbs whose object it asks for
    task: frozenset[str]  # the verbs that ask someone to do what it asks for
    addressee: frozenset[str]  # the content stems of whom they ask ("govern" in "invite Governments to do")
    examples: bool  # it asks what is included or given as an example
    united_nations_body: bool  # it asks for a body of the United Nations ("Which UN body ...?")
    owner: re.Pattern[str] | None  # how a text names the document it asks a paragraph of
    set_aside: frozenset[str]  # the stems of what it sets aside ("besides experts")
    agent_of: str  # the stem of the verb whose doer it asks for ("adopt" of "Who adopted ...?"), or ""
    lowered: str  # the question in lower case

    @classmethod
    def of(cls, question: str, parse_verbs: bool) -> _Asked:
        kind = analyse(question)
        task = asked_task(question) if parse_verbs else None
        # The noun a count is of is no overlap: "six meetings" answers "how many meetings"; nor are the words of
        # the head's phrase: "93rd plenary meeting" answers "which plenary meeting".
        head_phrase = _head_phrase(kind)
        stems = frozenset(
            content_stems(question) - head_phrase - ({stem(kind.counted)} if kind.counted else set())
            | _word_stems(question) & _BARE_NAMES
        )
        return cls(
            kind, stems, head_phrase,
            asked_verbs(question) if parse_verbs else frozenset(),
            task.verbs if task else frozenset(), task.addressee if task else frozenset(),
            bool(_EXAMPLES_ASKED.search(question)), bool(_UNITED_NATIONS_BODY.search(question)), paragraph_owner(question),
            set_aside(question),
            stem(agent) if (agent := agent_verb_asked(question)) else "",
            question.lower(),
        )


@dataclass(frozen=True)
class _PreparedUnit:
    text: str
    candidates: list[Candidate]
    starts: np.ndarray  # (candidates,) character offsets
    ends: np.ndarray
    kinds_of: np.ndarray  # str (candidates,): each candidate's answer type
    stem_counts: np.ndarray  # (candidates,): number of distinct content stems of each candidate
    containing: dict[str, np.ndarray]  # content stem -> indices of the candidates that contain it
    headed: dict[str, np.ndarray]  # stem -> (candidates,): 1 if it is the first or last word, NEAR_HEAD among the 5 before
    words: np.ndarray  # word count of each candidate
    verbs: np.ndarray  # str (candidates,): stem of the verb each candidate is the object of, or ""
    prepositions: np.ndarray  # str (candidates,): the preposition each candidate follows, or ""
    nouns_before_by: np.ndarray  # str (candidates,): for a candidate after "by", the word before it, lower case, or ""
    actions: np.ndarray  # str (candidates,): stem of the action noun each candidate is the "of" object of, or ""
    inside: np.ndarray  # (candidates, tokens): the token lies in the candidate
    window: np.ndarray  # (candidates, tokens): the token is near the candidate but not in it
    kinds: frozenset[str]
    conditional: np.ndarray  # bool (candidates,): the candidate lies within a condition ("subject to the availability ...")
    acts: frozenset[str]  # the stems of `verbs` and `actions`, "" left out
    name_heads: tuple[str, ...]  # each name's head with its first complement, lower case ("conference of the parties"), or ""

    @classmethod
    def of(cls, text: str, offsets: np.ndarray, found: list[Candidate], context_window: int) -> _PreparedUnit:
        starts = np.array([c.start for c in found], dtype=np.int64)
        ends = np.array([c.end for c in found], dtype=np.int64)
        inside = (
            (offsets[None, :, 0] < ends[:, None]) & (offsets[None, :, 1] > starts[:, None]) if found
            else np.zeros((0, len(offsets)), bool)
        )
        window = np.zeros_like(inside)
        for row in range(len(found)):
            positions = np.flatnonzero(inside[row])
            if len(positions):
                window[row, max(positions[0] - context_window, 0):positions[-1] + context_window + 1] = True
        window &= ~inside
        containing: dict[str, list[int]] = {}
        headed: dict[str, np.ndarray] = {}
        counts, words = [], []
        for i, c in enumerate(found):
            span_words = [stem(x) for x in WORD.findall(text[c.start:c.end])]
            span_stems = content_stems(text[c.start:c.end]) - _VAGUE or set(span_words) & _BARE_NAMES
            for word in span_stems:
                containing.setdefault(word, []).append(i)
            # Only candidates that have words can be built on a head noun.
            preceding = text[max(0, c.start - 40):c.start]
            # What follows "with a view to" is a purpose, no kind of the noun before it.
            purpose = _PURPOSE_BEFORE.search(preceding)
            before = [stem(x) for x in WORD.findall(preceding)[-5:]] if span_words and not purpose else []
            # The noun a complement ("of", "against" ...) hangs on heads the span too: "the official LANGUAGES of the
            # United Nations".
            of_heads = [span_words[i - 1] for i in range(1, len(span_words)) if span_words[i] in _POST_MODIFIER]
            # A span with an "of" complement is built on the noun before "of", not on its last word: "their overall
            # level of extrabudgetary contributions" is no kind of contributions.
            # Members listed after the noun ("sectors of society, including justice, health ...") are of its kind.
            near = 1.0 if before[-1:] == ["includ"] or before[-2:] == ["such", "as"] else NEAR_HEAD
            for word in before:
                headed.setdefault(word, np.zeros(len(found)))[i] = near
            # What follows "such as", "for example (by using)" is what "what examples ...?" asks for.
            if any(pair in _EXAMPLE_MARKERS for pair in zip(before[-4:], before[-3:])) or before[-1:] == ["includ"]:
                headed.setdefault(_EXAMPLE, np.zeros(len(found)))[i] = 1.0
            for word in {*span_words[:1], *(of_heads[:1] or span_words[-1:])}:
                headed.setdefault(word, np.zeros(len(found)))[i] = 1.0
            counts.append(len(span_stems))
            words.append(len(span_words))
        return cls(
            text, found, starts, ends, np.array([c.kind for c in found]), np.array(counts, dtype=np.float64),
            {word: np.array(rows, dtype=np.int64) for word, rows in containing.items()}, headed,
            np.array(words, dtype=np.float64), np.array([stem(c.verb) if c.verb else "" for c in found]),
            np.array([c.preposition for c in found]),
            np.array([(noun.group(1).lower() if (noun := _noun_before_by(text, c)) else "") for c in found]),
            np.array([stem(c.action) if c.action else "" for c in found]),
            inside.astype(np.float64), window, frozenset(c.kind for c in found),
            np.array([any(k.kind == CONDITION and k.start <= c.start and c.end <= k.end for k in found) for c in found], dtype=bool),
            frozenset(stem(v) for c in found for v in (c.verb, c.action) if v),
            tuple(
                named.group(0).lower() if c.kind in _NAMES and (named := _NAMED_BY_HEAD.match(text, c.start, c.end)) else ""
                for c in found
            ),
        )

    def named_in(self, question: str) -> np.ndarray:
        """1 for a name whose head and first complement the question names: "Conference of the Parties to the
        Convention" for "... rules and procedures for the Conference of the Parties?" is the question's own body."""
        return np.array([bool(head) and head in question for head in self.name_heads], dtype=np.float64)

    def by_agent_of_noun(self, verbs: Collection[str], besides: str = "") -> np.ndarray:
        """True for a candidate after "by" that follows a noun of the stem of one of `verbs` ("recruitment by
        criminal groups" for "recruit"), a noun that `besides` does not hold as such."""
        found = np.zeros(len(self.candidates), dtype=bool)
        for row in np.flatnonzero(self.nouns_before_by != ""):
            noun = str(self.nouns_before_by[row])
            found[row] = stem(noun) in verbs and not re.search(rf"\b{noun}\b", besides)
        return found

    def only_states(self) -> np.ndarray:
        """True for a candidate that names nothing but States (the only content stem `_BARE_NAMES` gives)."""
        found = np.zeros(len(self.candidates), dtype=bool)
        found[self.containing.get(_STATES, [])] = True
        return found

    def near(self, words: re.Pattern[str]) -> np.ndarray:
        """1 for a candidate that `words` follow within 60 characters or precede within 40 ("paragraph 11 of the
        Vienna Declaration", "(E/CN.15/2001/L.8, para. 83)"), else 0."""
        return np.array([
            bool(words.search(self.text, int(end), int(end) + 60) or words.search(self.text, max(0, int(start) - 40), int(start)))
            for start, end in zip(self.starts, self.ends)
        ], dtype=np.float64)

    def objects_of(self, question_stems: frozenset[str]) -> np.ndarray:
        """1 for a candidate that a verb of the question acts on ("provide" in "What will the Centre provide?")."""
        return _among(self.verbs, question_stems).astype(np.float64)

    def asked_of(self, addressee: frozenset[str]) -> np.ndarray:
        """1 for a candidate asked of someone among `addressee` (`addressee_stems`), or of nobody named on either side;
        0 for one asked of someone else."""
        if not addressee:
            return np.ones(len(self.candidates))
        return np.array(
            [not c.addressee or not addressee.isdisjoint(addressee_stems(c.addressee)) for c in self.candidates], dtype=np.float64
        )

    def acted_on_by(self, verbs: frozenset[str]) -> np.ndarray:
        """1 for a candidate that one of `verbs` acts on, directly or through its noun ("data" in "the collection of
        data" for "collect"), or as "including" does what "is included" asks for ("Which practice is included among
        the proposals the meeting will examine?")."""
        included = _among(self.prepositions, ("including",)) if "includ" in verbs else False
        return (_among(self.verbs, verbs) | _among(self.actions, verbs) | included).astype(np.float64)

    def overlap(self, question_stems: frozenset[str], head_phrase: frozenset[str] = frozenset()) -> np.ndarray:
        """Share of each candidate's content stems that the question already contains (1 for none at all). The
        words of the question's head phrase are no overlap, but a span of nothing else repeats the question
        ("requests" for "what kind of requests", "the international database" for "whose international database"),
        and so does a span of nothing but the question's words."""
        shared = np.zeros(len(self.candidates))
        in_phrase = np.zeros(len(self.candidates))
        for word in question_stems | head_phrase:
            if word in self.containing:
                shared[self.containing[word]] += 1
                if word in head_phrase:
                    in_phrase[self.containing[word]] += 1
        # "Disseminate internationally agreed materials" for "What kinds of internationally agreed materials will
        # the Centre disseminate?".
        repeated = shared >= self.stem_counts
        shared -= np.where(self.stem_counts > in_phrase, in_phrase, 0.0)
        return np.where((self.stem_counts > 0) & ~repeated, shared / np.maximum(self.stem_counts, 1), 1.0)


def _noun_before_by(text: str, candidate: Candidate) -> re.Match[str] | None:
    """The word before the "by" a candidate follows ("recruitment" of "recruitment by criminal groups")."""
    if candidate.preposition != "by":
        return None
    return _NOUN_BEFORE_BY.search(text, max(0, candidate.start - _BEFORE_BY_WINDOW), candidate.start)


def _before_head_phrase(text: str, start: int, end: int, head: str) -> re.Match[str] | None:
    """The words before the "of" that a phrase on the question's head follows: "the implementation of" of "the
    implementation of the global programme against trafficking" for "Which global programme ...?"."""
    lead = _OF_LEAD.match(text, start, end)
    if lead is None or stem(lead.group(1)) == stem(head):
        return None
    following = WORD.findall(text, lead.end(), min(end, lead.end() + 60))[:5]
    return lead if stem(head) in {stem(w) for w in following} else None


def _without_restated_tail(text: str, start: int, end: int, asked: _Asked) -> int:
    """Where the span ends without a closing place the question names word for word: "an integrated strategy ... for
    juvenile justice" for "What should States incorporate IN NATIONAL DEVELOPMENT PLANS?"."""
    tail = None
    for tail in _TAIL_PREPOSITION.finditer(text, start, end):
        pass
    if tail is None or text[tail.start():end].strip(" ,").lower() not in asked.lowered:
        return end
    # A complement the question repeats with its noun is no place ("trafficking in persons"), and an answer ends on a
    # word of its own ("... young people who are").
    before = text[start:tail.start()]
    last = before.split()[-1] if before.strip() else ""
    if not content_stems(last) or f"{last}{text[tail.start():end]}".lower() in asked.lowered:
        return end
    return tail.start() if not content_stems(before) <= asked.stems else end


def _word_stems(question: str) -> set[str]:
    """The stems of every word of the question, and of each alphabetic part of a word (the parser splits
    "re-educate"): all the verbs `asked_verbs` and `asked_task` can find are among them."""
    stems = {stem(w) for w in (*WORD.findall(question), *_LETTERS.findall(question))}
    return stems | DIRECTIVES if stems & DIRECTIVES else stems


def _among(values: np.ndarray, wanted: Collection[str]) -> np.ndarray:
    """`np.isin(values, wanted)` for the few words a question asks with: one comparison per word is several times
    faster than `isin`'s sorting of strings, and the reader makes some ten such tests per unit it reads."""
    found = np.zeros(len(values), dtype=bool)
    for word in wanted:
        found |= values == word
    return found


def _type_match(unit: _PreparedUnit, kind: QuestionType) -> np.ndarray:
    """1 for a span of the type asked for; a phrase built on the question's head noun ("time-bound targets"
    for "what kind of targets", "ministries of justice ..." for "which ministries") or listing its members
    ("sectors of society, including justice, health ...") counts as that type, and any noun phrase half
    counts for a clause answer. A number of something else than a "how many" question counts half counts,
    and for the strict types (dates, numbers, articles ...) a match weighs STRICT_WEIGHT times."""
    phrase = unit.kinds_of == PHRASE
    match = _among(unit.kinds_of, kind.expected).astype(np.float64)
    if kind.head:
        head = stem(kind.head)
        on_head = unit.headed.get(head, np.zeros(len(unit.candidates)))
        holding = unit.containing.get(head, np.zeros(0, dtype=np.int64))
        if kind.expected == (PHRASE,):
            match = np.where((on_head > 0) & (phrase | (unit.kinds_of == CLAUSE)), on_head, np.where(phrase, 0.3, 0.0))
            # A title holding the noun names one: "the Global Programme against Money-Laundering" for "which global programme".
            match[holding] = np.maximum(match[holding], 2.0 * _among(unit.kinds_of[holding], _NAMES))
            if head in _PUBLICATIONS:
                match = np.maximum(match, 2.0 * (unit.kinds_of == INSTRUMENT))
            return match
        # "Which protocol ...": a name of the type asked for is twice as welcome when it holds that noun; a title that
        # holds it names one whatever its type ("the Global Programme against Money-Laundering" for "which programme").
        match[holding] = np.maximum(match[holding], _among(unit.kinds_of[holding], _NAMES)) * 2.0
        # Bodies and countries may be named by a phrase built on that noun ("the institutes of the ... network",
        # "developing countries", "requesting States"); instruments are named by their titles ("the Declaration" is no answer).
        if COUNTRY in kind.expected:
            match = np.maximum(match, (on_head > 0) & (phrase | (unit.kinds_of == PEOPLE)))
        return match
    if kind.expected == (CLAUSE,):
        match[phrase] = 0.5
    if kind.counted:
        # "how many additional plans": a number of something else ("one meeting") is a weaker answer.
        counted = count_of(kind.counted)
        for row in np.flatnonzero(unit.kinds_of == NUMBER):
            if not counted.match(unit.text, int(unit.starts[row])):
                match[row] = 0.5
    if kind.expected[0] in STRICT_TYPES or (kind.wants_source and kind.expected[0] == RESOLUTION):
        # An answer of the type asked for beats any other span: "which article" is answered by an article, "which
        # resolution contains the Convention" by a resolution.
        match *= STRICT_WEIGHT
    return match


def _head_phrase(kind: QuestionType) -> frozenset[str]:
    """The stems of the question's head noun and the words before it ("which PLENARY MEETING")."""
    return frozenset(stem(word) for word in (kind.head, *kind.head_modifiers) if word) if kind.head else frozenset()


def _coverage(similarity: np.ndarray) -> float:
    """How well the unit covers the question's worst-covered content words (mean of the two lowest)."""
    if similarity.size == 0:
        return 0.0
    per_question_token = np.sort(similarity.max(axis=0))
    return float(per_question_token[:2].mean())
