"""What the texts must state before some questions can be answered at all.

These plans name measures, bodies and instruments; they rarely state amounts of money, penalties, ages,
definitions, counts, percentages, votes, deadlines, durations, frequencies, places, people's names or which countries
did something (a date in them is more often that of a resolution than a time limit). A question asking for
one of those ("What penalty does the plan set for money-laundering?", "How many members sit on the
Committee?") is answered only when a unit read for it states such a fact; otherwise the closest passages
would be presented as an answer they are not. The rules were written on the development and training
questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corpus import Unit
from qa.candidates import candidates
from qa.question import COUNTRY
from qa.words import content_stems, stem

NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|hundred|thousand|million"
_AMOUNT = re.compile(r"US\$|\$\s?\d|\b(dollars?|euros?|million|billion)\b", re.IGNORECASE)
_MONEY = frozenset("money funding funds budget".split())


# A country is credited with a proposal in the draft's footnotes ("Proposal by Canada"); with anything else
# ("Which countries objected / co-sponsored / ratified ...?") only where the text says so in the same unit.
_PROPOSING = r"proposed|suggested|tabled|submitted|made"
_SAID_OF = (
    (r"donat\w*|donors?", r"\bdono?rs?\b|\bdonat"), (r"contribut\w*", r"\bcontribut"), (r"objected", r"\bobject"),
    (r"opposed", r"\boppos"), (r"co-?sponsor\w*|sponsored", r"sponsor"), (r"ratified", r"\bratif"),
    (r"signed|signator(?:y|ies)", r"\bsign(?:ed|ator|ature)"), (r"voted", r"\bvot(?:e|ed|es|ing)\b"),
    (r"pledged", r"\bpledg"), (r"funded|funders?", r"\bfund(?:ed|ers?|ing)\b"), (r"acceded", r"\bacce(?:ded|ssion)\b"),
    (r"pays?|paid", r"\bpa(?:y|ys|id)\b"), (r"attended|participated", r"\battend|\bparticipat"),
)
# "Which countries donated / objected / ratified ...?", "which delegation tabled ...?" ask for named
# countries; the plans mostly speak of States in general ("requesting States", "developing countries").
_WHICH_COUNTRIES_DID = re.compile(
    r"\bwhich (countries|country|states?|member states?|governments?|delegations?)"
    r"( (?!(?:should|must|shall|can|could|may|might|would)\b)\w+){0,3} "
    rf"({'|'.join(asked for asked, _ in _SAID_OF)}|{_PROPOSING})\b"
)
# The plans name bodies and offices, never people: a name would follow a title ("Mr. ...").
_PERSONAL_NAME = r"\b(Mr|Mrs|Ms|Dr|Judge|Ambassador|H\.\s?E)\.?\s+[A-Z][a-z]+"
_ANY_COUNTRY = frozenset(("states", "state", "member states", "countries", "country", "governments", "government"))


@dataclass(frozen=True)
class Need:
    """A kind of fact: what an abstention calls it, the questions that ask for it, how a text states it."""

    name: str
    asked: re.Pattern[str]
    stated: re.Pattern[str]
    # Stated of the event asked about only in the closest units: "held in Vienna" further down is another meeting.
    of_the_closest: bool = False


NEEDS = (
    Need(
        "an amount of money",
        re.compile(
            r"\bhow much (money|funding|funds)\b|\bwhat (annual |overall |total )?(budget|sum|amount of money|funding)\b"
            r"|\bhow (big|large)\b.*\b(funds?|budgets?|grants?|contributions?)\b"
            r"|\bwhat is the (annual |yearly |overall |total )?budget\b|\b(annual|yearly) (budget|funding|allocation)\b"
            r"|\b(monetary|cash|financial) (threshold|limit)s?\b|\b(daily|subsistence) allowances?\b"
            r"|\bhow much (\w+ ){0,3}(allocat\w*|budget\w*|pledg\w*|pa(y|ys|id)|spen[dt]\w*|costs?|invest\w*|donat\w*)\b"
            r"|\b(above|below|over|under|exceeding) what (\w+ )?(amount|sum|value|threshold|limit)\b"
            r"|\bwhat (\w+ )?(amount|sum) (of|must|should|is|are|does|do)\b"
        ),
        _AMOUNT,
    ),
    Need(
        "a penalty",
        re.compile(
            r"\bwhat (criminal )?(penalt(y|ies)|punishments?|sanctions?|(prison )?sentences?)\b|\bwhat is the punishment\b"
            r"|\bhow (many years|long) in (prison|jail)\b|\b(prison|jail) (terms?|sentences?)\b"
            r"|\b(max(imum)?|minimum) (sentences?|penalt(y|ies)|fines?)\b"
        ),
        # A penalty itself, not the mention of one ("alternatives to imprisonment", "appropriate penalties").
        re.compile(
            r"\b(imprisonment|fines?|penalt(y|ies)|sentences?) (of|for a term)\b|\b(punishable|punished) (by|with)\b"
            r"|\bsentenced to\b|\b\d+ (years?|months?) (in prison|of imprisonment)\b",
            re.IGNORECASE,
        ),
    ),
    Need(
        "a percentage",
        # Not the verb after a subject: "What should States share on trafficking?".
        re.compile(
            r"\b(what|which) ((?!(should|will|must|can|could|would|may|might|shall|do|does|did|are|is|was|were)\b)\w+ ){0,2}"
            r"(percentage|proportion|rate|share|fraction)s?\b|\bhow many per ?cent\b"
        ),
        re.compile(rf"\d\s?%|\b(\d[\d.,]*|{NUMBER_WORDS}) per ?cent\b", re.IGNORECASE),
    ),
    Need(
        "who chaired or presided",
        re.compile(r"\bwho (\w+ ){0,2}(chair(s|ed)?|presid(es|ed))\b"),
        # A role answers it as well as a name ("its first Vice-Chairman, who also served as Chairman").
        re.compile(rf"{_PERSONAL_NAME}|\b(Chair(man|person|woman)?|Vice-Chair(man|person)?|President)\b|\b(chaired|presided)\b"),
        of_the_closest=True,
    ),
    Need(
        "the name of a person",
        re.compile(
            r"\b(name of|who (is|was|will be|were)) the (\w+ ){0,2}(chair(man|person|woman)?|vice-chair(man)?|president|director"
            r"|head|secretary|rapporteur|minister|official|executive director)\b"
            r"|\bwhich (\w+ ){0,2}(official|person|individual|minister|diplomat|ambassador|judge)\b"
        ),
        re.compile(_PERSONAL_NAME),
    ),
    Need(
        "an age",
        re.compile(r"\bwhat (\w+ ){0,2}age\b|\bage limit\b|\bhow old\b"),
        re.compile(r"\b\d+ years (of age|old)\b|\bage of \d+\b"),
    ),
    Need(
        "a deadline",
        re.compile(r"\b(by|until) (when|what (date|year|time))\b|\bby which (date|year)\b|\bdeadline\b|\btarget (date|year)\b"),
        # "As soon as possible" answers "how soon", which is not asked for here, but sets no deadline.
        re.compile(
            r"\b(by|before|until|no later than) (the (end|year) of |the year )?(\d{1,2} \w+ )?\d{4}\b|\bdeadline\b",
            re.IGNORECASE,
        ),
    ),
    Need(
        "a vote",
        re.compile(
            r"\b(recorded vote|vote count|how many votes|voting record|votes? (in favour|against))\b|\bhow did \w+ vote\b"
            r"|\bwhat (was|were) the (\w+ )?(vote|votes|voting)\b"
        ),
        re.compile(r"\b(votes?|voted|voting)\b|\bin favour\b|\babstentions?\b", re.IGNORECASE),
    ),
    Need(
        "a length of time",
        re.compile(
            r"\b(maximum|minimum) (length|duration|period|term)\b|\bhow long (may|can|should|must|will|is|are)\b|\bfor how long\b"
            r"|\bstatutes? of limitations?\b|\blimitation periods?\b"
        ),
        re.compile(rf"\b(\d+|{NUMBER_WORDS}) (days?|weeks?|months?|years?)\b", re.IGNORECASE),
    ),
    Need(
        "a frequency",
        re.compile(r"\bhow (often|frequently)\b|\bat what intervals?\b|\b(what|which) frequency\b|\bhow many times a\b"),
        # "The regular collection and analysis of data" says how often, if loosely.
        re.compile(
            r"\b(annually|yearly|biennially|biennial|periodically|regularly|regular|each year|every (\w+ )?(years?|months?"
            r"|weeks?|sessions?)|(once|twice) a (year|month)|per (year|annum)|at regular intervals)\b",
            re.IGNORECASE,
        ),
    ),
    Need(
        "a place",
        re.compile(
            r"\bin (which|what) (\w+ (or|and) )?(city|town|place|venue|building)\b|\bwhich (\w+ )?(cities|towns)\b"
            r"|\bwhere\b.*(?<!-)\b(held|located|based|hosted|take place|took place|meet|convened|headquartered|headquarters"
            r"|situated|seated)\b"
        ),
        re.compile(
            r"\b(held|located|based|hosted|convened|meet|met|headquartered|headquarters|take place|took place|situated|seated)\b"
            r"[^.;]{0,40}?\b(in|at) [A-Z][a-z]+"
        ),
        of_the_closest=True,
    ),
    Need(
        "a definition",
        re.compile(
            r"\bhow (does|do|did) .*\bdefine\b|\bwhat is the definition\b|\bhow (is|are|was|were) .*\bdefined\b"
            r"|\bwhat is meant by\b|\bwhat does the (term|word|expression|phrase) .* mean\b"
        ),
        # Not the noun "means" ("by means of", "other means"), which is all the texts have of it.
        re.compile(r"\b(means (?:a|an|any|the)|is defined as|shall mean|definitions?|defined)\b", re.IGNORECASE),
    ),
)


def count_of(noun: str) -> re.Pattern[str]:
    """A number followed, within two words, by `noun` ("six meetings", "11 meetings of the Committee")."""
    if noun in _MONEY:
        return _AMOUNT
    return re.compile(rf"\b(?:\d[\d,.]*|{NUMBER_WORDS})\b(?:\W+\w+){{0,2}}?\W+{re.escape(stem(noun))}", re.IGNORECASE)


def names_a_country(text: str) -> bool:
    """The text names a country ("Canada", "the Netherlands"), not only States in general."""
    return any(c.kind == COUNTRY and text[c.start:c.end].lower() not in _ANY_COUNTRY for c in candidates(text))


def missing_fact(
    question: str, counted: str | None, units: Sequence[Unit], closest: Sequence[Unit] | None = None
) -> str | None:
    """The kind of fact the question asks for that no unit states ("a penalty", "a number of members"), or
    None when every fact it asks for is stated somewhere in `units` (or it asks for none of them).

    Which countries did something, and where or under whose chair something took place, are looked for in
    `closest` only, when given: the few units the question is most likely about, with their footnotes. A
    country credited with another measure ("Proposal by Finland" further down) does not answer "Which country
    proposed THIS measure?", nor the Congress "held in Vienna" "In which city was the inter-sessional meeting held?"."""
    text = question.lower()
    looked_in = units if closest is None else closest
    needs: list[tuple[str, Callable[[str], object], Sequence[Unit]]] = [
        (need.name, need.stated.search, looked_in if need.of_the_closest else units) for need in NEEDS if need.asked.search(text)
    ]
    if counted is not None:
        needs.append(("an amount of money" if counted in _MONEY else f"a number of {counted}", count_of(counted).search, units))
    missing = next((name for name, stated, read in needs if not any(stated(unit.text) for unit in read)), None)
    if missing is None and (did := _WHICH_COUNTRIES_DID.search(text)):
        said = _said_of(did.group(3))
        if not any(names_a_country(unit.text) and said(unit.text) for unit in looked_in):
            missing = "the names of countries"
    return missing


def _said_of(verb: str) -> Callable[[str], object]:
    """How a text says that a country did what `verb` asks (always, for a proposal: the footnotes credit it)."""
    for asked, said in _SAID_OF:
        if re.fullmatch(asked, verb):
            return re.compile(said, re.IGNORECASE).search
    return bool


# "Which organizations are named ...?", "Which conventions does the plan list ...?": the question wants the names.
_NAMES_ASKED = re.compile(
    r"\bwhich\b[^?]*\b(?:named|listed|names?|lists?|mentioned|specif(?:y|ies|ied)|identif(?:y|ies|ied)|enumerated?)\b",
    re.IGNORECASE,
)
# Words that qualify a kind of thing without naming any one of it ("other relevant international organizations",
# "the international instruments dealing with terrorism", "the organizations mentioned in the Guidelines").
_GENERIC = frozenset(stem(w) for w in (
    "relevant other all such existing appropriate concerned international regional national various certain "
    "instruments instrument entities bodies organizations dealing mentioned listed named those"
).split())


def names_nothing(question: str, answer: str) -> bool:
    """The question asks which things the texts name, and the answer only restates the question's words with
    generic qualifiers: the texts speak of such things in general and name none ("relevant non-governmental
    organizations" for "Which non-governmental organizations are named as partners?")."""
    if not answer or not _NAMES_ASKED.search(question):
        return False
    return content_stems(answer) <= content_stems(question) | _GENERIC
