"""What kind of answer a question asks for, read from its wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.references import asks_own_number

# Answer types a span can have (see qa/candidates.py).
(
    DATE, DEADLINE, BODY, COUNTRY, PEOPLE, INSTRUMENT, RESOLUTION, ARTICLE, PARAGRAPH, NUMBER, URL, SYMBOL, REASON, SOURCE,
    CONDITION, LEVEL, PHRASE, CLAUSE, TASK,
) = (
    "date", "deadline", "body", "country", "people", "instrument", "resolution", "article", "paragraph", "number", "url",
    "symbol", "reason", "source", "condition", "level", "phrase", "clause", "task",
)

# Questions about where a draft measure came from, answered by the draft's footnotes.
_PROPOSER = re.compile(
    r"\b(who|which (country|countries|delegation|government|member state|state)) (proposed|suggested|submitted|put forward|prepared|drafted|initiated)\b"
    # "WHOSE proposal lies behind ...?" asks for the proposer, not for its symbol; "whose proposals" may be several
    # countries', each with its symbol.
    r"|\bwhose proposal\b|\b(?:which|what) (?:country|delegation|government|state)['’]s proposal\b"
)
_PROPOSAL = re.compile(r"\b(which|whose) proposals?\b|\bproposed by\b")
# What a draft measure rests on: a proposal, a resolution, a paragraph of the Declaration or earlier drafts.
_BASIS = re.compile(
    r"\bsource\b|\bcomes? from\b|\bcame from\b|\boriginat\w*\b|\bbased on\b|\bwhat (?:is|was|are|were) the basis\b"
    r"|\bon what basis (?:is|was|are|were) [a-z ]*?(?:text|paragraph|provision|section|proposal)"
    r"|\bderives?\b|\bstems? from\b"
)

# "Which PROTOCOL ...", "which OFFICE ...": the noun that names the answer ("the Protocol against ...").
_NAMED_INSTRUMENT = re.compile(
    r"\b(?:which|what) (instrument|convention|protocol|declaration|treaty|guide|handbook|manual|publication|standards?"
    r"|principles|compendium|guidelines|strategies|legal instrument|model strategies)\b"
)
_NAMED_BODY = re.compile(
    r"\b(?:which|what) (?:(?:un|united nations|secretariat) )?(body|office|organ|organization|organisation|entity"
    r"|institute|institution|committee|commission|branch"
    r"|centre|center|agency|unit|department|secretariat|programme|network|offices?|bodies|entities|institutes"
    r"|congress|conference)\b"
)

# "Which COUNTRIES should benefit?" may be answered by a kind of countries ("developing countries").
_KIND_OF = r"(?:group|groups|kind|kinds|type|types|category|categories) of "
_KINDS_OF_COUNTRIES = re.compile(rf"\b(?:which|what) (?:{_KIND_OF})?(countries|states)\b")

# Who is to carry out a plan's measures: the lead-in of their paragraph names it ("The Centre for International
# Crime Prevention will, in cooperation with ...:", "Individually and collectively, States will endeavour ...").
_ACTOR = re.compile(
    r"^(?:who|which (?:[a-z]+ ){0,2}(?:body|office|entity|organ|unit|agency))\b.*"
    r"\b(?:carr(?:y|ies) out|responsible for|in charge of|leads?|tasked with|undertakes?)\b"
    r".*\b(?:actions?|measures|work)\b"
)

# "Which Economic and Social Council resolution ...".
# Not "Which meeting ADOPTED resolution 56/261?": the words between name the resolution, no verb acts on it.
_WHICH_RESOLUTION = re.compile(
    r"\b(which|what) ((?!(?:was|is|were|are|did|does|do)\b|(?!united\b)[a-z]+ed\b)[a-z]+ ){0,4}resolutions?\b"
)

_AUXILIARIES = r"should|will|would|must|can|could|is|are|was|were|does|do|did|has|have|shall|may|might"
# A yes/no question opens with an auxiliary ("Will the UN look at crime in cities?"); its "who" or "what" belongs to a
# relative clause ("help for people WHO were trafficked"), unless it asks a question inside it ("Does the plan SAY WHO
# ...?").
_POLAR = re.compile(rf"^(?:{_AUXILIARIES})\b")
_WH_WORDS = r"who|whom|whose|which|what|when|where|why|how"
_INDIRECT = re.compile(
    r"\b(?:say|says|specify|specifies|mention|mentions|indicate|indicates|tell|tells|explain|explains|set out|spell out)"
    rf" (?:anything |something )?(?:about |on |as to )?(?:{_WH_WORDS})\b"
)
_WH = re.compile(rf"(?:{_WH_WORDS})\b")
_EARLIER_WH = re.compile(rf"\b(?:{_WH_WORDS})\b")
# First match wins; the types of one rule are equally welcome.
_EXPECTATIONS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    # "When was the Declaration adopted?" asks for the day something happened: a time limit ("by 2002") is no answer.
    # "When were States to ratify it?" asks for one.
    (
        re.compile(
            r"^(?:when|(?:in|on) (?:what|which) (?:year|date|day)) (?:was|were|did|had)\b"
            r"(?!(?: [\w-]+){1,6}? to (?!the\b|an?\b|its\b|their\b)[a-z]+\b)"
        ),
        (DATE,),
    ),
    # "When should / will ..." asks for a date or for the condition a measure is taken on ("where necessary").
    (re.compile(r"^when (should|will|must|shall|can|may)\b"), (DATE, DEADLINE, CONDITION)),
    # "when" asks for a date when an auxiliary follows it ("When did ..."), not in "when adopting measures".
    (
        re.compile(
            rf"\b((by|until|since) when|when (?:{_AUXILIARIES})|what (deadlines?|dates?|years?|time ?frame)"
            r"|by what (date|year|time)|how (?:soon|quickly|fast|promptly)|what year|deadlines?"
            r"|target (?:date|year))\b"
        ),
        (DATE, DEADLINE),
    ),
    (re.compile(r"\bwhy\b|\bfor what reason\b|\bwhat (was|is) the reason\b"), (REASON,)),
    # A purpose is a reason: "For what purpose will the Centre provide training?" -> "in order to improve ...".
    (
        re.compile(
            r"\b(?:for|to) what (?:purpose|end)\b|\bwhat purpose\b|\bwhat (?:is|was|are|were) the (?:purpose|aim)s? of\b"
            r"|\bwhat (?:is|are) [^?]* (?:meant|intended|designed|supposed) to (?:achieve|accomplish|serve)\b"
        ),
        (REASON,),
    ),
    (
        re.compile(
            r"\b(?:on|under|upon) what (?:conditions?|terms|basis(?! (?:is|was|are|were) [a-z ]*?(?:text|paragraph|provision|section|proposal)))\b"
            r"|\bwhat conditions?\b|\bwithin what limits\b|\bwith what (?:qualifications?|caveats?|limitations?|provisos?)\b"
            r"|\bunder what circumstances\b"
        ),
        (CONDITION,),
    ),
    # An instrument is adopted by a resolution or a body, not at a place: "Where were the Model Strategies adopted?"
    # -> "General Assembly resolution 52/86".
    (re.compile(r"\bwhere (?:was|were|is|are|had been|has been|have been) [^?]*\badopted\b"), (RESOLUTION, BODY)),
    # "At what levels should strategies be developed?" -> "international, regional, national and local".
    (re.compile(r"\b(?:at|on|in) (?:what|which) levels?\b|\bwhat levels?\b"), (LEVEL,)),
    (re.compile(r"\b(which|what) (articles?|provisions?)\b"), (ARTICLE,)),
    # "Which Vienna Declaration paragraph ...", not "What does paragraph 6 say?".
    (re.compile(rf"\b(which|what) (?:(?!(?:{_AUXILIARIES})\b)[a-z]+ ){{0,2}}paragraphs?\b"), (PARAGRAPH,)),
    (re.compile(r"\b(document symbol|symbol|(which|what) ([a-z]+ )?document|what reference|sales (number|no))\b"), (SYMBOL,)),
    # Not "Who proposed the item on good practice, for instance through a victimology web site?".
    (re.compile(r"\b(url|internet address|web address)\b|\b(which|what) ([a-z]+ ){0,2}web ?sites?\b"), (URL,)),
    (_PROPOSER, (COUNTRY,)),
    (_PROPOSAL, (COUNTRY, SYMBOL)),
    # Before the basis: "Which ECOSOC resolution is referenced for the text BASED ON paragraph 88 (h)?".
    (_WHICH_RESOLUTION, (RESOLUTION,)),
    (_BASIS, (SOURCE, COUNTRY, SYMBOL)),
    # Not "which government MINISTRIES should ...": there the noun after it is what is asked for.
    (
        re.compile(
            rf"\b(which|what) (?:{_KIND_OF})?(country|countries|states?|governments?|member states?|delegations?)\b"
            rf"(?! [a-z]+ (?:{_AUXILIARIES})\b)"
            r"|\bwhose government\b"
        ),
        (COUNTRY, BODY),
    ),
    (re.compile(r"\bhow (many|much)\b|\bwhat (number|percentage|amount)\b"), (NUMBER,)),
    (_NAMED_INSTRUMENT, (INSTRUMENT,)),
    (re.compile(r"\bwhat is the name of\b|\btitled?\b|\bentitled\b"), (INSTRUMENT,)),
    (_NAMED_BODY, (BODY, COUNTRY)),
    # Not the people a lead-in has the Centre cooperate with ("other relevant international organizations").
    (_ACTOR, (BODY, COUNTRY)),
    (re.compile(r"\b(who|whom)\b"), (BODY, COUNTRY, PEOPLE)),
]
_HEAD = re.compile(
    r"\b(?:what|which|whose) (?:(?:kind|type|sort|types|kinds|form|forms|group|groups|part|category|categories) of )?"
    rf"((?:(?!(?:{_AUXILIARIES})\b)[a-z-]+ ){{0,2}}?)"
    rf"((?!(?:{_AUXILIARIES})\b)[a-z-]+)\b(?=,| (?:{_AUXILIARIES}|to|of|on|for|in|about|against)\b"
    # "Which meeting ADOPTED resolution 56/261?", "Which body ENDORSED the plans?": the noun before a verb in the past
    # is what is asked for (not "what kinds of internationally AGREED materials").
    r"| (?!united\b)[a-z]+ed (?:the|a|an|this|these|its|their|resolutions?)\b)"
)

# "What KIND OF measures ...?" asks what the measures are like ("comprehensive measures"), however generic the noun.
_KIND_OF_MEASURES = re.compile(
    r"\b(?:what|which) (?:kinds?|types?|sorts?|forms?|degree) of (?:measures|means|action|actions|steps)\b"
)

_LIST = re.compile(
    # Not a verb of a relative clause ("What are the research efforts THAT States support ... meant to monitor?"),
    # of an infinitive ("What will the Centre encourage States TO do ...?", "... consider in order TO support")
    # or after a participle ("What will the Centre promote in PROVIDING support ...?").
    r"^(?:[^,?]+, )?(what|which)\b.*\b(should|must|will|shall|are|is|do|does|can|could|has|have)\b(?: to(?: be)?)?"
    r"(?:(?! that | which | who | to |\w+ing ).)*\b("
    r"do|done|undertake|take(?! into account| account of| note)|recommend\w*|commit(?:s|ted|ments?)?|support|expected)\b"
    r"|^how (should|will|must|can|could|do|does|are) (states|governments|countries|member states|the centre)\b.*"
    r"\b(tackle|address|deal with|combat|fight|prevent|reduce|handle|respond to|counter|curb)\b"
    # As the main verb only: "How should States SUPPORT victims?", "How will the Centre help victims?", not "How will
    # the Centre provide its analytical support?" (a manner).
    r"|\bhow (should|will|must|can|could|do) (states|governments|countries|member states|the centre(?: for [a-z ]+?)?)"
    r" (support|protect|assist|help|contribute|treat|promote|strengthen|improve)\b"
    r"|^(list|name|summari[sz]e|outline)\b"
    rf"|\bwhat (?!(?:{_AUXILIARIES})\b)([a-z]+ )?(measures|actions|steps)\b"
    r"|\bwhat (?:are|were) the (?:[a-z-]+ ){0,2}(?:measures|actions|steps)\b"
    # "Is there anything on cybercrime?" asks what the plans say about it.
    r"|^(?:is there|are there|do the plans have) (?:anything|something|(?:any )?(?:measures?|provisions?|actions?|steps))"
    r" (?:on|about|against|regarding|concerning|for)\b"
    r"|^what (?:is|was|are|were) (?:said|stated|written) (?:about|on|regarding|concerning)\b"
    # "What does the (anti-corruption) plan (on corruption) say ...?".
    r"|\bwhat (does|do) the (?:draft |revised |un )?(?:[\w-]+ ){0,2}?(plans?(?: of action)?|texts?|documents?|draft|annex|resolution)"
    r"(?: for the vienna declaration| (?:on|against|for) (?:the )?[\w-]+(?: [\w-]+)?)? (say|recommend|call for|propose)\b"
    r"|^what\b.*\b(ask|asks|call on|calls on|call upon|calls upon) (states|governments|countries|member states) to "
    r"(do|take|undertake|put in place)\b"
    # "What are States asked to do?", not "What are States asked to encourage assessment of?".
    r"|\bwhat (is|are) (states|governments|the centre|member states) (asked|expected|supposed|invited|urged)"
    r"(?! to (?!(?:do|take|undertake)\b))\b"
    # "What is the Centre's role?", "What is the role of civil society in ...?", "What role do NGOs play?": what the
    # plans have them do.
    r"|^what (?:is|are) (?:the )?[\w -]+?['’]s? roles?\b|^what (?:is|are) the roles? of\b|^what roles? (?:do|does|will|should)\b"
)
# A few words with no question in them ("prison overcrowding", "measures against corruption") ask what the plans say
# on that topic, as "What do the plans say about prison overcrowding?" does.
_TOPIC_ONLY = re.compile(
    rf"^(?!(?:what|which|who|whom|whose|when|where|why|how|{_AUXILIARIES}|did|does|do|list|name|show|tell|give|explain"
    r"|describe|summari[sz]e|according|in|on|under|by|to|for|with|from|at)\b)[\w'’-]+(?: [\w'’-]+){0,5}\??$"
)
# Questions asking for one of these get no answer when none of the units read holds a span of that type
# ("How much money ...?" where no unit states an amount), and get a span of that type when one does.
STRICT_TYPES = (DATE, DEADLINE, NUMBER, ARTICLE, PARAGRAPH, URL, SYMBOL)

# Whose measures the question is about: the States' (section A of a plan) or the Centre's and other
# international bodies' (section B); a question naming both prefers its subject's (below), one naming neither none.
_INTERNATIONAL = re.compile(
    r"\b(centre|center|office|secretariat|institute|(?:un|united nations) (?:help|assistance|support)"
    r"|international (level|actions?|measures|community)"
    r"|internationally)\b"
)
_NATIONAL = re.compile(r"\b(states?|countries|country|governments?|national|domestic)\b")
# A question naming both is about whoever is its subject: "How will THE CENTRE help States ...?" and "Will THE UN help
# countries ...?" ask for the Centre's measures, "What should STATES do with the Centre's help?" for the States'; "the
# UN's handbook" and "the Centre or States" name no subject.
_SUBJECT = re.compile(
    rf"^(?:(?:how|what|which|where|when|why|in what way)\b(?: [a-z]+)?? )?(?:{_AUXILIARIES}) (?:the )?"
    r"(?:(centre|center|office|secretariat|branch|institute|un|united nations)|(states|governments|countries|member states))\b(?!'| or )"
)
# Where an instrument is published or set out: the footnotes give the resolution or publication.
_SOURCE = re.compile(
    r"\bwhich ([a-z]+ ){0,3}resolution\b"
    # Not a publication someone is to update or issue ("Which publication will the Centre update?"): that is a title.
    r"|\bin which ([a-z]+ ){0,3}publication\b|\bwhich ([a-z]+ ){0,3}publication (contains|includes|sets out|reproduces)\b"
    r"|\bwhere (is|are|was|were|can|could|do|does)\b.*"
    r"\b(set out|found|published|contained|issued|adopted|appear|reproduced|annexed|printed)\b"
)
# "Whose participation ...?", "On whose special needs ...?" ask for an owner; not "a crime whose definition" (a relative
# clause), nor "whose proposal" or "whose government" (a country, above).
_POSSESSOR = re.compile(r"(?:^|, |\b(?:on|with|of|for|to|by|from|in|under) )whose\b(?! (?:proposals?|government)\b)")
# "How many MEETINGS", "how much MONEY": what a count or an amount is of.
_COUNTED = re.compile(r"\bhow (?:many|much) ([a-z-]+)")
# How a question sets something aside: "BESIDES conducting research, what should States do ...?" asks for one more.
SETTING_ASIDE = r"besides|apart from|aside from|other than|in addition to|along with"
_NARROW = re.compile(
    rf"\b(by when|when|which|who|whose|how many|how much|{SETTING_ASIDE}"
    r"|what (date|year|article|document|body|kind|type|sort))\b"
)
# "THROUGH what means ...", "TO whom ...": the answer is the object of a preposition of the text, and which ones
# fit follows from the question's own ("by what means" is answered by "through regional seminars").
_MEANS = ("through", "via", "by", "by means of")
# How the compound prepositions ending in "with" are named, whichever of their words the text uses.
CONFORMING_WITH, COOPERATING_WITH = "in accordance with", "in cooperation with"
# The "by" of a passive names who acts ("discussed BY the Committee"): no means or manner ("by what means").
PASSIVE_AGENT = "by (agent)"
# The words before "with" of each kind, in questions and in the texts alike.
CONFORMING_NOUNS = "accordance|conformity|line|keeping"
COOPERATING_NOUNS = "cooperation|coordination|consultation|collaboration|partnership"
CONFORMING = rf"in (?:{CONFORMING_NOUNS})|consistent"
COOPERATING = rf"in (?:{COOPERATING_NOUNS})"
# What a question singling something out ("Which countries IN PARTICULAR ...", "... singled out ...") is answered
# by: what the text singles out ("especially women and children"), named so by qa/candidates.py.
IN_PARTICULAR = "in particular"
SINGLING_OUT = r"especially|in particular|particularly|notably|above all|specifically"
_SINGLED_OUT = re.compile(rf"\b(?:{SINGLING_OUT}|singled out)\b")
_PREPOSITION_ASKED = re.compile(
    r"^(?:(by|through|via) (?:what|which) (?:means|channels?|mechanisms?|kinds? of|sorts? of|types? of)"
    r"|(in) (?:what|which) (manner|ways?|forms?)"
    rf"|(?:((?:{CONFORMING}) )|((?:{COOPERATING}) ))?"
    r"(to|for|with|from|against|into|on|through|via|in|within|among|under) (whom|what|which))\b"
    # "For what purpose", "to what end" ask for a purpose, which follows no preposition ("to enable them to ...").
    r"(?! (?:purpose|end)\b)"
    r"|\b(to|for|with|from) whom\b"
)
# "By whom was the Declaration adopted?", "Who / which body adopted the Declaration?": answered by the agent of that verb in a
# passive ("adopted BY the Tenth Congress").
_AGENT_ASKED = re.compile(
    r"^(?:by whom\b.*\b(\w+(?:ed|en|wn))\b|(?:who|which (?:body|organ)) (\w+ed|(?!(?:is|was|has|does)\b)\w+[^s\W]s) (?!by\b)"
    # "Where was the Declaration adopted?": by the Congress held in Vienna, or in a resolution (the types above).
    r"|where (?:was|were) .+ (adopted|endorsed|approved)\??$)",
    re.IGNORECASE,
)
# "Where will the Centre study crime?" -> "in urban areas", "Where should proceeds be returned?" -> "to their countries
# of origin"; not where a text is published or set out (a source), nor where something comes from.
_WHERE = re.compile(r"^where\b(?! (?:in|is|are) )(?!.*\b(?:comes?|came) from\b|.*\b(?:derive|originate)s?\b)")
_PLACE_PREPOSITIONS = ("in", "to", "at", "within", "into", "via")
# "in what MANNER" -> "as a package", "in what FORM" -> "in the form of advisory services".
_PREPOSITIONS_FOR_MANNER = {
    "manner": ("as", *_MEANS), "way": ("as", *_MEANS), "ways": _MEANS,
    "form": ("in the form of", "as"), "forms": ("in the form of", "as"),
}
# "What should States educate potential migrants ABOUT?" -> "about the true nature of such smuggling".
_ABOUT_STRANDED = re.compile(r"^(?:what|which|whom|who)\b.* about\?$")
# "Who should RECEIVE training on gender bias?" -> "training ... FOR relevant United Nations staff members".
_RECIPIENT_ASKED = re.compile(r"^who(?:m)? (?:\w+ ){1,3}(?:receive|get|be given|be offered|be provided with)\b")
_RECIPIENT_PREPOSITIONS = ("for",)
# "How should States share proven practices?" asks by what means: "via web sites or other media or forums".
_HOW_DONE = re.compile(r"^how (?:should|will|would|can|could|might|may|must|is|are|do|does)\b")
_ABOUT_PLAN = re.compile(
    r"\b(?:proposed|suggested|submitted|put forward|drafted|prepared|behind|basis (?:of|for)|source of)"
    r" (?:the )?(?:draft )?plan\b"
    r"|\b(?:heading|title) of the (?:draft |revised )?plan\b"
)
_GENERIC_HEADS = frozenset(
    "plan plans text draft document measure measures action actions steps thing things states governments centre "
    "countries role kind kinds type types sort form forms manner way ways means aspects".split()
)


# "Which plan of action deals with prison overcrowding?", "What is plan VII about?": the answer is a plan's heading,
# not a paragraph of one ("Which plan's paragraph 8 ..." is no such question).
_WHICH_PLAN = re.compile(
    r"^(?:in |under )?(?:which|what) (?:draft |revised )?plans?(?: of action)?\b(?! (?:for|on) the implementation)"
    r"(?!.*\b(?:paragraphs?|footnotes?|proposed|proposal)\b)"
    r"|^what (?:is|does) (?:the )?(?:draft |revised )?plan (?:of action )?(?:[ivx]+ )?"
    r"(?:about|cover|deal with|address|concern)\b"
    r"|^what (?:is|was) the (?:title|name|heading|subject|topic) of (?:the )?(?:draft |revised )?plan\b"
    # "What is plan IX?" asks which plan that is.
    r"|^what (?:is|was) (?:the )?(?:draft |revised )?plan (?:of action )?[ivx]+\??$"
)


# "What are the fifteen plans of action?", "List the plans of action": every plan's heading.
_HOW_MANY_PLANS = (
    r"^how many (?:draft |revised )?plans(?: of action)? (?:are there|(?:are|were) (?:adopted|annexed|in the \w+)"
    r"|(?:does|did) the (?:annex|resolution|draft|general assembly) (?:contain|have|adopt))\b"
)
_ALL_PLANS = re.compile(
    r"^(?:what|which) (?:are|were) (?:the |all (?:of )?the )?(?:fifteen |15 )?(?:draft |revised )?plans(?: of action)?"
    r"(?: (?:in|of|annexed to) the (?:annex|resolution|draft|text))?\??$"
    r"|^(?:list|name|show(?: me)?|give(?: me)?) (?:all )?(?:of )?(?:the )?(?:fifteen |15 )?(?:draft |revised )?plans"
    r"(?: of action)?\b"
    r"|^(?:which|what) plans(?: of action)? (?:are|were) there\b"
    rf"|{_HOW_MANY_PLANS}"
)


def is_topic_only(question: str) -> bool:
    """A few words with no question in them ("prison overcrowding?")."""
    return bool(_TOPIC_ONLY.match(question.lower()))


def asks_for_all_plans(question: str) -> bool:
    return bool(_ALL_PLANS.search(question.lower().strip()))


# "What does plan XIV say?", "Show me plan XIV", "Summarize the plan on standards and norms": the plan's text.
_WHOLE_PLAN = re.compile(
    r"^what (?:does|do) (?:the )?(?:draft |revised )?plan (?:of action )?(?:[ivx]+ )?(?:say|contain|include)\??$"
    r"|^what is in (?:the )?(?:draft |revised )?plan (?:of action )?[ivx]+\??$"
    r"|^(?:show(?: me)?|give me|read|display|summari[sz]e|outline) (?:the )?(?:whole |full |text of (?:the )?)?"
    r"(?:draft |revised )?plan\b"
)


def asks_for_whole_plan(question: str) -> bool:
    return bool(_WHOLE_PLAN.search(question.lower().strip()))


def asks_how_many_plans(question: str) -> bool:
    return bool(re.search(_HOW_MANY_PLANS, question.lower().strip()))


# "Who will PROVIDE secretariat services ...?": who does what a measure says, the verb the question asks it with.
_DOER_ASKED = re.compile(
    r"^(?:who|which (?:[a-z]+ ){0,2}(?:body|office|entity|organ|unit|agency|organization|institution))"
    r" (?:(?:will|should|shall|must|would|can|may|is to|are to|is expected to|are expected to) )?([a-z]+)\b"
)
_NO_DOER_VERBS = frozenset(_AUXILIARIES.split("|")) | {"be", "been", "being", "else", "exactly"}


def doer_verb_asked(question: str) -> str | None:
    """The verb a question asks the doer of ("provide" in "Who will provide secretariat services?"), or None."""
    match = _DOER_ASKED.search(question.lower().strip())
    return match.group(1) if match and match.group(1) not in _NO_DOER_VERBS else None


def asks_for_plan(question: str) -> bool:
    return bool(_WHICH_PLAN.search(question.lower().strip()))


@dataclass(frozen=True)
class QuestionType:
    expected: tuple[str, ...]  # answer types a span should have, all equally welcome
    is_list: bool  # asks for the measures of a plan rather than one fact
    # "what kind of TARGETS": the noun the answer phrase is built on; "which PROTOCOL": the noun naming it
    head: str | None = None
    wants_provenance: bool = False  # who proposed a measure, on what basis: read the footnotes too
    wants_source: bool = False  # where an instrument is published or set out: its footnote answers
    section: str | None = None  # "A" when it asks about national measures, "B" about international ones
    counted: str | None = None  # "how many MEETINGS": the noun a count must be of
    prepositions: tuple[str, ...] = ()  # "TO whom", "by what means": the preposition(s) the answer follows
    about_plan: bool = False  # "who proposed the draft PLAN on ...": its heading's footnotes before a measure's
    about_actor: bool = False  # "which body CARRIES OUT the international actions ...": a paragraph's lead-in names it
    # "which PLENARY meeting": words the question puts before its head noun, which the answer phrase may share
    head_modifiers: tuple[str, ...] = ()
    possessor: bool = False  # "WHOSE participation ...?": the answer is whom it belongs to, not the thing itself
    polar: bool = False  # "Will the UN look at crime in cities?": asks whether the plans say something, not for a fact


@lru_cache(maxsize=1024)  # the composer and the reader both ask; a harness repeats questions
def analyse(question: str) -> QuestionType:
    text = question.lower().strip()
    yes_no = bool(_POLAR.match(text)) and not _INDIRECT.search(text)
    expected: tuple[str, ...] = ()
    for pattern, types in _EXPECTATIONS:
        # The wh-word of a relative clause asks for nothing: in a yes/no question, or after the question's own wh-word
        # ("What should States set up for people WHO broker firearms deals?").
        if (match := pattern.search(text)) and not (
            _WH.match(match.group(0)) and (yes_no or _EARLIER_WH.search(text, 0, match.start()))
        ):
            expected = types
            break
    # "Which paragraph of the plan calls for ...?" is answered by a unit's own number, not by a paragraph the text
    # refers to ("paragraph 26 of the Vienna Declaration"): no span of the texts is of the type asked for.
    if expected == (PARAGRAPH,) and asks_own_number(question):
        return QuestionType((CLAUSE,), False, section=_section(text))
    head, modifiers = None, ()
    if (
        not expected and not yes_no and (match := _HEAD.search(text))
        and (match.group(2) not in _GENERIC_HEADS or _KIND_OF_MEASURES.search(text))
    ):
        expected, head, modifiers = (PHRASE,), match.group(2), tuple(match.group(1).split())
    elif expected in ((INSTRUMENT,), (BODY, COUNTRY)) and (match := _NAMED_INSTRUMENT.search(text) or _NAMED_BODY.search(text)):
        head = match.group(1).split()[-1]
    elif expected == (COUNTRY, BODY) and (match := _KINDS_OF_COUNTRIES.search(text)):
        head = match.group(1)
    possessor = bool(_POSSESSOR.search(text))
    # "Whose participation ...?" asks for whoever takes part: a body, a country or a group of people, not a clause.
    if possessor and not expected:
        expected = (BODY, COUNTRY, PEOPLE)
    is_list = bool(_LIST.search(text) or is_topic_only(text)) and not expected and not _NARROW.search(text)
    provenance = bool(_PROPOSER.search(text) or _PROPOSAL.search(text) or _BASIS.search(text))
    section = _section(text)
    count = _COUNTED.search(text)
    counted = count.group(1) if count and count.group(1) not in _AUXILIARIES.split("|") else None
    source = bool(_SOURCE.search(text))
    return QuestionType(
        expected or (CLAUSE,), is_list, head, provenance, source, section, counted,
        _prepositions(text), bool(_ABOUT_PLAN.search(text)), bool(_ACTOR.search(text)), modifiers,
        possessor, yes_no and not (expected or is_list or provenance or source),
    )


def _section(text: str) -> str | None:
    international, national = bool(_INTERNATIONAL.search(text)), bool(_NATIONAL.search(text))
    if international and national and (subject := _SUBJECT.search(text)):
        return "B" if subject.group(1) else "A"
    return "B" if international and not national else "A" if national and not international else None


def agent_verb_asked(question: str) -> str | None:
    """The verb whose doer the question asks for ("adopted" of "Who adopted the Declaration?" and of "By whom was the
    Declaration adopted?"), lower case; None for other questions."""
    match = _AGENT_ASKED.search(question)
    return next(verb for verb in match.groups() if verb).lower() if match else None


def _prepositions(text: str) -> tuple[str, ...]:
    if agent_verb_asked(text):
        return (PASSIVE_AGENT,)
    match = _PREPOSITION_ASKED.search(text)
    if match is None:
        if _WHERE.search(text) and not _SOURCE.search(text):
            return _PLACE_PREPOSITIONS
        if _ABOUT_STRANDED.search(text):
            return ("about",)
        if _RECIPIENT_ASKED.search(text):
            return _RECIPIENT_PREPOSITIONS
        if _HOW_DONE.search(text):
            return _MEANS
        return (IN_PARTICULAR,) if _SINGLED_OUT.search(text) else ()
    means, manner, manner_noun, conforming, cooperating, leading, asked, whom = match.groups()
    if means:
        return _MEANS
    if manner:
        return _PREPOSITIONS_FOR_MANNER[manner_noun]
    # "In line with what" is answered after "in accordance with", "in coordination with which" after
    # "in cooperation with" (qa/candidates.py names both kinds alike), a plain "with whom" after any "with".
    if conforming or cooperating:
        return (CONFORMING_WITH,) if conforming else (COOPERATING_WITH,)
    preposition = leading or whom
    # One works "with whom" in cooperation, never in accordance: that is "with what".
    if preposition == "with" and (whom or asked == "whom"):
        return ("with", COOPERATING_WITH)
    if preposition == "with":
        return ("with", CONFORMING_WITH, COOPERATING_WITH)
    # "Into what should States incorporate the strategy?" -> "in national development plans".
    return ("into", "in") if preposition == "into" else (preposition,)


# "Which paragraph of THE VIENNA DECLARATION / of document E/CN.15/2001/L.8 / of ECOSOC resolution 1999/26 /
# of Finland's comments ...".
_PARAGRAPH_OF = re.compile(
    rf"\bparagraphs? of (?:the |document |its )?(.+?)(?= (?:{_AUXILIARIES}|refers?|contains?|committed|underlies)\b|[?,]|$)",
    re.IGNORECASE,
)
_SYMBOL_OR_NUMBER = re.compile(r"\b(?:[A-Z]+/[\w./]*\w|\d{2,4}/\d+)")
_OWNERS = (
    (re.compile(r"\bVienna Declaration\b", re.IGNORECASE), r"\bDeclaration\b"),
    (re.compile(r"\b(?:earlier|original|first) draft\b|\bdraft plans\b", re.IGNORECASE), r"E/CN\.15/2001/5\b|\bdraft plans\b"),
    (re.compile(r"\b(Finland|Canada|Uzbekistan)\b"), None),
)


def paragraph_owner(question: str) -> re.Pattern[str] | None:
    """How a text names the document a question asks a paragraph of: its symbol or resolution number, a
    country's submission by the country, the Vienna Declaration as "Declaration"; None when the question asks
    for no paragraph of a named document."""
    match = _PARAGRAPH_OF.search(question)
    if match is None:
        return None
    owner = match.group(1)
    if symbol := _SYMBOL_OR_NUMBER.search(owner):
        return re.compile(re.escape(symbol.group(0)) + r"(?![\w/])")
    for named, said in _OWNERS:
        if found := named.search(owner):
            return re.compile(said or rf"\b{found.group(1)}\b")
    return None
