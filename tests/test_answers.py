"""Answers: extracted spans with exact offsets, list answers, abstention, draft provenance, bad input."""

from __future__ import annotations

import pytest

import qa.candidates as candidates_module
from qa.candidates import (
    DIRECTIVES, AskedTask, after_restated_lead, asked_task, asked_verbs, candidates, completed_coordination, ending_at_head, forget_question_parses,
    listed_members, members_before_other, parse_question, parse_questions_ahead, subject, without_infinitive,
    without_next_measure, without_run_on_object,
)
from eval.gold import load_gold
from qa.extractive import _word_stems
from qa.question import (
    ARTICLE, BODY, CLAUSE, CONDITION, COUNTRY, DATE, DEADLINE, INSTRUMENT, LEVEL, NUMBER, PARAGRAPH, PASSIVE_AGENT, PEOPLE, PHRASE, REASON, RESOLUTION, SOURCE, SYMBOL, TASK, URL,
    analyse,
    asks_for_all_plans,
    asks_for_plan,
    asks_for_whole_plan,
    agent_verb_asked,
    doer_verb_asked,
    paragraph_owner,
)
from qa.changes import is_change_question
from qa.readers import WholeUnitReader
from qa.references import adoption_asked, asked_of_the_resolution
from qa.scope import DRAFT_NOT_SEARCHED, draft_not_searched, plan_named
from qa.setaside import set_aside, without_set_aside
from qa.words import content_stems, stem

QUESTIONS = [
    ("By when should the convention against corruption be finalized?", "adopted"),
    ("What must States do about prison overcrowding?", "adopted"),
    ("What should governments do about guns?", "adopted"),
    ("Which proposal did Uzbekistan submit?", "draft"),
    ("Who won the 2002 FIFA World Cup?", "adopted"),
    ("Under which article of the Convention should money-laundering be criminalized?", "adopted"),
    ("Which country proposed the measure on preventing repeat victimization?", "draft"),
    ("Was the international fund for victims kept in the adopted text?", "both"),
    ("Whose government established the international database on victims legislation?", "adopted"),
    ("What kind of targets should States set to deal with prison overcrowding?", "adopted"),
]


@pytest.mark.parametrize(("question", "document"), QUESTIONS)
def test_every_citation_quotes_its_unit_exactly(assistant, question, document) -> None:
    answer = assistant.ask(question, document=document, top_k=5)
    assert answer.citations
    for c in answer.citations:
        assert c.text[c.start:c.end] == c.quote
        assert c.text == assistant.corpus.get(c.unit_id).text
        assert c.label == assistant.corpus.get(c.unit_id).label
    if not answer.abstained:
        assert answer.answer


@pytest.mark.parametrize(
    ("question", "answer", "unit_id"),
    [
        ("By when should the convention against corruption be finalized?", "the end of 2003", "adopted:annex:6(c)"),
        ("What is the deadline for the convention against corruption?", "the end of 2003", "adopted:annex:6(c)"),
        ("Under which article of the Convention should money-laundering be criminalized?", "article 6", "adopted:annex:20(b)"),
        ("Whose government established the international database on victims legislation?", "Government of the Netherlands", "adopted:annex:30(e)"),
        ("What kind of targets should States set to deal with prison overcrowding?", "time-bound targets", "adopted:annex:32(a)"),
        # A programme asked for by its noun is named with what it is against; a kind of strategy is only its kind.
        ("Under which programme would the Centre's anti-corruption projects be carried out?", "the global programme against corruption", "adopted:annex:9(h)"),
        ("What kind of strategy for preventing youth crime should be part of national development planning?", "integrated strategy", "adopted:annex:38(d)"),
        # The publication States are to issue is named in the plan; its footnote gives only its sales number.
        (
            "Which publication are States asked to issue in their own languages under the standards and norms plan?",
            "Compendium of United Nations Standards and Norms in Crime Prevention and Criminal Justice", "adopted:annex:44",
        ),
        # What follows "with a view to" is a purpose, not a kind of the measures before it.
        (
            "What type of measures are recommended to keep firearms from being lost, stolen or diverted?",
            "legal and administrative measures", "adopted:annex:17(d)",
        ),
        # "their overall level of extrabudgetary contributions" is a level, not a kind of contributions.
        (
            "What type of contributions should States increase to support the Centre's projects against transnational organized crime?",
            "extrabudgetary contributions", "adopted:annex:3(b)",
        ),
        # A programme named with what it is against is still a programme.
        ("Which global programme may States give financial support to?", "global programme against corruption", "adopted:annex:8(e)"),
        # A title holding the noun asked for names one, whatever type its capitals give it.
        (
            "Which programme is mentioned as an example of helping States draft legislation against money-laundering?",
            "Global Programme against Money-Laundering", "adopted:annex:20(g)",
        ),
        # "requesting States" is a kind of States, though the parser takes "requesting" for a verb.
        ("Which States will the Centre assist in implementing anti-money-laundering activities?", "requesting States", "adopted:annex:21"),
    ],
)
def test_factoid_questions_get_the_short_span(assistant, question, answer, unit_id) -> None:
    result = assistant.ask(question)
    assert result.kind == "factoid" and not result.abstained
    assert answer in result.answer and len(result.answer) <= len(answer) + 12
    assert result.citations[0].unit_id == unit_id


def test_a_date_that_limits_when_something_is_done_is_a_deadline() -> None:
    text = "Review practices by 2002, finalize it before the end of 2003 and ratify it as soon as possible (resolution of 4 December 2000)."
    typed = {text[c.start:c.end]: c.kind for c in candidates(text, with_linguistics=False) if c.kind in (DATE, DEADLINE)}
    assert typed["by 2002"] == DEADLINE and typed["before the end of 2003"] == DEADLINE
    assert typed["as soon as possible"] == DEADLINE and typed["4 December 2000"] == DATE


@pytest.mark.parametrize(
    ("question", "deadline_answers"),
    [
        ("When was the Vienna Declaration adopted?", False),
        ("On what date did the Commission approve the draft plans?", False),
        ("In which year were the plans adopted?", False),
        ("By when should the convention be finalized?", True),
        ("When should States review their practices?", True),
        ("When were States to ratify the Convention?", True),
        ("What is the deadline for the convention against corruption?", True),
    ],
)
def test_only_a_question_for_a_time_to_come_is_answered_by_a_deadline(question, deadline_answers) -> None:
    expected = analyse(question).expected
    assert expected[0] == DATE and (DEADLINE in expected) == deadline_answers


def test_a_question_for_when_something_happened_gets_no_deadline(assistant) -> None:
    # The only date near the Convention's name is the corruption convention's "by the end of 2003".
    result = assistant.ask("When was the Convention against Transnational Organized Crime adopted?")
    assert result.abstained and "date" in result.reason


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("When were the plans of action adopted?", True),
        ("On what date was resolution 56/261 adopted?", True),
        ("When did the Assembly take note of the plans of action?", True),
        ("At which meeting did the General Assembly adopt the plans?", True),
        ("When was resolution 55/59 adopted?", False),
        ("When was the Vienna Declaration adopted?", False),
        ("When should the plans of action be implemented?", False),
    ],
)
def test_a_question_about_adopting_the_plans_is_told_from_one_about_other_adoptions(question, asked) -> None:
    assert adoption_asked(question, frozenset({"resolution 56/261"})) == asked


@pytest.mark.parametrize("document", ["adopted", "both"])
def test_when_the_plans_were_adopted_is_read_in_the_record_of_adoption(assistant, document) -> None:
    # Passages asking for action plans "by 2002" are no answer; the resolution's record gives the day.
    result = assistant.ask("When were the plans of action adopted?", document=document)
    assert result.answer == "31 January 2002" and result.citations[0].unit_id == "adopted:record:1"


def test_a_title_holding_the_noun_asked_for_answers_which_one_even_when_the_question_asks_for_any_phrase(assistant) -> None:
    question = "Which global programme does the draft money-laundering plan name among the projects for helping States upgrade their laws?"
    result = assistant.ask(question, document="draft")
    assert result.answer == "Global Programme against Money-Laundering"
    assert result.citations[0].unit_id == "draft:annex:18(g)"


def test_a_publication_asked_for_is_answered_by_a_title(assistant) -> None:
    result = assistant.ask("Which two victim-related publications is the Centre supposed to translate and spread widely?")
    assert result.answer.endswith("the Handbook on Justice for Victims")
    assert result.citations[0].unit_id == "adopted:annex:30(d)"


def test_what_a_question_sets_aside_is_no_part_of_its_answer(assistant) -> None:
    # Paragraph 9 (b) covers "the travel and local expenses" of developing countries' delegates.
    result = assistant.ask("Besides travel, which expenses of developing countries taking part in the Ad Hoc Committee are to be covered?")
    assert result.answer == "local expenses"
    assert result.citations[0].unit_id == "adopted:annex:9(b)"


def test_only_the_members_set_aside_that_open_or_close_a_span_are_cut() -> None:
    travel = set_aside("Apart from travel, which expenses are covered?")
    assert travel == {stem("travel")}
    assert set_aside("In addition to research and training, what will the Centre do?") == {stem("research"), stem("training")}
    assert set_aside("Along with privacy, what must the rules take into account?") == {stem("privacy")}
    assert set_aside("Which expenses are covered?") == frozenset()
    opening, closing, inside = "travel and local expenses", "staff costs, or travel", "staff, travel and local expenses"
    assert without_set_aside(opening, 0, len(opening), travel) == (len("travel and "), len(opening))
    assert without_set_aside(closing, 0, len(closing), travel) == (0, len("staff costs"))
    assert without_set_aside(inside, 0, len(inside), travel) == (0, len(inside))
    assert without_set_aside("travel", 0, len("travel"), travel) == (0, len("travel"))


@pytest.mark.parametrize(
    ("question", "answer", "unit_id"),
    [
        # Paragraph 48 opens "The Centre for International Crime Prevention will, in cooperation with ...:".
        ("Which body is responsible for the international actions in the plan of action on restorative justice?",
         "The Centre for International Crime Prevention", "adopted:annex:48"),
        # Paragraph 7 opens "States will endeavour, as appropriate, to address domestic corruption ...:".
        ("Who is responsible for carrying out the national actions against corruption?", "States", "adopted:annex:7"),
    ],
)
def test_who_carries_out_a_plans_measures_is_the_subject_of_their_lead_in(assistant, question, answer, unit_id) -> None:
    result = assistant.ask(question, document="adopted")
    assert result.answer == answer
    assert result.citations[0].unit_id == unit_id and result.citations[0].quote == answer


@pytest.mark.parametrize(
    ("question", "document", "answer", "lead_in", "measure"),
    [
        # 9 (a) reads "Provide substantive expertise and full secretariat services to the Ad Hoc Committee ...".
        ("Who will provide secretariat services to the Ad Hoc Committee?", "adopted",
         "The Centre for International Crime Prevention", "adopted:annex:9", "adopted:annex:9(a)"),
        # The draft's lead-in puts "in cooperation with ..." between its subject and its verb.
        ("Who will convene a meeting of experts on restorative justice?", "draft",
         "The Centre for International Crime Prevention", "draft:annex:46", "draft:annex:46(d)"),
        # "national" names what the Centre's database holds, not whose measure it is.
        ("Who will maintain a database of national assessments of corruption?", "adopted",
         "The Centre for International Crime Prevention", "adopted:annex:9", "adopted:annex:9(e)"),
        # 27 (b) opens on a condition: "Where requested to do so by the State or States involved, conduct ...".
        ("Who should conduct public awareness campaigns about crime prevention?", "adopted",
         "The Centre for International Crime Prevention", "adopted:annex:27", "adopted:annex:27(b)"),
    ],
)
def test_who_does_what_a_measure_says_is_the_subject_of_its_lead_in(assistant, question, document, answer, lead_in, measure) -> None:
    result = assistant.ask(question, document=document)
    assert result.answer == answer
    assert [c.unit_id for c in result.citations[:2]] == [lead_in, measure]


def test_the_verb_a_question_asks_the_doer_of_is_found() -> None:
    assert doer_verb_asked("Who will provide secretariat services to the Ad Hoc Committee?") == "provide"
    assert doer_verb_asked("Which body is to disseminate the Compendium?") == "disseminate"
    assert doer_verb_asked("Who is responsible for the follow-up?") is None
    assert doer_verb_asked("Whom should States consult?") is None


def _best_span(assistant, question: str, unit_id: str) -> str:
    """The reader's best span for the question in one unit."""
    return assistant.composer.reader.read(question, [assistant.corpus.get(unit_id)], top_k=1)[0].text


def test_questions_about_who_carries_out_measures_are_told_apart() -> None:
    actor = analyse("Which UN body carries out the international actions in the plan against corruption?")
    assert actor.about_actor and actor.expected == (BODY, COUNTRY) and actor.section == "B"
    assert not analyse("Who should receive training on restorative justice?").about_actor
    assert not analyse("Which body will the Centre assist in considering the measures?").about_actor
    lead_in = "The Centre for International Crime Prevention will, in cooperation with other organizations:"
    start, end = subject(lead_in)
    assert lead_in[start:end] == "The Centre for International Crime Prevention"
    lead_in = "The Centre for International Crime Prevention, in cooperation with other relevant organizations, will:"
    start, end = subject(lead_in)
    assert lead_in[start:end] == "The Centre for International Crime Prevention"


def test_list_questions_get_the_measures_grouped_under_their_paragraph(assistant) -> None:
    answer = assistant.ask("What must States do about prison overcrowding?")
    assert answer.kind == "list"
    assert answer.groups == [("adopted:annex:32", [f"adopted:annex:32({x})" for x in "abcd"])]
    assert sorted(c.unit_id for c in answer.citations) == [f"adopted:annex:32({x})" for x in "abcd"]
    assert "(a) The development of specific actions and time-bound targets" in answer.answer
    quotes = {c.unit_id: c.quote for c in answer.citations}
    # Each measure is cited with its action marked, not a qualifier nor the words most like the question.
    assert quotes["adopted:annex:32(a)"] == "The development of specific actions and time-bound targets to address prison overcrowding"
    assert quotes["adopted:annex:32(c)"] == "Promoting and implementing good prison practice"
    assert quotes["adopted:annex:32(b)"].endswith("programmes measures to reduce prison overcrowding")


@pytest.mark.parametrize(
    ("question", "document", "shown"),
    [
        # One of the eight crime prevention measures speaks of racism, one of the five firearms measures of marking.
        ("What does the plan say about racism?", "adopted", ["adopted:annex:26(h)"]),
        ("What should States do about firearms marking?", "adopted", ["adopted:annex:17(b)"]),
        ("What should States do about pre-trial detention?", "adopted", ["adopted:annex:32(a)"]),
    ],
)
def test_a_list_question_on_a_topic_narrower_than_the_plan_gets_only_the_measures_on_it(assistant, question, document, shown) -> None:
    answer = assistant.ask(question, document=document)
    assert answer.kind == "list" and answer.groups[0][1] == shown
    assert [c.unit_id for c in answer.citations] == shown
    assert "only those that speak of" in answer.note


@pytest.mark.parametrize(
    ("question", "document", "paragraph"),
    [
        # The plan's title names the topic, in its words or in others: every measure is on it.
        ("What must States do about prison overcrowding?", "adopted", "adopted:annex:32"),
        ("What should States do about juvenile justice and preventing youth crime under the draft plans of action?", "draft", "draft:annex:36"),
        # No measure speaks of hate crimes closely: all of the closest paragraph's are shown, as for any list question.
        ("What should States do about hate crimes?", "adopted", "adopted:annex:26"),
    ],
)
def test_a_list_question_on_the_plans_own_topic_gets_every_measure(assistant, question, document, paragraph) -> None:
    answer = assistant.ask(question, document=document)
    assert answer.groups[0] == (paragraph, [u.unit_id for u in assistant.corpus.children(paragraph)]) and not answer.note


def test_a_list_question_about_the_centre_helping_states_gets_the_centres_measures(assistant) -> None:
    # It names both the Centre and States; its subject, the Centre, acts in the international section.
    answer = assistant.ask("How will the Centre help States fight terrorism?")
    assert answer.kind == "list" and answer.groups[0][0] == "adopted:annex:24"


def test_a_list_question_about_the_centres_role_gets_the_international_measures_not_the_national_ones(assistant) -> None:
    # Retrieval ranks a national measure on corruption first; the Centre acts in the international section.
    answer = assistant.ask("What is the Centre's role under the plan of action against corruption?")
    assert answer.kind == "list" and answer.groups[0][0] == "adopted:annex:9"
    assert all(c.unit_id.startswith("adopted:annex:9(") for c in answer.citations)


def test_a_list_answer_gives_the_measures_of_the_best_ranked_paragraph(assistant) -> None:
    # Paragraph 7 is on domestic corruption, paragraph 8 on transnational corruption; 8's many subparagraphs
    # also match "corruption", which must not outvote the paragraph that retrieval ranks first.
    answer = assistant.ask("What measures should States take to tackle corruption within their own country?")
    assert answer.kind == "list" and answer.groups[0][0] == "adopted:annex:7"
    assert answer.citations[0].unit_id == "adopted:annex:7(a)"


def test_a_list_question_retrieving_a_plans_opening_first_gets_the_measures_of_that_plan(assistant) -> None:
    # Retrieval ranks paragraph 22, which says what the terrorism plan implements and lists nothing, first.
    answer = assistant.ask("What are the measures against terrorism?")
    assert answer.kind == "list" and answer.groups[0][0] == "adopted:annex:23"
    assert {c.unit_id for c in answer.citations} == {f"adopted:annex:23({letter})" for letter in "abcde"}


def test_a_list_question_on_the_topic_a_plan_is_named_after_gets_that_plans_measures(assistant) -> None:
    # Retrieval ranks the crime prevention plan's 26 (d), on preventing victimization, first; plan IX is "Action on
    # witnesses and victims of crime".
    answer = assistant.ask("What must States do about victims of crime?")
    assert answer.kind == "list" and answer.groups[0][0] == "adopted:annex:29"
    assert {c.unit_id for c in answer.citations} == {"adopted:annex:29(a)", "adopted:annex:29(b)"}


def test_draft_provenance_is_answered_from_the_footnotes(assistant) -> None:
    answer = assistant.ask("Which proposal did Uzbekistan submit?", document="draft")
    assert answer.answer == "E/CN.15/2001/L.1"
    assert answer.citations[0].unit_id == "draft:fn:3"
    canada = assistant.ask("Which country proposed the crime prevention measure on preventing repeat victimization?", document="draft")
    assert "Canada" in canada.answer
    assert {"draft:fn:8", "draft:annex:24(e)"} & {c.unit_id for c in canada.citations}
    assert assistant.ask("Which proposal did Uzbekistan submit?", document="draft").citations[0].label.startswith(
        "Revised draft plans of action (2001)"
    )


def test_out_of_domain_questions_abstain_and_still_show_the_closest_passages(assistant) -> None:
    for question in [
        "Who won the 2002 FIFA World Cup?", "How much vitamin D should an adult take every day?",
        "What is the best football team?", "How do I bake bread?",
    ]:
        answer = assistant.ask(question)
        assert answer.abstained and answer.answer == "" and answer.kind == "abstain"
        assert len(answer.citations) == 5


def test_draft_document_answers_cite_only_the_draft(assistant) -> None:
    answer = assistant.ask("What should States do about the smuggling of migrants?", document="draft")
    assert answer.citations and all(c.unit_id.startswith("draft:") for c in answer.citations)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"question": ""}, "the question is empty"),
        ({"question": "   \n\t "}, "the question is empty"),
        ({"question": "x" * 1001}, "1001 characters long; the limit is 1000"),
        ({"question": "?!... ;;"}, "no words"),
        ({"question": "prison\x00 overcrowding"}, "control characters"),
        ({"question": "prisons", "document": "final"}, "unknown document 'final'; allowed: adopted, draft, both"),
        ({"question": "prisons", "top_k": 0}, "top_k must be from 1 to 50"),
        ({"question": "prisons", "top_k": "3"}, "top_k must be a whole number"),
        ({"question": 42}, "the question must be text"),
    ],
)
def test_bad_input_raises_value_error_saying_what_is_allowed(assistant, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        assistant.ask(**kwargs)
    with pytest.raises(ValueError, match=message):
        assistant.retrieve(**kwargs)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("By when should the convention be finalized?", DATE),
        ("Which article of the Convention applies?", ARTICLE),
        ("Which body provides secretariat services?", BODY),
        ("What unit of the Office is tasked with the measures against terrorism?", BODY),
        ("Which UN body develops technical cooperation projects against the smuggling of migrants?", BODY),
        ("Which Congress adopted the Vienna Declaration?", BODY),
        ("Which General Assembly resolution endorsed the Declaration?", RESOLUTION),
        ("Why were references to restorative justice removed?", REASON),
        ("What document symbol does Finland's proposal carry?", SYMBOL),
        ("What kind of targets should States set?", PHRASE),
        ("When should States review their practices?", DATE),
        ("Over what dates was the Congress held?", DATE),
        ("How quickly are States expected to ratify the convention?", DATE),
        ("What is the deadline for the convention against corruption?", DATE),
        ("Is there a target date for reviewing victims' practices?", DATE),
        ("What is the sales number of the manual?", SYMBOL),
        ("Which State proposed the measure?", COUNTRY),
        ("Which Economic and Social Council resolution contains the Guidelines?", RESOLUTION),
        ("Which earlier document was the revised text meant to replace?", SYMBOL),
        ("Which government ministries should be made aware of corruption?", PHRASE),
        ("Which group of countries is singled out for help to attend the negotiations?", COUNTRY),
        ("Which Vienna Declaration paragraph does the provision based on resolution 1996/16 fall under?", PARAGRAPH),
        ("Which ECOSOC resolution is referenced for the text based on paragraph 88 (h)?", RESOLUTION),
    ],
)
def test_question_analysis_expects_the_right_answer_type(question, expected) -> None:
    assert expected in analyse(question).expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A web site named in passing is no request for one; the proposer is asked for.
        ("Who proposed the item on good practice for victims, for instance through a victimology web site?", (COUNTRY,)),
        ("Which web site does the draft give as an example?", (URL,)),
        ("What is the web address of the International Victimology web site?", (URL,)),
        # "Whose proposal" asks for the proposer; "which proposal" may be named by its document symbol too.
        ("Whose proposal lies behind the juvenile justice item?", (COUNTRY,)),
        ("Which delegation's proposal is the item based on?", (COUNTRY,)),
        ("Which proposal is behind the call to translate the guide?", (COUNTRY, SYMBOL)),
    ],
)
def test_question_analysis_expects_exactly_these_answer_types(question, expected) -> None:
    assert analyse(question).expected == expected


def test_a_kind_of_measures_asked_for_is_the_noun_the_answer_is_built_on() -> None:
    asked = analyse("What kind of measures should States adopt to tackle money-laundering in all its aspects?")
    assert asked.expected == (PHRASE,) and asked.head == "measures"
    # Without "kind of", "measures" names nothing the answer is built on: a list of them is asked for.
    assert analyse("What measures should States adopt against money-laundering?").head is None


def test_a_kind_of_measures_is_answered_by_what_the_text_calls_them(assistant) -> None:
    result = assistant.ask("What kind of measures should States adopt to tackle money-laundering in all its aspects?")
    assert result.answer == "comprehensive measures"
    assert result.citations[0].unit_id == "adopted:annex:20(a)"


def test_a_paragraph_looked_up_is_no_request_for_a_paragraph_reference() -> None:
    assert PARAGRAPH not in analyse("What does paragraph 6 say?").expected


def test_when_inside_a_question_is_no_request_for_a_date() -> None:
    assert DATE not in analyse("Should gender be considered when cutting the number of inmates?").expected
    assert DATE not in analyse("Whose representatives should States consult when adopting measures?").expected


def test_list_questions_are_recognised_and_narrow_ones_are_not() -> None:
    assert analyse("What must States do about prison overcrowding?").is_list
    assert analyse("What international actions on crime prevention will the Centre carry out?").is_list
    assert analyse("What should be done about jails that are too full?").is_list
    assert analyse("What has to be done against money-laundering?").is_list
    assert analyse("How should States tackle prison overcrowding?").is_list
    assert not analyse("By when should the convention be finalized?").is_list
    assert not analyse("What will the Centre provide to the Ad Hoc Committee?").is_list
    # "Take into account" asks for what is considered, not for the steps taken.
    assert not analyse("What should the Centre take into account in its projects and programmes?").is_list
    assert analyse("What steps should the Centre take against terrorism?").is_list
    # A question that sets some measures aside asks for another one, not for all of them.
    assert not analyse("Besides conducting research, what should States do about terrorism?").is_list
    assert not analyse("Aside from encouraging ratification, what steps will the Centre take?").is_list
    assert not analyse("In addition to conducting research, what should States do about terrorism?").is_list
    assert analyse("Are there measures on human trafficking?").is_list
    assert analyse("Are there any steps against corruption?").is_list
    # What is said on a topic is what the plans say about it.
    assert analyse("What is said about women in the criminal justice system?").is_list
    assert analyse("What do the texts say about juvenile justice?").is_list
    assert not analyse("What is said to be the aim of the plans?").is_list
    # A plan named by its topic asks the same: "What does the plan on corruption say about civil society?".
    assert analyse("What does the plan on corruption say about civil society?").is_list
    assert analyse("What does the anti-corruption plan recommend?").is_list
    assert analyse("What does the draft plan on women say about gender bias?").is_list
    assert not analyse("What does the Commission say about the plans?").is_list
    # A few words with no question in them ask what the plans say on that topic; a deadline among them asks for a date.
    assert analyse("prison overcrowding").is_list and analyse("measures against money-laundering").is_list
    assert analyse("corruption convention deadline").expected == (DATE, DEADLINE)


def test_what_is_said_about_a_topic_gets_the_measures_on_it(assistant) -> None:
    answer = assistant.ask("What is said about women in the criminal justice system?")
    assert answer.kind == "list"
    assert assistant.corpus.get(answer.groups[0][0]).plan_title == "Action on the special needs of women in the criminal justice system"


def test_a_topic_typed_as_keywords_gets_the_measures_on_it(assistant) -> None:
    answer = assistant.ask("prison overcrowding")
    # The States' measures (paragraph 32) or the Centre's (33): the words name no actor.
    assert answer.kind == "list" and assistant.corpus.get(answer.groups[0][0]).plan_title.startswith("Action on prison overcrowding")
    assert assistant.ask("corruption convention deadline").answer == "the end of 2003"


@pytest.mark.parametrize(
    ("question", "is_list"),
    [
        ("What do States have to do about money-laundering?", True),
        ("In the draft, what should States do nationally to prevent crime in their communities?", True),
        ("What does the draft firearms plan ask States to put in place?", True),
        ("How will the Centre help victims and witnesses of crime?", True),
        ("How should States support victims?", True),
        ("What are the national actions against corruption?", True),
        ("Is there anything on cybercrime?", True),
        ("Are there any measures against money-laundering?", True),
        ("Is there anything the Centre must report?", False),
        ("How can Governments protect witnesses?", True),
        # The list verb of an infinitive or a purpose, or a noun after a participle, is not what is asked.
        ("What will the Centre encourage States to do regarding the international instruments on terrorism?", False),
        ("What should States consider in order to support the Centre's terrorism-prevention work?", False),
        ("What will the Centre promote in providing support and services to victims and witnesses?", False),
        # "How will the Centre provide X?" asks for a manner.
        ("How will the Centre provide its analytical support on terrorism-related criminal activities?", False),
    ],
)
def test_a_list_question_asks_what_its_actor_does(question: str, is_list: bool) -> None:
    assert analyse(question).is_list is is_list


def test_a_question_naming_measures_or_action_in_passing_asks_for_one_fact() -> None:
    # "action" and "measures" here are a context or the subject, not what is asked for.
    assert not analyse("What should States sign and ratify as part of national action against terrorism?").is_list
    assert not analyse("What should legal and administrative measures on firearms aim to prevent?").is_list
    assert not analyse("Into what should measures against racism be incorporated?").is_list
    assert analyse("What do the plans of action for the Vienna Declaration say about corruption?").is_list
    assert analyse("What measures should States take against corruption?").is_list


def test_a_list_verb_of_a_relative_clause_or_a_specific_request_asks_for_one_fact() -> None:
    # "support" belongs to "that States support"; "asked to encourage assessment of" asks for what is assessed.
    assert not analyse("What are the research efforts that States support meant to monitor and analyse?").is_list
    assert not analyse("What are States asked to encourage assessment of under the plan on crime prevention?").is_list
    assert analyse("What are States asked to do about crime prevention?").is_list
    assert analyse("What are States expected to undertake against corruption?").is_list


def test_a_typed_span_inside_a_prepositional_object_follows_that_preposition(assistant) -> None:
    text = "Recalling that, in its resolution 55/60 of 4 December 2000, it urged Governments to be guided by the results,"
    found = {(c.kind, text[c.start:c.end]): c.preposition for c in candidates(text)}
    assert found[(RESOLUTION, "resolution 55/60 of 4 December 2000")] == "in"
    # "In which resolution": the resolution, not another object of "in" ("consultation with Member States").
    answer = assistant.ask("In which resolution did the General Assembly urge Governments to be guided by the Tenth Congress?")
    assert answer.answer == "resolution 55/60 of 4 December 2000" and answer.citations[0].unit_id == "adopted:pre:3"


def test_a_noun_keeps_its_coordinated_modifiers_the_parser_splits() -> None:
    text = "Making efforts to ensure that adequate regulatory, inspection and investigative powers exist;"
    assert (PHRASE, "adequate regulatory, inspection and investigative powers") in {
        (c.kind, text[c.start:c.end]) for c in candidates(text)
    }


def test_candidates_cover_typed_spans_and_never_cut_a_word() -> None:
    text = ("Proposal by Canada (E/CN.15/2001/L.8, para. 59); see General Assembly resolution 55/61 of 4 December 2000 "
            "and article 6, by the end of 2003.")
    found = {(c.kind, text[c.start:c.end]) for c in candidates(text)}
    assert ("symbol", "E/CN.15/2001/L.8, para. 59") in found
    assert ("resolution", "General Assembly resolution 55/61 of 4 December 2000") in found
    assert ("article", "article 6") in found
    assert ("deadline", "by the end of 2003") in found
    because = "As the subparagraphs that follow may raise cost implications, the words were added."
    assert ("reason", "the subparagraphs that follow may raise cost implications") in {
        (c.kind, because[c.start:c.end]) for c in candidates(because)
    }
    assert ("country", "Canada") in found
    assert ("body", "Proposal by Canada") not in found  # the footnote's opening, not the name of a body
    # A range of days is a date with its month and year, never without.
    meeting = "The Commission decided to hold an inter-sessional meeting from 3 to 5 September 2001 to examine the plans."
    dates = {meeting[c.start:c.end] for c in candidates(meeting) if c.kind == "date"}
    assert "3 to 5 September 2001" in dates and "3 to 5" not in dates
    assert ("paragraph", "para. 59") in found
    publication = "Nos. 41 and 42 (United Nations publication, Sales No. E.93.IV.4); paras. 16 and 17 (a)."
    found = {(c.kind, publication[c.start:c.end]) for c in candidates(publication)}
    assert {("symbol", "E.93.IV.4"), ("paragraph", "paras. 16 and 17 (a)")} <= found
    deleted = "Paragraphs 88 (g), (h) and (l) and 90 (b) and (c) were deleted; see paragraph 6 (b) of the Declaration."
    assert {("paragraph", "Paragraphs 88 (g), (h) and (l) and 90 (b) and (c)"), ("paragraph", "paragraph 6 (b)")} <= {
        (c.kind, deleted[c.start:c.end]) for c in candidates(deleted)
    }
    merged = "Paragraphs 88 (a)-(f) and (i) of the draft plans of action were merged for consistency with other sections."
    found = {(c.kind, merged[c.start:c.end]) for c in candidates(merged)}
    assert {("paragraph", "Paragraphs 88 (a)-(f) and (i)"), ("reason", "for consistency with other sections")} <= found
    entitled = "Take into account resolution 2000/14, entitled “Basic principles on restorative justice”; the words “as appropriate” were added."
    found = {(c.kind, entitled[c.start:c.end]) for c in candidates(entitled)}
    assert {("instrument", "Basic principles on restorative justice"), ("phrase", "as appropriate")} <= found
    amended = "The title was amended to make it conform more with the language of paragraph 18."
    assert ("reason", "to make it conform more with the language of paragraph 18") in {
        (c.kind, amended[c.start:c.end]) for c in candidates(amended)
    }
    languages = "Translate the Guide into the official languages of the United Nations."
    assert ("phrase", "the official languages of the United Nations") in {
        (c.kind, languages[c.start:c.end]) for c in candidates(languages)
    }
    services = "Provide substantive expertise and full secretariat services to the Ad Hoc Committee;"
    assert ("phrase", "substantive expertise and full secretariat services") in {
        (c.kind, services[c.start:c.end]) for c in candidates(services)
    }
    for c in candidates(text):
        assert c.start == 0 or text[c.start - 1] in " (“\"'"
        assert c.end == len(text) or text[c.end] in " ,;:.)”\"'"
        assert text[c.start:c.end].count("(") == text[c.start:c.end].count(")")
    amended = "The reference to victims of transnational crime was amended on the basis of proposals by Finland."
    assert ("The reference to victims of transnational crime", "amended") in {
        (amended[c.start:c.end], c.verb) for c in candidates(amended) if c.verb
    }


def test_a_candidate_never_begins_inside_a_name() -> None:
    text = "Develop a database in cooperation with the United Nations Interregional Crime and Justice Research Institute."
    found = {text[c.start:c.end] for c in candidates(text)}
    assert "the United Nations Interregional Crime and Justice Research Institute" in found
    assert not {"Justice Research Institute", "Research Institute", "Crime and Justice Research Institute"} & found
    # Nor does one stop where the name goes on.
    protocol = "Conform to the Protocol against the Smuggling of Migrants by Land, Sea and Air."
    found = {protocol[c.start:c.end] for c in candidates(protocol)}
    assert "Protocol against the Smuggling of Migrants by Land, Sea and Air" in found and "Protocol" not in found
    # A sentence's first word is no part of the name that follows it: "Proposal by Finland" names no one.
    footnote = "Proposal by Finland (E/CN.15/2001/L.7, annex, para. 12 (b))."
    assert ("country", "Finland") in {(c.kind, footnote[c.start:c.end]) for c in candidates(footnote)}
    # An office held by one person is a body, though one word long.
    office = "It requested the Secretary-General to prepare draft plans; its first Vice-Chairman reported."
    assert {("body", "Secretary-General"), ("body", "first Vice-Chairman")} <= {
        (c.kind, office[c.start:c.end]) for c in candidates(office)
    }
    # Whoever submitted a proposal is a country candidate, known to spaCy's entity recogniser or not.
    submitted = "Proposal submitted by Uzbekistan (E/CN.15/2001/L.1)."
    assert ("country", "Uzbekistan") in {(c.kind, submitted[c.start:c.end]) for c in candidates(submitted)}
    # The verb a resolution's paragraph opens with is no word of the name after it.
    operative = "Invites Governments to consider carefully and use, as appropriate, the plans of action as a guide;"
    found = {operative[c.start:c.end] for c in candidates(operative)}
    assert "Governments" in found and "Invites Governments" not in found
    # A unit named before the body it belongs to is a body of its own.
    branch = "The Terrorism Prevention Branch of the Office for Drug Control and Crime Prevention will, as appropriate:"
    assert ("body", "Terrorism Prevention Branch") in {(c.kind, branch[c.start:c.end]) for c in candidates(branch)}
    # Nor is the verb a measure or a footnote opens with.
    footnote = "Based on General Assembly resolution 52/86, paragraph 11."
    found = {footnote[c.start:c.end] for c in candidates(footnote)}
    assert "General Assembly resolution 52/86" in found
    assert ("body", "Based on General Assembly") not in {(c.kind, footnote[c.start:c.end]) for c in candidates(footnote)}
    measure = "Assist Member States upon request in utilizing the Model Strategies"
    assert ("body", "Member States") in {(c.kind, measure[c.start:c.end]) for c in candidates(measure)}
    assert ("body", "Assist Member States") not in {(c.kind, measure[c.start:c.end]) for c in candidates(measure)}


def test_which_resolution_is_answered_by_a_resolution_named_in_full(assistant) -> None:
    # Not the bare "2000/14 of 27 July 2000" that a phrase candidate gives.
    answer = assistant.ask("Which ECOSOC resolution should States take into account on restorative justice?", document="draft")
    assert answer.answer == "Economic and Social Council resolution 2000/14 of 27 July 2000"
    assert answer.citations[0].unit_id == "draft:annex:45(a)"


def test_where_an_instrument_was_adopted_is_the_resolution_or_body_that_adopted_it() -> None:
    assert analyse("Where were the Model Strategies on violence against women adopted?").expected == (RESOLUTION, BODY)


def test_a_list_is_answered_whole_or_not_at_all() -> None:
    text = ("Promotion of cooperation between the sectors of society, including justice, health, education, social services "
            "and housing, which are necessary to support crime prevention;")
    found = {text[c.start:c.end] for c in candidates(text)}
    assert "justice, health, education, social services and housing" in found
    assert not {"including justice, health, education", "health, education, social services", "housing"} & found
    # "by covering ..." is no list of things: what it covers stays a candidate.
    covering = "Ensure the participation of developing countries, including by covering travel and local expenses;"
    assert "travel and local expenses" in {covering[c.start:c.end] for c in candidates(covering)}


def test_how_something_is_done_is_a_candidate() -> None:
    text = "The Commission considered that the plans should be adopted as a package and promoted through regional seminars."
    found = {text[c.start:c.end] for c in candidates(text)}
    assert {"as a package", "through regional seminars"} <= found


def test_a_noun_phrase_comes_with_its_of_complement() -> None:
    text = "Train law enforcement personnel in the tracing of communications across borders;"
    found = {text[c.start:c.end] for c in candidates(text)}
    assert "the tracing of communications across borders" in found or "the tracing of communications" in found
    assert "the tracing" not in found


def test_what_a_verb_of_the_question_acts_on_is_its_answer(assistant) -> None:
    services = "Provide substantive expertise and full secretariat services to the Ad Hoc Committee;"
    objects = {(services[c.start:c.end], c.verb) for c in candidates(services) if c.verb}
    assert objects == {("substantive expertise and full secretariat services", "provide")}
    # A resolution's opening verb is a verb, not part of a name.
    invites = "Invites Member States and regional and international institutions to strengthen the Programme;"
    assert ("Member States and regional and international institutions", "invites") in {
        (invites[c.start:c.end], c.verb) for c in candidates(invites) if c.verb
    }
    answer = assistant.ask("What will the Centre provide to the committee negotiating the convention against corruption?")
    assert answer.answer == "substantive expertise and full secretariat services"


@pytest.mark.parametrize(
    ("question", "verbs"),
    [
        ("What should States develop at the national level to tackle domestic corruption?", {"develop"}),
        ("What data will the Centre collect and analyse regularly under plan I?", {"collect", "analyse"}),
        ("What kind of measures should States adopt?", {"adopt"}),
        ("What should be criminalized under the national actions against computer-related crime?", {"criminalized"}),
        # An infinitive with an object of its own leaves the question's object to the verb it depends on.
        ("What should States consider to support the Centre's terrorism-prevention activities?", {"consider"}),
        # The tagger takes "convene" after "should the Centre" for a noun; the modal before it makes it a verb.
        ("What should the Centre convene regarding restorative justice?", {"convene"}),
        # A subject, a reason or a prepositional object is no verb's object.
        ("Who will provide assistance?", set()),
        ("Why should States act?", set()),
        ("To whom will the Centre provide assistance?", set()),
    ],
)
def test_the_verbs_whose_object_a_question_asks_for(question, verbs) -> None:
    assert asked_verbs(question) == {stem(v) for v in verbs}


def test_every_verb_a_question_can_ask_about_is_among_its_word_stems() -> None:
    # The reader skips the parse when no unit read has a candidate acted on by one of these stems.
    questions = [q.question for q in load_gold()] + ["What should be re-educated?", "What will the Centre encourage States to do?"]
    for question in questions:
        task = asked_task(question)
        assert asked_verbs(question) | (task.verbs if task else frozenset()) <= _word_stems(question), question


def test_questions_parsed_ahead_in_a_batch_are_parsed_as_one_by_one(monkeypatch) -> None:
    questions = ["What should States develop?", "Invites which bodies to report?", "What should States develop?"]
    alone = [[(t.pos_, t.dep_, t.head.i) for t in parse_question(q)] for q in questions]
    forget_question_parses()
    parse_questions_ahead(questions)
    monkeypatch.setattr(candidates_module, "_nlp", lambda: pytest.fail("parsed again"))
    assert [[(t.pos_, t.dep_, t.head.i) for t in parse_question(q)] for q in questions] == alone


def test_a_batch_parses_ahead_only_the_questions_its_units_give_a_verb_to_look_for(assistant, monkeypatch) -> None:
    import qa.extractive as extractive_module

    reader = assistant.composer.reader
    read = assistant.corpus.get("adopted:annex:20(a)")  # "Adopting comprehensive measures to deal effectively with ..."
    reader.run("What should States adopt?", [read])
    unread = assistant.corpus.get("adopted:annex:20(b)")
    reader._prepared.pop(unread.text, None)
    parsed: list[str] = []
    monkeypatch.setattr(extractive_module, "parse_questions_ahead", parsed.extend)
    questions = ["What should States adopt?", "When is the deadline?", "When is the deadline?"]
    reader.expect(questions, [[read], [read], [read, unread]])
    # A unit not read before may give any verb: its question is parsed too.
    assert parsed == ["What should States adopt?", "When is the deadline?"]


def test_what_the_asked_verb_acts_on_is_the_answer_also_through_its_action_noun(assistant) -> None:
    data = "Carry out the regular collection and analysis of data on transnational organized crime, in consultation with interested States;"
    assert ("data on transnational organized crime", "collection") in {
        (data[c.start:c.end], c.action) for c in candidates(data) if c.action
    }
    answer = assistant.ask("What data will the Centre collect and analyse regularly under plan I?")
    assert answer.answer == "data on transnational organized crime"
    answer = assistant.ask("What will the Centre develop to help States, on request, prevent and combat corruption?")
    assert answer.answer == "technical cooperation projects"


def test_an_answer_ends_before_the_next_measure_its_coordination_adds(assistant) -> None:
    assist = "Assist States in the development of legislation and regulations and provide other expertise or technical cooperation;"
    start = assist.index("legislation")
    assert without_next_measure(assist, start, len(assist) - 1) == (start, assist.index(" and provide"))
    # Verbs coordinated with each other inside the span are one answer.
    revise = "Revise and update the manual on practical measures against corruption;"
    assert without_next_measure(revise, 0, len(revise) - 1) == (0, len(revise) - 1)
    answer = assistant.ask("In developing what will the Centre assist States so that they can ratify the organized crime instruments?")
    assert answer.answer == "legislation and regulations"


def test_an_answer_never_cuts_a_coordination_it_is_part_of() -> None:
    agencies = "Establish or expand agencies responsible for the prevention, detection and control of transnational organized crime;"
    start, end = completed_coordination(agencies, agencies.index("agencies"), agencies.index(", detection"))
    assert agencies[start:end].startswith("agencies responsible for the prevention, detection and control")
    activities = "Analyse the nature and extent of domestic and regional trafficking activities;"
    start, end = completed_coordination(activities, activities.index("regional"), activities.index(";"))
    assert activities[start:end] == "domestic and regional trafficking activities"
    assistance = "Provide to States, on request, technical assistance;"
    start, end = completed_coordination(assistance, assistance.index("technical"), assistance.index(";"))
    assert assistance[start:end] == "technical assistance"


def test_a_member_of_a_list_the_parser_misses_is_answered_with_the_whole_list() -> None:
    educate = "to educate officials, the general public and potential migrants about the true nature of smuggling"
    whole = "officials, the general public and potential migrants"
    for member in ("officials", "the general public", "potential migrants"):
        start = educate.index(member)
        assert educate[slice(*listed_members(educate, start, start + len(member)))] == whole
    forms = "assist States in improving prison conditions through advisory services, needs assessment, capacity-building, training or other assistance."
    start = forms.index("advisory")
    assert forms[slice(*listed_members(forms, start, start + len("advisory services")))] == (
        "advisory services, needs assessment, capacity-building, training or other assistance"
    )
    # A comma that joins no list of noun phrases, and a span that is no short noun phrase, are left as they are.
    aside = "In cooperation with States, the Centre will provide advice"
    assert listed_members(aside, aside.index("States"), aside.index(",")) == (aside.index("States"), aside.index(","))
    clause = "the analysis of trends and to assess the effects of such criminality"
    start = clause.index("to assess")
    assert listed_members(clause, start, len(clause)) == (start, len(clause))


def test_the_members_listed_after_the_asked_noun_answer_which_of_them(assistant) -> None:
    question = "Which sectors of society are named as needing close cooperation for community-based crime prevention?"
    assert _best_span(assistant, question, "draft:annex:24(a)") == "justice, health, education, social services and housing"


def test_people_named_by_what_they_do_are_people() -> None:
    text = "training for those involved in the development and implementation of restorative justice policies and programmes;"
    people = {text[c.start:c.end] for c in candidates(text) if c.kind == PEOPLE}
    assert "those involved in the development and implementation of restorative justice policies and programmes" in people


def test_requesting_states_are_people_the_parser_took_for_a_verb_and_its_object() -> None:
    text = "in order to assist requesting States in implementing those activities"
    assert "requesting States" in {text[c.start:c.end] for c in candidates(text) if c.kind == PEOPLE}
    verb = "The Centre will help by requesting States to report on their practice"
    assert "requesting States" not in {verb[c.start:c.end] for c in candidates(verb) if c.kind == PEOPLE}


def test_what_someone_is_asked_to_do_is_what_follows_the_asking_verb(assistant) -> None:
    encouraged = asked_task("What will the Branch encourage States to do with the relevant international instruments?")
    assert encouraged is not None and "encourag" in encouraged.verbs and encouraged.addressee == {"state"}
    assert asked_task("What are the Centre's firearms projects meant to do?") is None
    assert asked_task("What is the Secretariat invited to discuss with the institutes?") is None
    question = "What will the Branch encourage States to do with the relevant international instruments?"
    assert _best_span(assistant, question, "draft:annex:22(f)") == "sign and ratify such instruments"
    # The parser hangs this "what" on "invite" itself; "to do" still makes it the task asked for.
    invited = "What does the General Assembly invite the Commission to do?"
    assert asked_task(invited) == AskedTask(DIRECTIVES, frozenset({"commiss"}))
    assert assistant.ask(invited).answer.startswith("follow up the implementation of the plans of action")
    # What someone decided is what follows "decided to".
    decided = "What did the Commission decide at its tenth session?"
    assert asked_task(decided) == AskedTask(frozenset({"decid"}), frozenset())
    answer = assistant.ask(decided, document="draft")
    assert answer.answer == "hold an inter-sessional meeting from 3 to 5 September 2001 to examine the draft plans of action"
    assert answer.citations[0].unit_id == "draft:note:3"
    assert asked_task("What did the Commission decide to hold?") is None


@pytest.mark.parametrize(
    ("question", "unit_id", "answer"),
    [
        # The resolution "invites" the Commission; a user asks with any verb that asks someone to act.
        ("What is the Commission requested to do?", "adopted:res:8",
         "follow up the implementation of the plans of action and to make any recommendations as appropriate"),
        # "to ensure" is parsed as a purpose of "Requests"; "what" hangs on the passive's auxiliary.
        ("What is the Secretary-General requested to do?", "adopted:res:3",
         "ensure the widest possible circulation of the plans of action"),
        # Retrieval ranks a corruption measure and the Secretary-General's paragraph first; the task asked of
        # Governments answers, its aside (", as appropriate,") and its list of objects kept.
        ("What does the General Assembly invite Governments to do?", "adopted:res:4",
         "consider carefully and use, as appropriate, the plans of action as a guide in their efforts to formulate "
         "legislation, policies and programmes in the field of crime prevention and criminal justice, for the purpose of "
         "implementing and following up on the commitments undertaken in the Vienna Declaration"),
        ("What is the Secretariat asked to do?", "adopted:res:6",
         "discuss with the institutes of the United Nations Crime Prevention and Criminal Justice Programme network "
         "their possible contribution to the implementation of the plans of action, under the coordination of the "
         "Commission on Crime Prevention and Criminal Justice"),
        ("What did the Tenth Congress invite the Commission to do?", "adopted:pre:2",
         "design specific measures for the implementation of and follow-up to the commitments undertaken in the Declaration"),
    ],
)
def test_what_a_resolution_asks_someone_to_do_is_answered_whole(assistant, question, unit_id, answer) -> None:
    answered = assistant.ask(question)
    assert answered.answer == answer
    assert answered.citations[0].unit_id == unit_id


def test_a_task_ends_with_its_clause_not_at_the_first_comma_or_and_of_its_object() -> None:
    def tasks(text: str) -> list[str]:
        return [text[c.start:c.end] for c in candidates(text) if c.kind == TASK]

    exists = "Making efforts to ensure that adequate powers exist to permit the identification, tracing, seizure, confiscation and disposal of proceeds of crime;"
    assert tasks(exists) == ["permit the identification, tracing, seizure, confiscation and disposal of proceeds of crime"]
    # "and, where feasible, provide ..." is the next thing the Centre does, not what it encourages States to do.
    encouraged = (
        "Take measures to raise awareness of the relevant international instruments, encourage States to sign and "
        "ratify such instruments and, where feasible, provide assistance in implementing such instruments to States;"
    )
    assert tasks(encouraged) == ["sign and ratify such instruments"]
    invited = "Invites the Secretary-General to discuss with the institutes of the United Nations Crime Prevention and Criminal Justice Programme network their possible contribution;"
    assert tasks(invited) == [
        "discuss with the institutes of the United Nations Crime Prevention and Criminal Justice Programme network their possible contribution"
    ]
    assert [c.addressee for c in candidates(invited) if c.kind == TASK] == ["the Secretary-General"]


@pytest.mark.parametrize(
    ("text", "phrase", "cut"),
    [
        (
            "Provide technical cooperation to facilitate the ratification of the convention.",
            "technical cooperation to facilitate the ratification of the convention", "technical cooperation",
        ),
        (
            "Develop public information about trafficking in persons to educate potential victims.",
            "public information about trafficking in persons to educate potential victims",
            "public information about trafficking in persons",
        ),
        # What an ability or a need is, not what it is for.
        ("Achieve an enhanced ability to cooperate with other States.", "an enhanced ability to cooperate with other States", None),
        ("Bear in mind the need to protect privacy.", "the need to protect privacy", None),
    ],
)
def test_a_noun_phrase_ends_before_the_infinitive_of_its_purpose(text, phrase, cut) -> None:
    start = text.index(phrase)
    assert text[slice(*without_infinitive(text, start, start + len(phrase)))] == (cut or phrase)


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        ("Promoting the re-education and rehabilitation of juvenile offenders", "What should States promote for young offenders?",
         "the re-education and rehabilitation of juvenile offenders"),
        ("assessment of the effectiveness of crime prevention programmes", "What should States encourage assessment of?",
         "the effectiveness of crime prevention programmes"),
        ("measures to strengthen its infrastructure and capacity", "What will the Branch propose measures to strengthen?",
         "its infrastructure and capacity"),
        # A restated modifier is part of the answer; a verb coordinated with another is no lead-in.
        ("national and regional studies on victims", "What studies should be made of national justice systems?",
         "national and regional studies on victims"),
        ("Prepare and disseminate internationally agreed materials", "What materials will be prepared?",
         "Prepare and disseminate internationally agreed materials"),
        ("Establishing or maintaining effective systems for licensing", "Which systems should States establish?",
         "Establishing or maintaining effective systems for licensing"),
    ],
)
def test_an_answer_begins_after_the_words_that_restate_the_question(text, question, answer) -> None:
    stems = frozenset(content_stems(question))
    assert text[after_restated_lead(text, 0, len(text), stems):] == answer


@pytest.mark.parametrize(
    ("phrase", "head", "answer"),
    [
        ("urban areas and measures for its effective prevention", "areas", "urban areas"),
        ("law enforcement and criminal justice personnel and support to the administration", "personnel",
         "law enforcement and criminal justice personnel"),
        # Every member is one of those asked for; a bare noun says no more than the question.
        ("developing countries and countries with economies in transition", "countries", None),
        ("the information and materials on violence against women", "information", None),
    ],
)
def test_an_answer_ends_at_the_noun_asked_for_where_another_kind_of_thing_follows(phrase, head, answer) -> None:
    assert phrase[slice(*ending_at_head(phrase, 0, len(phrase), head))] == (answer or phrase)


def test_what_measures_are_incorporated_into_ends_before_the_measures() -> None:
    text = "incorporate into international crime prevention strategies and norms measures to prevent and combat crime"
    start = text.index("international")
    assert text[slice(*without_run_on_object(text, start, len(text)))] == "international crime prevention strategies and norms"
    plain = "to take effective measures against crime"
    assert without_run_on_object(plain, 0, len(plain)) == (0, len(plain))


def test_what_examples_are_given_is_answered_by_what_follows_such_as(assistant) -> None:
    question = "What examples of activities to train officials in combating money-laundering are given?"
    assert _best_span(assistant, question, "adopted:annex:20(h)") == "training workshops and seminars"
    question = "Which restorative practice is expressly included among the proposals the expert meeting will examine?"
    assert _best_span(assistant, question, "adopted:annex:48(c)") == "mediation"
    # "Name a ..." asks for one example too.
    question = "Name a traditional crime whose definition should be amended to cover offences committed through computer networks."
    assert _best_span(assistant, question, "draft:annex:33(a)") == "fraud"


@pytest.mark.parametrize(
    ("question", "unit_id", "answer"),
    [
        ("What should the Centre convene regarding restorative justice?", "adopted:annex:48(c)", "a meeting of experts"),
        ("Whom should the Centre assist in establishing bilateral cooperation?", "adopted:annex:4(c)", "States"),
    ],
)
def test_a_measure_opening_on_a_verb_the_tagger_takes_for_a_name_is_read_as_a_verb(assistant, question, unit_id, answer) -> None:
    # "Convene a meeting of experts ..." and "Assist States ..." are parsed with the verb in lower case.
    assert _best_span(assistant, question, unit_id) == answer


def test_states_answer_a_question_that_does_not_name_them(assistant) -> None:
    # "States" is a word every question shares, not one the question repeats.
    assert assistant.ask("Whom will the Centre assist in the development of legislation and regulations?").answer == "States"
    assert assistant.ask("Who is to endeavour to address transnational corruption?", document="draft").answer == "States"
    # A body of the United Nations is not States.
    question = "Which UN body develops technical cooperation projects against the smuggling of migrants?"
    assert _best_span(assistant, question, "adopted:annex:15") == "The Centre for International Crime Prevention"
    # A question naming States is not answered by them.
    assert _best_span(assistant, "Whom should States assist in establishing bilateral cooperation?", "adopted:annex:4(c)") != "States"


def test_a_span_of_nothing_but_the_questions_words_is_no_answer(assistant) -> None:
    question = "What kinds of internationally agreed materials will the Centre disseminate to help legislators?"
    assert _best_span(assistant, question, "adopted:annex:36(b)") == (
        "guidelines, legal and technical manuals, minimum standards, proven practices and model legislation"
    )


def test_the_other_ones_are_answered_by_the_ones_named_before_them() -> None:
    text = "encourage the use of mediation, conflict resolution, conciliation and other methods of restorative justice as alternatives"
    start, end = text.index("other"), text.index(" as alternatives")
    assert text[slice(*members_before_other(text, start, end))] == "mediation, conflict resolution, conciliation"
    alone = "cooperate with other relevant international organizations"
    start = alone.index("other")
    assert members_before_other(alone, start, len(alone)) == (start, len(alone))


def test_which_paragraph_of_a_document_is_a_paragraph_of_that_document(assistant) -> None:
    assert paragraph_owner("Which paragraph of the Vienna Declaration refers to disparities based on gender?").search(
        "paragraph 11 of the Declaration"
    )
    assert paragraph_owner("Which paragraph of document E/CN.15/2001/L.8 is cited?").search("Canada (E/CN.15/2001/L.8, para. 83)")
    assert not paragraph_owner("Which paragraph of document E/CN.15/2001/L.8 is cited?").search("E/CN.15/2001/L.80")
    assert paragraph_owner("What does paragraph 6 say?") is None
    question = "Which paragraph of the Vienna Declaration refers to disparities based on gender?"
    assert _best_span(assistant, question, "draft:fn:33") == "paragraph 11"


def test_at_what_level_is_answered_by_the_levels_named() -> None:
    assert analyse("At what levels should crime prevention strategies be developed?").expected == (LEVEL,)
    text = (
        "to develop comprehensive international, regional, national and local crime prevention strategies at the national level"
        " and exchange experience at the international and regional levels"
    )
    levels = {text[c.start:c.end] for c in candidates(text) if c.kind == LEVEL}
    assert levels == {"international, regional, national and local", "national level", "international and regional levels"}


def test_a_purpose_is_asked_and_answered_like_a_reason(assistant) -> None:
    assert analyse("For what purpose will the Centre make use of the international database on victims?").expected == (REASON,)
    assert analyse("What are national institutions supposed to achieve in government?").expected == (REASON,)
    assert analyse("What is the purpose of reviewing legislation relating to criminal matters?").expected == (REASON,)
    answer = assistant.ask("What is the purpose of reviewing legislation relating to criminal matters?")
    assert answer.answer == "ensure that women are treated fairly by the criminal justice system"  # not "in a manner consistent ..."
    # "For what purpose" asks for no span after "for" ("training for law enforcement personnel").
    assert analyse("For what purpose will the Centre provide advisory services and training?").prepositions == ()
    enable = "provide training to States to enable them to improve prison conditions."
    assert "enable them to improve prison conditions" in {enable[c.start:c.end] for c in candidates(enable) if c.kind == REASON}
    unit = assistant.corpus.get("adopted:annex:27(c)")
    best = assistant.composer.reader.read("Why will the Centre contribute to the exchange of information and experience?", [unit], top_k=1)[0]
    assert best.text.startswith("encouraging new forms of collaboration between countries")


def test_why_is_answered_by_the_reason_not_by_a_name(assistant) -> None:
    footnote = assistant.corpus.get("draft:fn:36")
    best = assistant.composer.reader.read("Why was the Centre's mandate made subject to the availability of resources?", [footnote], top_k=1)[0]
    assert best.text == "the subparagraphs that follow may raise cost implications in relation to technical assistance or other matters"


def test_the_head_noun_alone_is_no_answer(assistant) -> None:
    unit = assistant.corpus.get("adopted:annex:35(c)")
    best = assistant.composer.reader.read("For what kind of assistance requests should law enforcement be trained?", [unit], top_k=1)[0]
    assert best.text != "requests" and "tracing of communications" in best.text


def test_which_countries_may_be_answered_by_a_kind_of_countries(assistant) -> None:
    unit = assistant.corpus.get("adopted:annex:18(a)")
    best = assistant.composer.reader.read("Which countries in particular should the firearms projects assist?", [unit], top_k=1)[0]
    assert "countries with economies in transition" in best.text


def test_a_question_for_who_did_something_is_no_change_question(assistant) -> None:
    # "became resolution 56/261" names both versions, but the question asks for sponsors, whom no text names.
    answer = assistant.ask("Which Member States sponsored the draft resolution that became resolution 56/261?", document="both")
    assert answer.kind == "abstain" and answer.reason == "None of the closest passages gives the names of countries."
    assert assistant.ask("Was the international fund for victims kept in the adopted text?", document="both").kind == "comparison"


def test_with_both_texts_chosen_a_change_question_need_not_name_the_versions(assistant) -> None:
    kept = assistant.ask("Was the measure on the international fund for victims kept?", document="both")
    assert kept.kind == "comparison" and kept.citations[0].unit_id == "draft:annex:28(b)"
    deleted = assistant.ask("What was deleted from the draft plan on corruption?", document="both")
    assert deleted.kind == "list" and deleted.citations[0].unit_id.startswith("draft:annex:")
    # Asked of the draft alone, "deleted" is about the draft's own editing, and no comparison.
    assert assistant.ask("What was deleted from the draft plan on corruption?", document="draft").kind not in ("comparison", "list")


def test_what_was_deleted_from_or_added_to_a_plan_lists_every_such_provision(assistant) -> None:
    # Read off the alignment: the one draft provision of plan II without an adopted counterpart, the one adopted
    # provision of plan VII without a draft one.
    deleted = assistant.ask("Which measures were deleted from the draft plan on corruption?", document="both")
    assert [c.unit_id for c in deleted.citations] == ["draft:annex:6(a)"]
    assert deleted.answer.startswith("Plan II (Action against corruption): 1 draft provision was deleted")
    assert "Draft para. 6 (a): “Participation in the intergovernmental open-ended expert group" in deleted.answer
    added = assistant.ask("What was added to the plan on terrorism in the adopted text?", document="both")
    assert [c.unit_id for c in added.citations] == ["adopted:annex:23(e)"]
    assert "1 provision was added in the adopted text" in added.answer
    # None at all: the plan's tally, citing its opening paragraph in both texts.
    none = assistant.ask("What was deleted from the plan on juvenile justice?", document="both")
    assert none.answer.startswith("Plan XII (Action on juvenile justice): no draft provision was deleted. Draft to adopted:")
    assert [c.unit_id for c in none.citations] == ["draft:annex:35", "adopted:annex:37"]
    # One provision's fate is still told as its comparison.
    assert assistant.ask("What was deleted from paragraph 7 of the corruption plan?", document="both").kind == "comparison"


@pytest.mark.parametrize(
    ("question", "asks_change"),
    [
        ("Was the measure on witness protection kept?", True),
        ("What changed in plan VII?", True),
        ("How did the plan on terrorism change?", True),
        ("What changes were made to plan II?", True),
        ("Did the measure on victims' funds survive?", True),
        # A change the texts recommend, or a word of change about the world, asks what the texts say.
        ("What kinds of differences should studies of urban crime consider?", False),
        ("What must be kept in mind when developing crime prevention practices for juveniles?", False),
        ("Which definitions should be amended to cover computer crime?", False),
        ("What effects of technological change should discussions with industry cover?", False),
        ("How long must service providers retain traffic data?", False),
        # Why a change was made, and what became of the earlier draft, the revised draft's footnotes tell.
        ("Why were the words subject to the availability of resources added?", False),
        ("Which paragraphs of the earlier draft were merged?", False),
    ],
)
def test_with_both_texts_chosen_a_change_must_be_asked_about_as_one(question, asks_change) -> None:
    assert is_change_question(question, document="both") is asks_change


def test_which_plan_changed_most_or_least_ranks_every_plan(assistant) -> None:
    most = assistant.ask("Which plan was most changed?")
    lines = most.answer.splitlines()
    assert (most.kind, len(lines), len(most.citations)) == ("list", 16, 15)
    # Six of the terrorism plan's 14 provisions were moved, deleted or added: the largest share of any plan.
    assert lines[1] == (
        "Plan VII (Action against terrorism): 13 of 14 provisions changed (6 reworded, 5 moved, 1 unchanged, 1 deleted, 1 added)"
    )
    assert most.citations[0].unit_id == "adopted:annex:22"
    least = assistant.ask("Which plan changed the least between the draft and the adopted text?", document="both")
    assert least.answer.splitlines()[1].startswith("Plan V (Action against the illicit manufacturing") and "least changed first" in least.answer
    assert not assistant.ask("Which plan deals with most measures on corruption?").answer.startswith("Draft to adopted")


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Was the measure on football hooligans kept in the adopted text?", "No passage is close in meaning to the question."),
        ("Was the measure on whistle-blowers kept?", "No passage is close in meaning to the question."),
    ],
)
def test_a_change_question_about_what_the_texts_never_speak_of_is_abstained_on(assistant, question, reason) -> None:
    answer = assistant.ask(question, document="both")
    assert (answer.kind, answer.abstained, answer.answer, answer.reason) == ("abstain", True, "", reason)
    assert answer.citations  # the closest passages are still shown


@pytest.mark.parametrize(
    "question",
    [
        "In what manner should the draft plans be approved?",
        "By what means should States share best practices?",
        "What aspects of domestic corruption should States assess?",
    ],
)
def test_generic_nouns_ask_like_how_and_what_not_for_a_phrase_built_on_them(question) -> None:
    # No answer is built on "manner" or "aspects"; these ask what "how" and "what" ask.
    kind = analyse(question)
    assert kind.expected == ("clause",) and kind.head is None


def test_which_protocol_names_the_noun_its_answer_is_called_by(assistant) -> None:
    kind = analyse("Which protocol should national laws against the smuggling of migrants conform to?")
    assert kind.expected == (INSTRUMENT,) and kind.head == "protocol"
    assert analyse("Which office will run the programme?").head == "office"
    assert analyse("Who chairs the Committee?").head is None
    answer = assistant.ask("Which declaration sets out the violence against women the Centre collects information on?")
    assert answer.answer == "Declaration on the Elimination of Violence against Women"


def test_whole_unit_baseline_returns_whole_texts_in_order(corpus) -> None:
    units = [corpus.get("adopted:annex:6(c)"), corpus.get("adopted:annex:6(d)")]
    spans = WholeUnitReader().read("anything", units, top_k=1)
    assert [(s.unit_id, s.start, s.end, s.text) for s in spans] == [("adopted:annex:6(c)", 0, len(units[0].text), units[0].text)]


def test_paraphrases_in_words_the_texts_never_use_are_still_answered(assistant) -> None:
    for question in [
        # ("What about graft?" is abstained on: see UNFAMILIAR_TOPIC_THRESHOLD.)
        "What should governments do about guns?", "What about gun-running?", "What about bribes?",
        "Can the authorities freeze and take away ill-gotten gains?",  # the least close answerable question of the dev split
    ]:
        assert not assistant.ask(question).abstained, question


def test_the_least_familiar_unknown_word_is_the_one_with_the_weakest_best_match_by_hand() -> None:
    import numpy as np

    from embeddings.tokens import TokenVectors
    from qa.vocabulary import CorpusVocabulary

    corpus_tokens = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    vocabulary = CorpusVocabulary(["Firearms and prisons."], corpus_tokens)
    question = "Guns, jails-overcrowding and prisons?"
    # Word pieces: "Guns" (0:4), "jails" (6:11), "-" (11:12), "overcrowding" (12:24), "prisons" (29:36).
    offsets = np.array([[0, 4], [6, 11], [11, 12], [12, 24], [29, 36]])
    vectors = np.array([[0.28, 0.96], [0.8, 0.6], [1.0, 0.0], [0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    # "prisons" is known and "Guns" matches at 0.96; the compound's best word piece reaches only 0.8 (the
    # hyphen, a perfect match, is no word of it).
    unknown = vocabulary.least_familiar(question, TokenVectors(offsets, vectors))
    assert unknown.word == "jails-overcrowding" and np.isclose(unknown.similarity, 0.8)
    assert vocabulary.least_familiar("Prisons and firearms?", TokenVectors(offsets[:0], vectors[:0])) is None
    # The word pieces of the words the texts never use: "Guns" and both words of the compound, not its hyphen.
    assert vocabulary.unfamiliar_rows(question, TokenVectors(offsets, vectors)) == {0, 1, 3}


def test_a_count_is_answered_only_where_the_text_counts_that_thing(assistant) -> None:
    assert analyse("How many meetings were allocated?").counted == "meetings"
    assert analyse("How much money is set aside?").counted == "money"
    assert analyse("What must States do?").counted is None
    meetings = assistant.ask("How many meetings did the Commission allocate to the draft plans?", document="draft")
    assert not meetings.abstained and meetings.answer == "six meetings"
    # The plan on restorative justice convenes experts without saying how many; no text states an amount of money.
    assert assistant.ask("How many experts will attend the meeting on restorative justice?").abstained
    assert assistant.ask("How much money will the Centre receive for the plans of action?").abstained


def test_a_question_for_a_typed_answer_gets_a_span_of_that_type(assistant) -> None:
    # The best-ranked unit (paragraph 19) has no article; the answer comes from 20 (b), which has one.
    answer = assistant.ask("Under which article of the Convention should money-laundering be criminalized?")
    assert answer.answer == "article 6" and answer.citations[0].unit_id == "adopted:annex:20(b)"
    # A count of the thing asked about beats another number in the same text.
    from dataclasses import replace

    unit = replace(assistant.corpus.get("draft:note:2"), text="After 11 meetings, the Committee had considered six draft plans.")
    for question, count in [("How many meetings were held?", "11 meetings"), ("How many draft plans were considered?", "six")]:
        assert assistant.composer.reader.read(question, [unit], top_k=1)[0].text == count, question


def test_the_vocabulary_check_finds_the_same_words_alone_and_in_a_batch(assistant) -> None:
    questions = ["What is the best football team?", "What about graft?", "What must States do about prisons?"]
    encoded = assistant.retriever.encode_many(questions)
    vocabulary = assistant.composer.vocabulary
    batch = vocabulary.least_familiar_many(questions, [e.tokens for e in encoded])
    alone = [vocabulary.least_familiar(q, e.tokens) for q, e in zip(questions, encoded)]
    assert [u and u.word for u in batch] == [u and u.word for u in alone] == ["football", "graft", None]
    assert [u.similarity for u in batch[:2]] == pytest.approx([u.similarity for u in alone[:2]])
    assert batch[0].similarity < 0.26 < batch[1].similarity



@pytest.mark.parametrize(
    ("question", "footnote"),
    [
        ("Where is the Declaration on the Elimination of Violence against Women published?", "adopted:fn:11"),
        ("Where is the protocol against the illicit manufacturing of firearms set out?", "adopted:fn:5"),
    ],
)
def test_a_question_asking_for_no_type_is_answered_from_the_first_retrieved_unit(assistant, question, footnote) -> None:
    # Retrieval ranks the footnote first; the reader, left to compare spans across units, would prefer a
    # span of the text that cites it.
    assert analyse(question).expected == ("clause",) and not analyse(question).head
    answer = assistant.ask(question)
    assert not answer.abstained and answer.citations[0].unit_id == footnote
    assert answer.answer in assistant.corpus.get(footnote).text


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What is the best football team?", "The texts never use “football” or anything close to it."),
        ("What penalty does the plan set for money-laundering?", "None of the closest passages gives a penalty."),
        ("How many experts will attend the meeting on restorative justice?", "None of the closest passages gives a number."),
        ("Does the plan mention the International Criminal Court?", "The texts never mention “International Criminal Court”."),
        # Every word is familiar, but no unit is about anything like it.
        ("What is the tallest building in the world?", "No passage is close in meaning to the question."),
        ("Who is the director of the Centre for International Crime Prevention?", "None of the closest passages gives the name of a person."),
        ("When will the Commission hold its eleventh session?", "The texts never mention “eleventh session”."),
        ("How often should the Commission review the implementation of the plans?", "None of the closest passages gives a frequency."),
    ],
)
def test_an_abstention_says_why(assistant, question, reason) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and answer.reason == reason
    assert not assistant.ask("By when should the convention against corruption be finalized?").reason


@pytest.mark.parametrize(
    ("check", "question", "unmentioned"),
    [
        ("unmentioned_name", "Which article of the Organized Crime Convention covers laundering?", None),
        ("unmentioned_name", "What will the Centre for International Crime Prevention do?", None),
        ("unmentioned_name", "Who won the 2002 FIFA World Cup?", "FIFA World Cup"),
        # The texts spell abbreviations out ("non-governmental organizations").
        ("unmentioned_name", "What should States develop with other Governments and NGOs?", None),
        # A possessive "'s" is no word of the name.
        ("unmentioned_name", "Who supports the Ad Hoc Committee's work on a convention against corruption?", None),
        # "the ninth and tenth sessions" names both; nothing after them is named.
        ("unmentioned_occasion", "What did the Commission do at its ninth and tenth sessions?", None),
        ("unmentioned_occasion", "What was decided at the resumed tenth session?", None),
        ("unmentioned_occasion", "What will the Twelfth Congress discuss?", "Twelfth Congress"),
    ],
)
def test_a_name_or_session_the_texts_know_is_no_unmentioned_one(assistant, check, question, unmentioned) -> None:
    assert getattr(assistant.composer.vocabulary, check)(question) == unmentioned


def test_the_noun_and_the_verb_of_an_analysis_share_a_stem() -> None:
    assert stem("analysis") == stem("analyse") == stem("analyze") == stem("analyses")
    assert stem("paralysis") == stem("paralyse")


def test_what_should_be_done_gets_the_measures(assistant) -> None:
    answer = assistant.ask("What should be done about jails that are too full?")
    assert answer.kind == "list" and answer.groups[0][0] == "adopted:annex:32"


@pytest.mark.parametrize(
    ("unit_id", "span", "head", "widened"),
    [
        ("adopted:annex:27(h)", "a handbook", None, "a guide for policy makers and a handbook on proven practices in the area of crime prevention"),
        ("adopted:annex:41(b)", "prisoners and offenders", None, "criminal justice practitioners, victims, witnesses, prisoners and offenders"),
        # A name before common nouns is one of the conjuncts.
        ("adopted:res:7", "regional and international institutions", None,
         "Member States and regional and international institutions, including financial institutions"),
        # The noun the question asks about ("which kind of handbook") is answered alone.
        ("adopted:annex:27(h)", "a handbook", "handbook", "a handbook"),
        # No conjunct, or more than a noun phrase: unchanged.
        ("draft:fn:28", "Canada", None, "Canada"),
        ("adopted:annex:27(h)", "Develop a guide", None, "Develop a guide"),
    ],
)
def test_a_conjunct_is_widened_to_its_whole_coordination(corpus, unit_id, span, head, widened) -> None:
    from qa.candidates import whole_coordination

    text = corpus.get(unit_id).text
    start = text.index(span)
    low, high = whole_coordination(text, start, start + len(span), head)
    assert text[low:high] == widened and low <= start and high >= start + len(span)


def test_the_reader_answers_with_every_member_of_a_coordination(assistant) -> None:
    answer = assistant.ask("Whose special needs as women should criminal justice strategies address?")
    assert answer.answer == "criminal justice practitioners, victims, witnesses, prisoners and offenders"
    answer = assistant.ask("What publications on crime prevention will the Centre develop?")
    assert answer.answer.startswith("a guide for policy makers and a handbook")


def test_a_whose_question_is_answered_by_the_owner_not_by_what_it_owns(assistant) -> None:
    from dataclasses import replace

    unit = replace(
        assistant.corpus.get("adopted:annex:20(b)"),
        text="States should support the terrorism-prevention activities of the Centre for International Crime Prevention.",
    )
    spans = assistant.composer.reader.read("Whose activities should States support?", [unit], top_k=1)
    assert spans[0].text == "the Centre for International Crime Prevention"
    assert analyse("On whose participation should the strategies be based?").possessor
    # A relative "whose", and a proposer or government (a country), ask for no owner.
    assert not analyse("Name a traditional crime whose definition should be amended.").possessor
    assert not analyse("Whose proposal lies behind the paragraph?").possessor
    answer = assistant.ask("Whose government established the international database on victims legislation?")
    assert "Government of the Netherlands" in answer.answer
    # With nothing else to say what it is, an owner is a body, a country or a group of people, not a clause.
    assert COUNTRY in analyse("Whose full and effective participation does the draft ask States to promote?").expected
    answer = assistant.ask(
        "Whose full and effective participation in the corruption negotiations does the draft ask States to promote?",
        document="draft",
    )
    # Not "least developed countries, in the deliberations of the ... expert group and the ad hoc committee".
    assert answer.answer.endswith("least developed countries")
    assert answer.citations[0].unit_id == "draft:annex:6(c)"


def test_a_where_question_is_answered_by_the_place_a_preposition_names(assistant) -> None:
    assert analyse("Where will the Centre keep studying crime?").prepositions[:2] == ("in", "to")
    # Where a text is published, or where a provision comes from, is a source, not a place.
    assert analyse("Where was the Compendium published?").prepositions == ()
    assert analyse("Where does the mandate for updating the Compendium come from?").prepositions == ()
    answer = assistant.ask("Where should the Centre take account of measures to assist victims and witnesses?")
    assert answer.answer == "its projects and programmes"


def test_who_receives_something_is_answered_by_whom_it_is_for(assistant) -> None:
    assert analyse("Who should receive training on gender bias?").prepositions == ("for",)
    assert analyse("Who will receive secretariat services?").prepositions == ("for",)
    assert analyse("Who will provide training on gender bias?").prepositions == ()
    # "... training ... on issues of gender bias and violence against WOMEN for relevant United Nations staff members".
    assert assistant.ask("Who should receive training on gender bias?").answer == "relevant United Nations staff members"


def test_who_gathers_something_is_the_whole_agent_of_gathered_by(assistant) -> None:
    answer = assistant.ask("Who gathers information on violence against women?", document="draft")
    assert answer.answer.startswith("Governments and United Nations treaty bodies, special rapporteurs")


def test_a_deadline_after_by_is_no_means(assistant) -> None:
    # Draft 26: "... to review relevant practices by 2002 where possible, ...".
    assert not _best_span(assistant, "How are the plans of action to be funded?", "draft:annex:26").startswith("2002")


def test_who_does_what_a_noun_names_is_the_agent_after_by(assistant) -> None:
    # "... juveniles who are ... easy candidates for recruitment by criminal groups".
    assert _best_span(assistant, "By whom may juveniles at risk be recruited?", "adopted:annex:38(b)") == "criminal groups"
    assert _best_span(assistant, "Who might recruit young people at risk?", "adopted:annex:38(b)") == "criminal groups"
    # Not the "Commission" of "for consideration and action by the Commission ...": the question's "plans of action"
    # has the noun itself, no verb.
    assert _best_span(assistant, "Who was requested to prepare draft plans of action?", "draft:note:1") == "the Secretary-General"


def test_which_programme_is_answered_by_the_programme_not_by_what_is_done_to_it(assistant) -> None:
    # "... voluntary contributions to support the implementation of the global programme against trafficking in human beings".
    question = "Which global programme should States support with voluntary contributions?"
    assert _best_span(assistant, question, "adopted:annex:11(h)") == "the global programme against trafficking in human beings"


def test_a_question_ending_on_about_is_answered_after_about(assistant) -> None:
    assert analyse("What should States educate potential migrants about?").prepositions == ("about",)
    assert analyse("What is the terrorism plan about?").prepositions == ("about",)
    # Not "public information ABOUT the smuggling of migrants", which the question does not ask for.
    answer = assistant.ask("What should States educate potential migrants about?")
    assert answer.answer.startswith("the true nature of such smuggling")


def test_how_something_is_to_be_done_is_answered_by_its_means(assistant) -> None:
    assert analyse("How should States share proven practices concerning women?").prepositions == ("through", "via", "by", "by means of")
    assert analyse("How quickly are States expected to ratify the convention?").prepositions == ()
    # Not the practices' description ("... criminal justice practitioners, victims, witnesses, prisoners and offenders").
    answer = assistant.ask("How should States share proven practices concerning women?")
    assert answer.answer == "web sites or other media or forums"


def test_where_something_is_shared_is_the_medium_it_goes_via(assistant) -> None:
    # "... sharing with other States, via web sites or other media or forums, any best practices ... that take the
    # special needs of women into account": the "account" of the idiom is no place, nor any candidate.
    answer = assistant.ask("Where should States share best practices concerning victims and witnesses?", document="draft")
    assert answer.answer == "web sites or other media or forums"
    text = "best practices that take the special needs of women into account."
    assert "account" not in {text[c.start:c.end] for c in candidates(text)}


def test_a_document_symbol_question_is_answered_by_the_symbol_alone(assistant) -> None:
    from dataclasses import replace

    answer = assistant.ask("What document symbol does Finland's proposal carry?", document="draft")
    assert answer.answer == "E/CN.15/2001/L.7"
    assert answer.citations[0].quote == "E/CN.15/2001/L.7"
    assert assistant.ask("What is the sales number of the Compendium of United Nations Standards and Norms?").answer == "E.92.IV.1"
    # A question for what a passage is based on still gets the paragraph cited.
    footnote = replace(assistant.corpus.get("draft:fn:1"), text="Proposal by Finland (E/CN.15/2001/L.7, para. 6).")
    spans = assistant.composer.reader.read("On what basis was the paragraph drafted?", [footnote], top_k=1)
    assert spans[0].text.endswith("para. 6")


def test_a_span_does_not_begin_with_the_words_that_introduce_it(assistant) -> None:
    from dataclasses import replace

    unit = replace(assistant.corpus.get("adopted:annex:20(b)"), text="States should improve prison conditions, taking into account international standards.")
    spans = assistant.composer.reader.read("Taking into account what should States improve prison conditions?", [unit], top_k=3)
    assert spans[0].text == "international standards"
    assert not any(s.text.startswith(("taking into account", "including", "in particular")) for s in spans)


def test_what_a_measure_is_subject_to_answers_only_a_question_for_a_condition(assistant) -> None:
    basis = assistant.ask("What should the guidelines for policy makers on crime prevention practices be based on?", document="draft")
    assert basis.answer == "best available expertise and experience"
    condition = assistant.ask("Under what condition will the Centre develop the handbook on crime prevention practices?", document="draft")
    assert condition.answer == "Subject to the availability of resources"


def test_a_condition_put_first_is_no_part_of_what_a_measure_provides(assistant) -> None:
    answer = assistant.ask("What does the Centre provide to help States ratify the convention against corruption?")
    assert answer.answer.startswith("technical cooperation")
    draft = assistant.ask("What does the Centre provide to help States ratify the convention against corruption?", document="draft")
    assert draft.answer.startswith("technical cooperation")


def test_no_span_stops_inside_a_name_it_runs_into() -> None:
    text = "taking into account, in particular the United Nations Declaration of Basic Principles of Justice for Victims of Crime."
    spans = {text[c.start:c.end] for c in candidates(text)}
    assert "United Nations Declaration of Basic Principles of Justice for Victims of Crime" in spans
    assert not any(s.endswith("Principles of Justice") for s in spans)
    parties = "provide secretariat support to the Conference of the Parties to the Convention against Transnational Organized Crime"
    assert "the Conference of the Parties" in {parties[c.start:c.end] for c in candidates(parties)}
    # A one-word name cut off after "the" is no name: the Guidelines are "for Action on Children ...".
    guidelines = "the other organizations mentioned in the Guidelines for Action on Children in the Criminal Justice System."
    spans = {guidelines[c.start:c.end] for c in candidates(guidelines)}
    assert "Guidelines for Action on Children in the Criminal Justice System" in spans
    assert "the Guidelines" not in spans


def test_an_issue_number_is_no_part_of_a_title() -> None:
    text = "The manual was published in International Review of Criminal Policy, Nos. 41 and 42."
    titles = {text[c.start:c.end] for c in candidates(text) if c.kind in ("instrument", "body")}
    assert "International Review of Criminal Policy" in titles
    assert not any("Nos" in t for t in titles)


def test_a_subtitle_and_the_subject_of_a_name_are_no_bodies() -> None:
    text = (
        "in which it endorsed the Vienna Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first "
        "Century, adopted by the Tenth United Nations Congress on the Prevention of Crime and the Treatment of Offenders,"
    )
    kinds = {text[c.start:c.end]: c.kind for c in candidates(text) if c.kind in (BODY, INSTRUMENT)}
    assert kinds["Meeting the Challenges of the Twenty-first Century"] == INSTRUMENT
    assert kinds["Tenth United Nations Congress on the Prevention of Crime and the Treatment of Offenders"] == BODY
    assert "Prevention of Crime and the Treatment of Offenders" not in kinds
    # A body inside a longer name is still one.
    centre = "the Terrorism Prevention Branch of the Centre for International Crime Prevention"
    assert "Centre for International Crime Prevention" in {centre[c.start:c.end] for c in candidates(centre) if c.kind == BODY}


def test_a_title_is_what_its_head_names_and_runs_through_of_a() -> None:
    text = (
        "Support the Ad Hoc Committee on the Elaboration of a Convention against Transnational Organized Crime in the "
        "development of rules and procedures for the Conference of the Parties to the Convention;"
    )
    kinds = {text[c.start:c.end]: c.kind for c in candidates(text) if c.kind in (BODY, INSTRUMENT)}
    # A committee named after the convention it elaborates is a body, and its name does not stop at "of a".
    assert kinds["Ad Hoc Committee on the Elaboration of a Convention against Transnational Organized Crime"] == BODY
    assert "Ad Hoc Committee on the Elaboration" not in kinds
    assert kinds["Conference of the Parties to the Convention"] == BODY
    # What a name is about is no name of its own.
    assert "Elaboration of a Convention against Transnational Organized Crime" not in kinds
    assert "Parties to the Convention" not in kinds
    # A comma before "a" ends the name: an apposition is no part of it.
    apposition = "the Commission on Crime Prevention and Criminal Justice, a Commission of the Council"
    names = {apposition[c.start:c.end] for c in candidates(apposition) if c.kind == BODY}
    assert "Commission on Crime Prevention and Criminal Justice" in names
    assert not any(", a " in name for name in names)


def test_the_body_a_question_names_is_not_its_answer(assistant) -> None:
    # "the Conference of the Parties to the Convention" restates the question's "the Conference of the Parties".
    answer = assistant.ask(
        "In the draft plan against transnational organized crime, which body is the Centre to support in developing "
        "rules and procedures for the Conference of the Parties?",
        document="draft",
    )
    assert answer.answer == "Ad Hoc Committee on the Elaboration of a Convention against Transnational Organized Crime"
    assert answer.citations[0].unit_id == "draft:annex:4(g)"


def test_a_committee_named_in_full_answers_which_committee(assistant) -> None:
    answer = assistant.ask("Which ad hoc committee should the Centre support?")
    assert answer.answer.endswith("Ad Hoc Committee on the Elaboration of a Convention against Transnational Organized Crime")
    assert answer.citations[0].unit_id == "adopted:annex:4(g)"


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("Who adopted the Vienna Declaration?", "adopted"),
        ("By whom was the Vienna Declaration adopted?", "adopted"),
        ("Which body adopted the Vienna Declaration?", "adopted"),
        ("By whom were the plans drawn up?", "drawn"),
        ("Who drafted sections XII to XIV of the revised draft plans?", "drafted"),
        # Adopted "where" is adopted by a body or in a resolution (the types asked for), not at a place.
        ("Where was the Vienna Declaration adopted?", "adopted"),
        ("Where will the inter-sessional meeting be held?", None),
        ("Who is responsible for the database?", None),
        ("Who will consider the plans of action?", None),
        # Who does something now is the agent of its passive too ("that are being gathered by Governments ...").
        ("Who gathers information on violence against women?", "gathers"),
        ("Who has the mandate to update the Compendium?", None),
        ("Who does the follow-up?", None),
    ],
)
def test_the_verb_whose_doer_a_question_asks_for(question, verb) -> None:
    assert agent_verb_asked(question) == verb
    assert (analyse(question).prepositions == (PASSIVE_AGENT,)) == (verb is not None)


def test_who_did_something_is_the_agent_of_that_verb_in_a_passive(assistant) -> None:
    # Retrieval ranks plan openings that cite the Declaration first; the one passive naming who adopted it answers,
    # the whole name kept though the parser ends the agent at "Congress".
    for question in ("Who adopted the Vienna Declaration?", "By whom was the Vienna Declaration adopted?"):
        answer = assistant.ask(question)
        assert answer.answer == "Tenth United Nations Congress on the Prevention of Crime and the Treatment of Offenders"
        assert answer.citations[0].unit_id == "adopted:pre:1"
    # The note's "revised by the Committee of the Whole" is the agent of another verb than the one asked about.
    drafted = assistant.ask("Who drafted sections XII to XIV of the revised draft plans?", document="draft")
    assert drafted.answer == "Finland"


def test_a_list_answer_cites_best_first_and_lists_the_measures_in_the_plans_order(assistant) -> None:
    question = "What should be done about jails that are too full?"
    answer = assistant.ask(question)
    hits = assistant.retrieve(question, top_k=5)
    measures = answer.groups[0][1]
    ranked = [h.unit_id for h in hits if h.unit_id in measures]
    assert [c.unit_id for c in answer.citations][: len(ranked)] == ranked
    assert measures == sorted(measures, key=[u.unit_id for u in assistant.corpus.units].index)


@pytest.mark.parametrize(
    ("question", "prepositions"),
    [
        ("To whom should States give timely assistance?", ("to",)),
        ("For which personnel will the Centre organize training?", ("for",)),
        ("Into what should States incorporate the strategy?", ("into", "in")),
        ("By what means might States share proven practices?", ("through", "via", "by", "by means of")),
        ("Through what kind of events are States asked to help?", ("through", "via", "by", "by means of")),
        ("In what forms may the Centre assist States?", ("in the form of", "as")),
        # One works "with whom" in cooperation, never in accordance; "with what" may be either.
        ("The Centre should cooperate with whom?", ("with", "in cooperation with")),
        ("With whom will the Centre work against organized crime?", ("with", "in cooperation with")),
        ("With what should the projects be consistent?", ("with", "in accordance with", "in cooperation with")),
        ("In conformity with what should good prison practice be promoted?", ("in accordance with",)),
        ("In line with which documents is the plan to be applied?", ("in accordance with",)),
        ("In coordination with which office does the Centre act against terrorism?", ("in cooperation with",)),
        ("In cooperation with whom will the Centre act?", ("in cooperation with",)),
        ("Which countries in particular should benefit from the projects?", ("in particular",)),
        ("Which victims are especially highlighted?", ("in particular",)),
        ("What will the Centre provide to the committee?", ()),
        ("Who should finalize the convention?", ()),
    ],
)
def test_the_preposition_a_question_asks_with_is_the_one_its_answer_follows(question, prepositions) -> None:
    assert analyse(question).prepositions == prepositions


def test_compound_prepositions_ending_in_with_are_named_by_their_kind() -> None:
    text = "It will act in coordination with the Office of Legal Affairs, in line with the programme budgets, with care."
    found = {text[c.start:c.end]: c.preposition for c in candidates(text) if c.preposition}
    assert found["the Office of Legal Affairs"] == "in cooperation with"
    assert found["the programme budgets"] == "in accordance with"
    assert found["care"] == "with"


def test_what_the_text_singles_out_is_a_candidate_up_to_the_next_punctuation() -> None:
    # The parser reads "in particular developing ..." as "in" + "particular developing countries".
    text = "To assist requesting States, in particular developing countries and countries with economies in transition, in training."
    singled = {text[c.start:c.end] for c in candidates(text) if c.preposition == "in particular"}
    assert "developing countries and countries with economies in transition" in singled
    assert "developing countries" not in singled  # the list goes on


def test_the_object_of_a_preposition_is_a_candidate_that_knows_its_preposition() -> None:
    text = "Upon request, provide assistance in the form of advisory services to prisons;"
    objects = {(text[c.start:c.end], c.preposition) for c in candidates(text) if c.preposition}
    assert {("request", "upon"), ("advisory services", "in the form of"), ("prisons", "to")} <= objects


def test_what_coordinated_verbs_act_on_is_the_object_of_each() -> None:
    text = "Establishing or maintaining effective systems for the licensing of firearms;"
    objects = {c.verb for c in candidates(text) if text[c.start:c.end] == "effective systems for the licensing of firearms"}
    assert "establishing" in objects
    # Each verb keeps its own candidate, and so do the verbs coordinated after the one that governs the object.
    assert objects == {"establishing", "maintaining"}
    text = "States will endeavour to use and apply in national law and practice the United Nations standards and norms."
    objects = {c.verb for c in candidates(text) if text[c.start:c.end] == "the United Nations standards and norms"}
    assert {"use", "apply"} <= objects


def test_what_states_apply_is_the_object_of_use_and_apply(assistant) -> None:
    answer = assistant.ask("What should States apply in national law and practice?")
    assert answer.answer == "the United Nations standards and norms in crime prevention and criminal justice"


def test_an_answer_ends_before_a_place_the_question_names_word_for_word(assistant) -> None:
    answer = assistant.ask("What should States incorporate in national development plans?")
    assert answer.answer == "an integrated strategy for the prevention of youth crime and for juvenile justice"
    # Not a complement the question repeats with its noun: "the effectiveness of domestic measures against
    # trafficking in persons" keeps "in persons".
    question = "What aspect of their domestic measures against trafficking in persons should States review and assess?"
    assert _best_span(assistant, question, "adopted:annex:11(e)").endswith("trafficking in persons")


def test_the_object_of_the_first_of_two_coordinated_verbs_answers_what_it_does(assistant) -> None:
    answer = assistant.ask("Which systems should States establish for firearms?")
    assert answer.answer == "effective systems for the licensing or authorization of the import, export and transit of firearms"
    assert answer.citations[0].unit_id == "adopted:annex:17(c)"


def test_an_answer_does_not_open_with_an_aside_that_qualifies_the_measure(assistant) -> None:
    # Draft 10 (b): "To adopt or strengthen, as necessary, effective laws and procedures for ...".
    answer = assistant.ask("Which laws should States adopt against trafficking in persons?", document="draft")
    assert answer.answer.startswith("effective laws")
    assert answer.citations[0].unit_id == "draft:annex:10(b)"


def test_the_agent_of_a_passive_is_no_means() -> None:
    text = "The plans should be adopted as a package and were discussed by the Committee of the Whole."
    objects = {text[c.start:c.end]: c.preposition for c in candidates(text) if c.preposition}
    assert objects["the Committee of the Whole"] == PASSIVE_AGENT


@pytest.mark.parametrize(
    ("question", "unit_id", "expected"),
    [
        ("By what means might States share proven practices concerning women?", "adopted:annex:41(c)",
         "web sites or other media or forums"),
        ("For whom will the Centre keep improving training on the human rights of women?", "adopted:annex:42(e)",
         "relevant United Nations staff members"),
        ("In what manner did the Commission think the draft plans of action should be approved and adopted?", "draft:note:3",
         "a package"),
    ],
)
def test_the_answer_follows_the_preposition_the_question_asks_with(assistant, question, unit_id, expected) -> None:
    unit = assistant.corpus.get(unit_id)
    best = assistant.composer.reader.read(question, [unit], top_k=1)[0]
    assert best.text == expected


@pytest.mark.parametrize(
    ("footnote_id", "sources"),
    [
        ("draft:fn:60", ["paragraph 88 (c) of the draft plans of action (E/CN.15/2001/5)"]),
        ("draft:fn:58", ["Economic and Social Council resolution 1996/16, paragraph 9"]),
        ("draft:fn:1", ["Economic and Social Council resolution 1995/14, para. 6"]),
        ("draft:fn:57", ["paragraph 23 of the Vienna Declaration"]),
        ("draft:fn:72", ["paragraph 28 of the Vienna Declaration"]),
        ("draft:fn:4", ["Proposal by Canada (E/CN.15/2001/L.8, para. 59)"]),
    ],
)
def test_a_footnote_gives_what_a_measure_rests_on_and_not_what_it_is_also_linked_to(corpus, footnote_id, sources) -> None:
    text = corpus.get(footnote_id).text
    assert [text[c.start:c.end] for c in candidates(text) if c.kind == SOURCE] == sources


def test_questions_on_what_a_measure_rests_on_ask_for_its_source() -> None:
    for question in (
        "What is the basis of the provision on promoting standards through advisory services?",
        "Where does the mandate for updating the Compendium come from?",
        "What is the draft's task of revising the anti-corruption manual based on?",
    ):
        assert analyse(question).expected[0] == SOURCE and analyse(question).wants_provenance, question
    # "on the basis of" inside a question asks for nothing of the kind.
    assert analyse("How many additional draft plans were drawn up on the basis of comments?").expected == (NUMBER,)


def test_a_question_about_a_whole_plan_reads_its_headings_footnotes_first(assistant) -> None:
    assert analyse("Who proposed the draft plan on the special needs of women?").about_plan
    assert not analyse("Who proposed that the Centre study crime in urban areas?").about_plan
    answer = assistant.ask("Who proposed the draft plan on the special needs of women in the criminal justice system?", document="draft")
    assert answer.answer == "Finland"
    assert answer.citations[0].unit_id == "draft:fn:43"


def test_the_source_of_a_measure_is_answered_from_its_own_footnote(assistant) -> None:
    answer = assistant.ask(
        "What is the basis of the provision on promoting United Nations standards and norms through advisory services "
        "and technical cooperation to Member States?", document="draft",
    )
    assert answer.answer == "Economic and Social Council resolution 1996/16, paragraph 9"
    assert answer.citations[0].unit_id == "draft:fn:58"


def test_who_may_be_answered_by_people_or_a_group_of_them(assistant) -> None:
    assert PEOPLE in analyse("Who should receive training?").expected
    text = "The education and training of officials and witnesses about the nature of corruption."
    assert {"officials", "witnesses"} <= {text[c.start:c.end] for c in candidates(text) if c.kind == PEOPLE}
    assert not [c for c in candidates(text) if c.kind == PEOPLE and text[c.start:c.end] == "the nature of corruption"]
    question = "Who should be educated about the nature and consequences of corruption?"
    assert _best_span(assistant, question, "adopted:annex:7(f)") == "officials"


def test_on_what_condition_is_answered_by_the_condition_a_measure_is_under(assistant) -> None:
    assert analyse("On what conditions will the Centre provide technical cooperation?").expected == (CONDITION,)
    assert analyse("Within what limits should States share information?").expected == (CONDITION,)
    assert analyse("With what qualification are States to protect the rights of witnesses?").expected == (CONDITION,)
    means = "to protect, within their means, the basic rights of witnesses"
    assert "within their means" in {means[c.start:c.end] for c in candidates(means) if c.kind == CONDITION}
    text = (
        "Where requested to do so by the State or States involved, and subject to the availability of resources, "
        "run campaigns consistent with national laws and international agreements; upon request, provide help."
    )
    assert [text[c.start:c.end] for c in candidates(text) if c.kind == CONDITION] == [
        "Where requested to do so by the State or States involved", "subject to the availability of resources",
        "consistent with national laws and international agreements", "upon request",
    ]
    question = "On what condition will the Centre give advisory services for prisons?"
    assert _best_span(assistant, question, "adopted:annex:33(c)") == "Upon request"


def test_on_what_basis_a_measure_is_taken_is_its_condition_and_a_texts_basis_its_source(assistant) -> None:
    assert analyse("On what basis will the Centre help States implement its projects?").expected == (CONDITION,)
    assert analyse("On what basis was the new section on juvenile justice proposed?").expected[0] == SOURCE
    assert analyse("What is the basis for the proposal on restorative justice?").expected[0] == SOURCE
    question = "On what basis should crime prevention initiatives proceed?"
    assert _best_span(assistant, question, "adopted:annex:26(b)") == "proven practices"


def test_a_group_or_part_of_something_asks_for_the_thing() -> None:
    assert analyse("Which part of society are States asked to cooperate with?").head == "society"


def test_the_head_noun_may_be_followed_by_an_aside() -> None:
    kind = analyse("What kind of efforts, at home and abroad, should States support to follow money-laundering trends?")
    assert kind.expected == ("phrase",) and kind.head == "efforts"


def test_a_passage_looked_up_by_number_is_shown_whole_under_its_paragraph(assistant) -> None:
    answer = assistant.ask("What does paragraph 6 (c) say?")
    unit = assistant.corpus.get("adopted:annex:6(c)")
    assert (answer.abstained, answer.kind) == (False, "list")
    assert answer.answer == f"(c) {unit.text}"
    assert [(c.unit_id, c.start, c.end) for c in answer.citations] == [(unit.unit_id, 0, len(unit.text))]
    assert answer.groups == [("adopted:annex:6", ["adopted:annex:6(c)"])]
    whole = assistant.ask("What does paragraph 6 say?")
    assert whole.groups == [("adopted:annex:6", [f"adopted:annex:6({letter})" for letter in "abcd"])]
    assert whole.answer.startswith(assistant.corpus.get("adopted:annex:6").text)
    # A paragraph of another text is no look-up; one of the resolution the texts are is.
    assert assistant.ask("What does paragraph 29 of the Vienna Declaration say?").kind != "list"
    operative = assistant.ask("What does operative paragraph 3 of resolution 56/261 say?")
    assert operative.answer == assistant.corpus.get("adopted:res:3").text
    assert [c.unit_id for c in operative.citations] == ["adopted:res:3"]


@pytest.mark.parametrize(
    ("question", "document", "answer", "unit_id"),
    [
        # Not "paragraph 26", the paragraph of the Declaration the plan follows up.
        ("Which paragraph of the plan on prison overcrowding calls for time-bound targets?", "adopted",
         "paragraph 32 (a) of plan X", "adopted:annex:32(a)"),
        ("Which subparagraph asks States to criminalize the misuse of information technologies?", "adopted",
         "paragraph 35 (a) of plan XI", "adopted:annex:35(a)"),
        ("Which paragraph of resolution 56/261 invites Governments to use the plans?", "adopted", "operative paragraph 4",
         "adopted:res:4"),
        ("Which paragraph of the draft deals with the international fund for victims?", "draft",
         "paragraph 28 (b) of plan IX", "draft:annex:28(b)"),
    ],
)
def test_which_paragraph_of_the_texts_says_something_is_answered_by_its_number(assistant, question, document, answer, unit_id) -> None:
    got = assistant.ask(question, document=document)
    assert (got.abstained, got.answer, got.citations[0].unit_id) == (False, answer, unit_id)
    # A paragraph of the Declaration is still read in the text that refers to it.
    assert assistant.ask("Which paragraph of the Vienna Declaration is followed up by the plan on firearms?").answer == "paragraph 15"


def test_a_span_that_only_points_back_or_opens_inside_a_compound_is_no_candidate() -> None:
    text = (
        "States will act in accordance with national laws and, in order to assist requesting States, use those documents, "
        "for example by using mediation."
    )
    spans = {text[c.start:c.end] for c in candidates(text)}
    assert "those documents" not in spans
    assert not any(span.startswith(("accordance", "order", "example")) for span in spans)
    assert {"national laws", "mediation"} <= spans  # not "national laws and"


def test_no_span_ends_on_the_word_that_introduces_what_follows() -> None:
    text = (
        "Criminalization of the misuse of information technologies, as appropriate and in accordance with national law, "
        "including, if necessary, reviewing crimes such as fraud;"
    )
    spans = {text[c.start:c.end] for c in candidates(text)}
    assert not any(span.endswith((" including", " such as")) for span in spans)
    assert "as appropriate and in accordance with national law" in spans


def test_a_fact_of_a_passage_named_by_number_is_read_in_that_passage(assistant) -> None:
    # Paragraph 8 of the corruption plan: "States will endeavour, as appropriate, to address transnational
    # corruption with the following measures:"; a kind of corruption is asked for, not the paragraph's content.
    answer = assistant.ask("What type of corruption does paragraph 8 address?")
    assert (answer.kind, answer.answer) == ("factoid", "transnational corruption")
    assert answer.citations[0].unit_id == "adopted:annex:8"
    # Few of the question's words are in the paragraph, but it names the paragraph: no abstention.
    actor = assistant.ask("Who is to act under paragraph 8?")
    assert not actor.abstained and actor.citations[0].unit_id == "adopted:annex:8"


def test_a_footnote_looked_up_by_number_is_shown_with_the_passages_citing_it(assistant) -> None:
    answer = assistant.ask("What does footnote 12 say?", document="draft")
    assert answer.answer.splitlines() == [
        "Revised draft plans of action (2001), annex, footnote 12: Proposal by Canada (E/CN.15/2001/L.8, para. 64).",
        "  cited by draft para. 24 (h): Contributing to the collective efforts of countries to develop a comprehensive "
        "international strategy to advance community-based crime prevention.",
    ]
    assert [c.unit_id for c in answer.citations] == ["draft:fn:12", "draft:annex:24(h)"]
    # With both texts, each text's footnote of that number.
    assert [g[0] for g in assistant.ask("Show footnote 12", document="both").groups] == ["adopted:fn:12", "draft:fn:12"]
    missing = assistant.ask("What is in footnote 99?", document="draft")
    assert missing.abstained and missing.reason == "There is no footnote 99: the revised draft has footnotes 1 to 72."


def test_a_fact_of_a_footnote_named_by_number_is_read_in_that_footnote(assistant) -> None:
    # Footnote 37 of the draft: "Based on Economic and Social Council resolution 1999/28, paragraph 6."
    answer = assistant.ask("Which paragraph of ECOSOC resolution 1999/28 is the basis in footnote 37?", document="draft")
    assert (answer.answer, answer.citations[0].unit_id) == ("paragraph 6", "draft:fn:37")


def test_when_a_measure_is_to_be_taken_may_be_answered_by_its_condition(assistant) -> None:
    assert analyse("When should States support civil society?").expected == (DATE, DEADLINE, CONDITION)
    assert analyse("When did the Commission meet?").expected == (DATE,)
    # Paragraph 30 (f): "Where necessary, promote demonstration or pilot projects ... of victim services"; no date.
    answer = assistant.ask("When will the Centre support pilot projects on services for victims?")
    assert (answer.abstained, answer.answer) == (False, "Where necessary")
    assert answer.citations[0].unit_id == "adopted:annex:30(f)"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("When was resolution 56/261 adopted?", "31 January 2002"),
        ("On what date did the General Assembly adopt the plans of action?", "31 January 2002"),
        ("At which plenary meeting was resolution 56/261 adopted?", "93rd plenary meeting"),
        # A document's symbol is asked for, not how the draft plans changed.
        ("What is the symbol of the draft resolution that became resolution 56/261?", "A/56/L.70"),
        # The record gives the resolution's number bare, before its plenary meeting.
        ("Which resolution did the General Assembly adopt on 31 January 2002?", "56/261"),
    ],
)
def test_how_and_when_the_resolution_was_adopted_is_read_in_its_record(assistant, question, answer) -> None:
    # Before the record was a unit, these got the date of resolution 55/59 (4 December 2000) or a draft comparison.
    got = assistant.ask(question)
    assert (got.abstained, got.answer, got.citations[0].unit_id) == (False, answer, "adopted:record:1")


def test_a_question_naming_one_plan_is_answered_from_that_plan(assistant) -> None:
    assert plan_named("What kind of corruption is paragraph 8 of plan II about?") == "II"
    assert plan_named("How do plans VII and VIII differ?") is None
    assert plan_named("What does the plan say?") is None
    hits = assistant.retrieve("What will the Centre do under plan VII?", top_k=10)
    assert {h.unit.plan for h in hits} == {"VII"}
    # The caller's own choice of plan wins.
    assert {h.unit.plan for h in assistant.retrieve("What will the Centre do under plan VII?", plan="I")} == {"I"}


@pytest.mark.parametrize(
    ("question", "document", "answer", "opening"),
    [
        ("Which plan of action deals with prison overcrowding?", "adopted",
         "Plan X: Action on prison overcrowding and alternatives to incarceration", "adopted:annex:31"),
        ("What is plan VII about?", "adopted", "Plan VII: Action against terrorism", "adopted:annex:22"),
        ("Which plan covers computer crime?", "draft", "Plan XI: Action against computer-related crime", "draft:annex:32"),
        # Named by its numeral, a plan is what the question is about, however little its words match.
        ("What is the title of plan XII?", "adopted", "Plan XII: Action on juvenile justice", "adopted:annex:37"),
    ],
)
def test_which_plan_is_answered_with_its_heading_citing_its_opening_paragraph(
    assistant, question, document, answer, opening
) -> None:
    got = assistant.ask(question, document=document)
    assert (got.abstained, got.answer, got.citations[0].unit_id) == (False, answer, opening)


def test_the_plans_are_listed_by_their_headings_citing_their_opening_paragraphs(assistant) -> None:
    answer = assistant.ask("What are the fifteen plans of action?")
    lines = answer.answer.splitlines()
    assert (answer.kind, len(lines), lines[0], lines[-1]) == (
        "list", 15, "Plan I: Action against transnational organized crime", "Plan XV: Action on restorative justice"
    )
    assert [c.unit_id for c in answer.citations][:2] == ["adopted:annex:1", "adopted:annex:5"]
    both = assistant.ask("List the plans of action.", document="both").answer.splitlines()
    assert len(both) == 32 and both[16] == "Revised draft plans of action (2001):"
    assert not asks_for_all_plans("What plans deal with women?") and not asks_for_all_plans("List the measures against money-laundering.")


@pytest.mark.parametrize(
    ("question", "document", "heading", "units"),
    [
        ("What does plan XIV say?", "adopted", "Plan XIV: Action on standards and norms", 6),
        ("Summarize the plan on standards and norms", "adopted", "Plan XIV: Action on standards and norms", 6),
        ("Show me plan II", "draft", "Plan II: Action against corruption", 28),
    ],
)
def test_a_whole_plan_is_shown_paragraph_by_paragraph_every_unit_cited(assistant, question, document, heading, units) -> None:
    answer = assistant.ask(question, document=document)
    lines = answer.answer.splitlines()
    assert (answer.kind, lines[0], len(answer.citations)) == ("list", heading, units)
    assert {c.unit_id.split(":")[0] for c in answer.citations} == {document}
    # Each paragraph heads its subparagraphs; one without any stands alone.
    if question == "What does plan XIV say?":
        assert answer.groups == [
            ("adopted:annex:43", ["adopted:annex:43"]), ("adopted:annex:44", ["adopted:annex:44"]),
            ("adopted:annex:45", ["adopted:annex:45(a)", "adopted:annex:45(b)", "adopted:annex:45(c)"]),
        ]
        assert lines[1].startswith("43. In order to implement") and lines[-1].startswith("(c) Coordinate activities")
        assert lines[2:5:2] == ["A. National actions", "B. International actions"]
    # What a plan is about is still its heading, and what it says about a subject a list of measures.
    assert not asks_for_whole_plan("What is plan VII about?") and not asks_for_whole_plan("What does the plan say about prisons?")


def test_how_many_plans_there_are_is_counted_above_their_headings(assistant) -> None:
    answer = assistant.ask("How many plans of action are there?")
    lines = answer.answer.splitlines()
    assert (answer.abstained, len(lines), lines[0]) == (False, 16, "Adopted plans of action (A/RES/56/261, annex): 15 plans, I to XV:")
    both = assistant.ask("How many plans does the draft contain?", document="both").answer.splitlines()
    assert both[16] == "Revised draft plans of action (2001): 15 plans, I to XV:"
    # How many plans deal with a subject is no question about the list of plans.
    assert not asks_for_all_plans("How many plans of action address corruption?")


@pytest.mark.parametrize(
    ("question", "part", "count"),
    [
        ("Show me the preamble of resolution 56/261.", "pre", 3),
        ("What does the resolution decide?", "res", 8),
        ("What are the operative paragraphs of the resolution?", "res", 8),
    ],
)
def test_the_resolutions_preamble_or_operative_part_is_shown_whole(assistant, question, part, count) -> None:
    answer = assistant.ask(question)
    assert answer.kind == "list" and answer.groups == [(f"adopted:{part}", [f"adopted:{part}:{n}" for n in range(1, count + 1)])]
    assert answer.answer.startswith(f"1. {assistant.corpus.get(f'adopted:{part}:1').text}")
    # One paragraph asked by its number, or another resolution, is no request for the whole part.
    assert assistant.ask("What does the third preambular paragraph say?").groups == [("adopted:pre:3", ["adopted:pre:3"])]
    assert assistant.ask("What does resolution 55/60 say?").kind != "list"


@pytest.mark.parametrize(
    ("question", "unit_id"),
    [
        # Paragraph 6 (a) of the corruption plan invites States too; the question asks what the resolution does.
        ("What does the resolution invite Member States to do?", "adopted:res:7"),
        ("Whom does the resolution invite to follow up the implementation?", "adopted:res:8"),
    ],
)
def test_what_the_resolution_itself_asks_is_read_in_its_own_paragraphs(assistant, question, unit_id) -> None:
    assert assistant.ask(question).citations[0].unit_id == unit_id
    assert asked_of_the_resolution(question) and not asked_of_the_resolution("What does resolution 55/60 say about the Congress?")
    # The draft has no resolution of its own: asked of it, the question is read in the draft.
    assert assistant.ask(question, document="draft").citations[0].unit_id.startswith("draft:")


def test_a_plan_numeral_beyond_the_fifteen_is_abstained_on_saying_so(assistant) -> None:
    answer = assistant.ask("What is plan XVI about?")
    assert (answer.abstained, answer.reason) == (True, "There is no plan XVI: the plans are numbered I to XV.")


def test_which_plan_speaks_of_a_topic_the_plans_never_cover_is_still_abstained_on(assistant) -> None:
    assert not asks_for_plan("Which plan did Canada propose for paragraph 12?")
    assert assistant.ask("Which plan of action deals with football hooliganism?").abstained


@pytest.mark.parametrize(
    "question, expected",
    [
        # The "who" of "people who broker" describes them: the question asks what.
        ("What should States consider setting up for people who broker firearms deals?", (CLAUSE,)),
        ("How does the draft suggest stopping people who have been harmed once from being targeted again?", (CLAUSE,)),
        # "from which paragraph" qualifies the drafts: the question asks for a symbol.
        ("What is the symbol of the original draft plans from which paragraph 90 (a) was taken?", (SYMBOL,)),
        # A question's own "who", wherever it stands, still asks for someone.
        ("Besides victims, who should be supported under laws against trafficking?", (BODY, COUNTRY, PEOPLE)),
        ("According to the juvenile justice plan, who might recruit young people who are easy targets?", (BODY, COUNTRY, PEOPLE)),
    ],
)
def test_the_wh_word_of_a_relative_clause_after_the_questions_own_asks_for_nothing(question: str, expected: tuple[str, ...]) -> None:
    assert analyse(question).expected == expected


def test_a_question_with_a_relative_who_gets_the_thing_it_asks_for_not_the_people(assistant) -> None:
    answer = assistant.ask("What should States consider setting up for people who broker firearms deals?")
    assert answer.citations[0].unit_id == "adopted:annex:17(e)"
    assert "regulatory framework" in answer.answer


def test_a_relative_which_does_not_turn_a_symbol_question_into_a_paragraph_question(assistant) -> None:
    answer = assistant.ask(
        "What is the symbol of the original draft plans of action from which paragraph 90 (a) was taken?", document="draft"
    )
    assert answer.answer == "E/CN.15/2001/5" and answer.citations[0].unit_id == "draft:fn:30"


@pytest.mark.parametrize(
    "question, document, noted",
    [
        ("What does the draft plan say about prison overcrowding?", "adopted", True),
        ("How does the 2001 draft treat juvenile justice?", "adopted", True),
        ("What does the draft plan say about prison overcrowding?", "draft", False),
        ("What does the draft plan say about prison overcrowding?", "both", False),
        ("What must States do about prison overcrowding?", "adopted", False),
        # Words of the adopted text, not the draft plans.
        ("Which Member States sponsored the draft resolution?", "adopted", False),
        ("Under what condition does the Centre help States draft legislation?", "adopted", False),
    ],
)
def test_a_question_speaking_of_the_draft_is_told_when_only_the_adopted_text_was_searched(
    question: str, document: str, noted: bool
) -> None:
    assert draft_not_searched(question, document) is noted


def test_an_answer_from_the_adopted_text_to_a_question_about_the_draft_says_what_was_searched(assistant) -> None:
    answer = assistant.ask("What does the draft plan say about prison overcrowding?")
    assert answer.note == DRAFT_NOT_SEARCHED and answer.citations[0].unit_id.startswith("adopted:")
    assert assistant.ask("What does the draft plan say about prison overcrowding?", document="draft").note == ""
    assert assistant.ask("What must States do about prison overcrowding?").note == ""
    # An abstention that already tells the user to ask of the draft does not say it twice.
    proposal = assistant.ask("Who proposed the draft measure on witness protection?")
    assert proposal.abstained and "draft" in proposal.reason and proposal.note == ""


def test_the_noun_before_a_verb_in_the_past_is_what_a_which_question_asks_for(assistant) -> None:
    # "resolution" is the object of "adopted", not the type of answer asked for.
    asked = analyse("Which meeting adopted resolution 56/261?")
    assert asked.expected == (PHRASE,) and asked.head == "meeting"
    assert analyse("Which Economic and Social Council resolution is cited?").expected == (RESOLUTION,)
    assert analyse("Which United Nations resolution endorsed the Declaration?").expected == (RESOLUTION,)
    # An adjective in the past participle is no verb: the noun after it is still the head.
    assert analyse("What kinds of internationally agreed materials will the Centre disseminate?").head == "materials"
    answer = assistant.ask("Which meeting adopted resolution 56/261?")
    assert answer.answer == "93rd plenary meeting" and answer.citations[0].unit_id == "adopted:record:1"
