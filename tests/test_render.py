"""qa.render: HTML of answers and of the parsed plans (pure functions; no model needed)."""

from __future__ import annotations

import html
import re

import pytest

from corpus import Corpus
from qa import render
from qa.answer import Answer, Citation


def citation(corpus: Corpus, unit_id: str, quote: str | None = None, score: float = 1.0) -> Citation:
    unit = corpus.get(unit_id)
    quote = unit.text if quote is None else quote
    start = unit.text.index(quote)
    return Citation(unit_id, unit.label, unit.text, quote, start, start + len(quote), score, unit.footnotes)


def visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --- text helpers --------------------------------------------------------------------------------------


def test_escape_neutralises_markup_and_control_characters() -> None:
    assert render.escape('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert render.escape("a\n\n  b\tc") == "a b c"  # never a blank line inside a reply
    assert render.escape("a\x00b") == "a\ufffdb"


def test_highlight_escapes_before_marking() -> None:
    text = "Use <b>bold</b> & keep the end of 2003 safe"
    start = text.index("the end of 2003")
    marked = render.highlight(text, start, start + len("the end of 2003"))
    assert marked == "Use &lt;b&gt;bold&lt;/b&gt; &amp; keep <mark>the end of 2003</mark> safe"
    assert render.highlight(text, 0, len(text), mark_whole=False) == render.escape(text)
    assert render.highlight(text, 0, len(text)).startswith("<mark>")
    assert "<mark>" not in render.highlight(text, 5, 5)
    assert render.highlight("abc", -3, 99) == "<mark>abc</mark>"  # offsets clipped


@pytest.mark.parametrize(
    ("text", "span", "sentence"),
    [
        ("First one. Second has the span here. Third.", "the span", "Second has the span here."),
        ("Only one sentence with the span;", "the span", "Only one sentence with the span;"),
        ("See para. 13 of the text. Then the span. End.", "para. 13", "See para. 13 of the text."),
        ("See para. 13 of the text. Then the span. End.", "the span", "Then the span."),
        ("Proposal by Finland (E/CN.15/2001/L.7, annex, para. 13). Next sentence.", "Finland", "Proposal by Finland (E/CN.15/2001/L.7, annex, para. 13)."),
    ],
)
def test_sentence_bounds(text: str, span: str, sentence: str) -> None:
    start = text.index(span)
    s, e = render.sentence_bounds(text, start, start + len(span))
    assert text[s:e] == sentence


def test_scope_description() -> None:
    assert render.scope_description("adopted", None, None, 5) == (
        "adopted plans of action (A/RES/56/261) · all plans · all sections · up to 5 sources"
    )
    assert render.scope_description("draft", "X", "national", 1, "Action on prison overcrowding") == (
        "revised draft plans of action (2001) · plan X (Action on prison overcrowding) · A. National actions · up to 1 source"
    )


# --- chat replies --------------------------------------------------------------------------------------


def test_factoid_reply(corpus: Corpus) -> None:
    first = citation(corpus, "adopted:annex:6(c)", "the end of 2003")
    other = citation(corpus, "adopted:annex:6(a)", "4 December 2000", 0.5)
    answer = Answer("By when?", "the end of 2003", False, [first, other], "factoid")
    reply = render.render_answer(answer, corpus, "somewhere")
    assert reply.index("<b>the end of 2003</b>") < reply.index("<mark>the end of 2003</mark>") < reply.index("<details")
    assert "From " + html.escape(first.label) in reply
    assert reply.count('<li class="vqa-source">') == 2
    assert "Question: “By when?” · searched: somewhere" in reply
    assert "\n\n" not in reply


def test_list_reply_nests_roman_items(corpus: Corpus) -> None:
    measures = [u for u in corpus.units if u.unit_id.startswith("adopted:annex:35(")]
    cites = [citation(corpus, u.unit_id) for u in measures]
    answer = Answer(
        "What measures on computer crime?", "…", False, cites, "list", "adopted",
        [("adopted:annex:35", [u.unit_id for u in measures])],
    )
    reply = render.render_answer(answer, corpus)
    body = reply[: reply.index("<details")]
    assert html.escape(corpus.get("adopted:annex:35").text) in body
    for unit in measures:
        assert f"<b>({unit.sub[-1]})</b>" in body
        assert html.escape(unit.label) in body
    assert body.count("vqa-depth-2") == 2  # (d)(i) and (d)(ii)
    # whole-unit citations are not painted as if all of it were the key span
    assert "<mark>" not in body


def test_list_reply_for_a_paragraph_without_subparagraphs(corpus: Corpus) -> None:
    only = citation(corpus, "adopted:annex:21", corpus.get("adopted:annex:21").text[:40])
    answer = Answer("q?", "…", False, [only], "list", "adopted", [("adopted:annex:21", ["adopted:annex:21"])])
    reply = render.render_answer(answer, corpus)
    assert reply.count(html.escape(corpus.get("adopted:annex:21").label)) == 2  # under the measure and in sources
    assert '<p class="vqa-leadin">' not in reply


def test_abstention_reply(corpus: Corpus) -> None:
    closest = [citation(corpus, "adopted:pre:1"), citation(corpus, "adopted:fn:10")]
    answer = Answer("Who won the cup?", "", True, closest, "abstain")
    reply = render.render_answer(answer, corpus)
    assert "<b>The plans of action do not address this.</b>" in reply
    assert "<summary>Closest passages — not an answer (2)</summary>" in reply
    assert "<mark>" not in reply
    empty = render.render_answer(Answer("Who won the cup?", "", True, [], "abstain"), corpus)
    assert "do not address this" in empty and "<details" not in empty


def test_footnotes_of_draft_units_are_listed_with_their_text(corpus: Corpus) -> None:
    unit = corpus.get("draft:annex:30(a)")
    assert unit.footnotes == ("draft:fn:29",)
    answer = Answer("q?", "x", False, [citation(corpus, unit.unit_id, "prison overcrowding")], "factoid", "draft")
    reply = render.render_answer(answer, corpus)
    assert "<b>Footnote 29</b> <code>draft:fn:29</code>: " + html.escape(corpus.get("draft:fn:29").text) in reply
    # and the footnote on the plan's heading (draft plan X carries footnote 28)
    assert "draft:fn:28" in reply and html.escape(corpus.get("draft:fn:28").text) in reply


def test_unit_text_with_markup_is_escaped(corpus: Corpus) -> None:
    text = "States <script>alert(1)</script> should act by <b>2003</b>."
    evil = Citation("adopted:annex:6(c)", "Label <i>x</i>", text, "<b>2003</b>", text.index("<b>"), text.index("<b>") + 11, 1.0)
    reply = render.render_answer(Answer("<img src=x>", "<b>2003</b>", False, [evil], "factoid"), corpus)
    assert "<script" not in reply and "<img" not in reply and "<i>x" not in reply
    assert "<b>&lt;b&gt;2003&lt;/b&gt;</b>" in reply
    assert "<mark>&lt;b&gt;2003&lt;/b&gt;</mark>" in reply


def test_error_replies() -> None:
    reply = render.render_error("the question is empty; type a question", question="   ")
    assert "The question is empty; type a question." in reply and "You sent" not in reply
    reply = render.render_error("bad", question="<script>x</script>" * 50, hint=render.SETTINGS_HINT)
    assert "<script" not in reply and "…</code>" in reply and html.escape(render.SETTINGS_HINT) in reply
    assert "Sorry" in render.render_failure()


# --- browsing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("alias", ["adopted", "draft"])
def test_every_plan_renders_every_unit_id_in_order(corpus: Corpus, alias: str) -> None:
    document = corpus.documents[alias]
    for plan in document.plans:
        page = render.render_browse(document, plan.numeral, corpus)
        shown = re.findall(r'<code class="vqa-id">(.*?)</code>', page)
        annex = [u.unit_id for u in corpus.units if u.document == alias and u.part == "annex" and u.plan == plan.numeral]
        assert [html.unescape(s) for s in shown if ":annex:" in s] == annex
        assert all(html.unescape(s) in corpus for s in shown)
        assert f"<h2>{plan.numeral}. {html.escape(plan.title)}" in page
        for letter, title in (("A", "National actions"), ("B", "International actions")):
            assert f"<h3>{letter}. {title}</h3>" in page


def test_plan_page_shows_numbers_letters_items_and_footnotes(corpus: Corpus) -> None:
    page = render.render_browse(corpus.documents["adopted"], "XI", corpus)
    text = visible(page)
    assert "35. " in text and "(d) " in text and "(ii) " in text
    assert "adopted:annex:35(d)(ii)" in text
    draft = render.render_browse(corpus.documents["draft"], "X", corpus, highlight_id="draft:annex:30(a)")
    assert "<h3>Footnotes</h3>" in draft and html.escape(corpus.get("draft:fn:29").text) in draft
    assert draft.count("<mark>") == 1
    marked = draft[draft.index("<mark>"): draft.index("</mark>")]
    assert "draft:annex:30(a)" in marked and "draft:annex:30(b)" not in marked


def test_front_matter_and_footnote_pages(corpus: Corpus) -> None:
    adopted = corpus.documents["adopted"]
    page = render.render_browse(adopted, render.FRONT, corpus)
    assert "adopted:pre:1" in page and "adopted:res:4" in page
    draft = corpus.documents["draft"]
    assert "draft:note:4" in render.render_browse(draft, render.FRONT, corpus)
    notes = render.render_browse(draft, render.FOOTNOTES, corpus, highlight_id="draft:fn:3")
    assert "draft:note-fn:1" in notes and "<mark>" in notes and "Uzbekistan" in notes
    assert "No plan" in render.render_browse(adopted, "XVI", corpus)


def test_browse_choices_and_unit_location(corpus: Corpus) -> None:
    choices = render.browse_choices(corpus.documents["adopted"])
    assert choices[0][1] == render.FRONT and choices[-1][1] == render.FOOTNOTES
    assert ("X — Action on prison overcrowding and alternatives to incarceration", "X") in choices
    assert len(render.plan_choices(corpus.documents["draft"])) == 15
    assert render.unit_location(corpus.get("adopted:annex:32(a)")) == "X"
    assert render.unit_location(corpus.get("draft:note:4")) == render.FRONT
    assert render.unit_location(corpus.get("adopted:fn:10")) == render.FOOTNOTES
