"""Questions that ask for a kind of fact are answered only where a unit states one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corpus import load_corpus
from qa.evidence import count_of, missing_fact, names_nothing

_UNIT = load_corpus().get("adopted:annex:20(b)")


def _with_text(text: str):
    return replace(_UNIT, text=text)


@pytest.mark.parametrize(
    ("question", "text", "missing"),
    [
        ("What penalty does the plan set for money-laundering?", "Criminalize the laundering of proceeds of crime.", "a penalty"),
        ("What penalty does the plan set for money-laundering?", "Laundering is punished by imprisonment of up to 5 years.", None),
        ("What prison sentences does the plan prescribe?", "Introduce appropriate alternatives to imprisonment.", "a penalty"),
        ("max sentence for migrant smugglers?", "Criminalize the smuggling of migrants.", "a penalty"),
        # Named countries: "requesting States" names none; a proposal by Canada does.
        ("Which countries have donated to the programme?", "Voluntary contributions from requesting States.", "the names of countries"),
        ("Which countries are the main donors to the programme?", "Voluntary contributions from requesting States.", "the names of countries"),
        # A proposal credits a country with proposing, not with ratifying, objecting or co-sponsoring.
        ("Which States had ratified the Convention?", "Proposal by Canada (E/CN.15/2001/L.8, para. 59).", "the names of countries"),
        ("Which States had ratified the Convention?", "Canada and Finland have ratified the Convention.", None),
        ("Which countries objected to the deletion?", "Proposal by Canada (E/CN.15/2001/L.8, para. 59).", "the names of countries"),
        ("Which Member States attended the meeting?", "Proposal by Canada (E/CN.15/2001/L.8, para. 59).", "the names of countries"),
        ("Which States participated in the meeting?", "Canada and Finland participated in the meeting.", None),
        ("Which countries co-sponsored Finland's plan?", "Proposal by Finland (E/CN.15/2001/L.7).", "the names of countries"),
        ("Which countries co-sponsored Finland's plan?", "Sponsored by Finland and Sweden.", None),
        ("Which countries have donated to the programme?", "In cooperation with Member States, take appropriate measures.", "the names of countries"),
        ("How much money will the fund hold?", "Establish a fund for victims.", "an amount of money"),
        ("What budget is allocated to the Centre?", "The Centre will receive US$ 2 million.", None),
        ("how big should the funds for victims of crime be?", "Promote the establishment of funds for victims of crime.", "an amount of money"),
        ("How large a contribution did the fund receive?", "The fund received US$ 1.5 million.", None),
        ("What minimum age of criminal responsibility is set?", "Strengthen juvenile justice systems.", "an age"),
        ("How does the plan define trafficking in persons?", "Trafficking in persons means the recruitment of persons ...", None),
        ("How is restorative justice defined?", "Using amicable means as provided by national law.", "a definition"),
        ("What is meant by restorative justice?", "Considering the means of establishing common principles.", "a definition"),
        ("What does the term petty offence mean?", "Resolve petty offences by other means.", "a definition"),
        ("How is restorative justice defined?", "Restorative justice is defined as any process in which ...", None),
        ("What must States do about prison overcrowding?", "Reduce overcrowding.", None),
        # A resolution's date is no time limit; "by the end of 2003" is one.
        ("By what year must States report?", "Recalling its resolution 55/59 of 4 December 2000.", "a deadline"),
        ("By when should the convention be finalized?", "Finalize the negotiations by the end of 2003.", None),
        ("What is the deadline for criminalizing misuse?", "Criminalize the misuse of information technologies.", "a deadline"),
        ("target date for ending prison overcrowding?", "The development of time-bound targets to reduce overcrowding.", "a deadline"),
        ("What target year is set for the convention?", "Finalize the negotiations by the end of 2003.", None),
        ("By what deadline must States ratify the Convention?", "Ratify the Convention as soon as possible.", "a deadline"),
        ("What upper age limit defines a juvenile offender?", "Measures for juvenile offenders.", "an age"),
        ("What was the recorded vote on the resolution?", "Adopts the plans of action annexed to the present resolution.", "a vote"),
        ("What was the recorded vote on the resolution?", "Adopted by a recorded vote of 150 to none.", None),
        ("What was the vote when the Commission approved the plans?", "The Commission approved the plans.", "a vote"),
        ("What is the maximum length of pre-trial detention?", "Reduce pre-trial detention.", "a length of time"),
        ("What statute of limitations applies to corruption offences?", "Criminalize corruption.", "a length of time"),
        ("How long may a suspect be held?", "Detention shall not exceed 48 hours or two days.", None),
        ("How often should the plans be reviewed?", "Review the plans of action.", "a frequency"),
        ("How often should the Centre collect data?", "Carry out the regular collection and analysis of data.", None),
        ("At what intervals must States report?", "Report to the Commission every two years.", None),
        # A place is stated where something is held, located or based in a named place.
        ("In which city will the meeting of experts be held?", "Convene a meeting of experts on restorative justice.", "a place"),
        ("In which building or city was the meeting held?", "The meeting was held from 3 to 5 September.", "a place"),
        ("When and where was the Congress held?", "The Tenth Congress was held in Vienna from 10 to 17 April 2000.", None),
        ("Where is the United Nations headquarters?", "The Centre for International Crime Prevention will assist.", "a place"),
        ("Where are the headquarters of the Centre?", "The Centre, with headquarters in Vienna, will assist.", None),
        ("Where does the community-based prevention provision come from?", "Proposal by Canada.", None),
        ("Which delegation tabled the proposal on firearms?", "The proposal was left outstanding.", "the names of countries"),
        ("Which country made the proposal on firearms?", "Proposal by Canada (E/CN.15/2001/L.8, para. 59).", None),
        # "Which government ministries should be made aware" asks for ministries, not for countries that made something.
        ("Which government ministries should be made aware of crime?", "Ministries of justice and the interior.", None),
        ("What is the annual budget of the programme?", "Support the global programme against corruption.", "an amount of money"),
        ("Is there a cash threshold for reporting transactions?", "Report suspicious transactions.", "an amount of money"),
        ("How much did the Netherlands spend on the database?", "The Netherlands established the database.", "an amount of money"),
        ("Above what transaction amount must banks report?", "Report suspicious transactions.", "an amount of money"),
        ("What sum should each State pay to the fund?", "Make voluntary contributions to the fund.", "an amount of money"),
        ("How much did the database cost?", "The database cost US$ 200,000.", None),
        ("What sanctions apply to unlicensed firearms brokers?", "Consider a regulatory framework for brokers.", "a penalty"),
        ("What sanctions apply to unlicensed firearms brokers?", "Such brokers are punishable by fines.", None),
        ("Which cities are covered by the studies on urban crime?", "Coordinate studies on crime in urban areas.", "a place"),
        ("Which cities hosted the meetings?", "The meetings were held in Vienna and New York.", None),
        ("What percentage of prisoners are on remand?", "Reduce the number of prisoners held on remand.", "a percentage"),
        ("Above what occupancy rate is a prison overcrowded?", "Reduce prison overcrowding.", "a percentage"),
        ("What share of their budgets should States spend on prevention?", "Invest in crime prevention.", "a percentage"),
        ("What percentage of prisoners are on remand?", "Some 40 per cent of prisoners are on remand.", None),
        # "share" after a subject is the verb, not a proportion.
        ("What should States share on trafficking in persons?", "Sharing information on trafficking.", None),
        # The texts name no people; a role answers "who chaired", not "what is the name of the chairman".
        ("Who chaired the Committee of the Whole?", "Its first Vice-Chairman, who also served as Chairman of the Committee.", None),
        ("Who chaired the inter-sessional meeting?", "An inter-sessional meeting was held in September.", "who chaired or presided"),
        ("What is the name of the chairman of the Committee?", "Its first Vice-Chairman served as Chairman.", "the name of a person"),
        ("Who is the director of the Centre?", "The Centre for International Crime Prevention will assist.", "the name of a person"),
        ("Which Canadian official drafted the section?", "Proposal by Canada.", "the name of a person"),
        ("Who is the director of the Centre?", "Mr. Pino Arlacchi, Executive Director of the Office.", None),
        ("Who is responsible for the plans?", "The Centre for International Crime Prevention will assist.", None),
    ],
)
def test_a_kind_of_fact_must_be_stated(question, text, missing) -> None:
    assert missing_fact(question, None, [_with_text(text)]) == missing


def test_the_country_credited_must_be_credited_with_the_measure_asked_about() -> None:
    measure = _with_text("Establish liaison offices between anti-terrorism agencies.")
    elsewhere = _with_text("Proposal by Canada (E/CN.15/2001/L.8, para. 59).")
    question = "Which country proposed the measure on liaison offices?"
    assert missing_fact(question, None, [measure, elsewhere], closest=[measure]) == "the names of countries"
    assert missing_fact(question, None, [measure, elsewhere], closest=[measure, elsewhere]) is None
    assert missing_fact(question, None, [measure, elsewhere]) is None


def test_a_place_or_a_chair_must_be_stated_of_the_event_asked_about() -> None:
    meeting = _with_text("The Commission decided to hold an inter-sessional meeting from 3 to 5 September 2001.")
    congress = _with_text("The Tenth Congress, held in Vienna from 10 to 17 April 2000, adopted the Declaration.")
    committee = _with_text("Its first Vice-Chairman also served as Chairman of the Committee of the Whole.")
    where = "In which city was the inter-sessional meeting held?"
    assert missing_fact(where, None, [meeting, congress], closest=[meeting]) == "a place"
    assert missing_fact(where, None, [meeting, congress]) is None
    assert missing_fact("Where was the Tenth Congress held?", None, [meeting, congress], closest=[congress]) is None
    chaired = "Who chaired the inter-sessional meeting?"
    assert missing_fact(chaired, None, [meeting, committee], closest=[meeting]) == "who chaired or presided"
    assert missing_fact(chaired, None, [committee, meeting], closest=[committee]) is None


def test_a_count_must_be_of_the_thing_counted() -> None:
    meetings = _with_text("The Commission allocated six meetings of the Committee of the Whole.")
    assert missing_fact("How many meetings?", "meetings", [meetings]) is None
    assert missing_fact("How many members?", "members", [meetings]) == "a number of members"
    assert count_of("meetings").search("after 11 formal meetings")
    assert not count_of("meetings").search("11 plans and several meetings")


@pytest.mark.parametrize(
    ("question", "answer", "names_none"),
    [
        ("Which non-governmental organizations are named as partners?", "relevant non-governmental organizations", True),
        ("Which terrorist organizations are named in the plan?", "other relevant international and regional organizations", True),
        ("Which conventions on terrorism does the plan list?", "the international instruments dealing with terrorism", True),
        # Names the question does not already hold answer it.
        ("Which type of organizations does the plan expressly name?", "organizations seeking women's equality", False),
        ("Which sectors of society are named as needing cooperation?", "justice, health, education, social services and housing", False),
        # A question that does not ask for names is answered by a kind of thing.
        ("Which organizations should the Centre cooperate with?", "other relevant international organizations", False),
    ],
)
def test_a_question_asking_which_are_named_needs_a_name(question, answer, names_none) -> None:
    assert names_nothing(question, answer) is names_none


def test_the_assistant_abstains_when_asked_for_a_definition_the_plans_do_not_give(assistant) -> None:
    answer = assistant.ask("How is restorative justice defined?")
    assert answer.abstained and answer.reason == "None of the closest passages gives a definition."


def test_the_assistant_abstains_when_the_plans_name_no_particular_one(assistant) -> None:
    answer = assistant.ask("Which non-governmental organizations are named as partners for implementing restorative justice programmes?")
    assert answer.abstained and answer.citations
    assert "name none" in answer.reason
