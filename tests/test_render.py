"""qa.render: HTML of answers and of the parsed plans (pure functions; no model needed)."""

from __future__ import annotations

import html
from dataclasses import replace
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


def test_a_reply_says_how_a_misspelt_question_was_read(corpus: Corpus) -> None:
    first = citation(corpus, "adopted:annex:6(c)", "the end of 2003")
    answer = Answer("By wen <b>?", "the end of 2003", False, [first], "factoid", read_as="By when <b>?")
    reply = render.render_answer(answer, corpus, "somewhere")
    assert "Question: “By wen &lt;b&gt;?” (read as “By when &lt;b&gt;?”) · searched: somewhere" in reply


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


def test_a_lead_in_cited_for_one_passage_has_it_marked(corpus: Corpus) -> None:
    note = corpus.get("draft:note:4")
    passage = note.text[note.text.index("Sections XII-XIV"):note.text.index("prepared by Finland") + len("prepared by Finland")]
    cites = [citation(corpus, "draft:note:4", passage), citation(corpus, "draft:annex:35")]
    answer = Answer("Which plans did Finland prepare?", "…", False, cites, "list", "draft", [("draft:note:4", ["draft:annex:35"])])
    body = render.render_answer(answer, corpus)
    leadin = re.search(r'<p class="vqa-leadin">(.*?)</p>', body, re.S).group(1)
    assert visible(leadin) == note.text
    assert visible(re.search(r"<mark>(.*?)</mark>", leadin, re.S).group(1)) == passage


def test_list_reply_for_a_paragraph_without_subparagraphs(corpus: Corpus) -> None:
    only = citation(corpus, "adopted:annex:21", corpus.get("adopted:annex:21").text[:40])
    answer = Answer("q?", "…", False, [only], "list", "adopted", [("adopted:annex:21", ["adopted:annex:21"])])
    reply = render.render_answer(answer, corpus)
    assert reply.count(html.escape(corpus.get("adopted:annex:21").label)) == 2  # under the measure and in sources
    assert '<p class="vqa-leadin">' not in reply


def test_a_list_of_plans_is_shown_line_by_line_not_as_one_answer(corpus: Corpus) -> None:
    lines = "Plan I: Action against transnational organized crime\nPlan II: Action against corruption"
    answer = Answer("q?", lines, False, [citation(corpus, "adopted:annex:1"), citation(corpus, "adopted:annex:5")], "list", "adopted")
    reply = render.render_answer(answer, corpus)
    assert '<p class="vqa-answer">Plan I: Action against transnational organized crime' in reply
    assert "<b>Plan I" not in reply and "vqa-context" not in reply


def test_abstention_reply(corpus: Corpus) -> None:
    closest = [citation(corpus, "adopted:pre:1"), citation(corpus, "adopted:fn:10")]
    answer = Answer("Who won the cup?", "", True, closest, "abstain", reason="The texts never use “cup” <or> anything close to it.")
    reply = render.render_answer(answer, corpus)
    assert "<b>The plans of action do not address this.</b>" in reply
    assert '<p class="vqa-reason">The texts never use “cup” &lt;or&gt; anything close to it.</p>' in reply
    assert "<summary>Closest passages — not an answer (2)</summary>" in reply
    assert "<mark>" not in reply
    empty = render.render_answer(Answer("Who won the cup?", "", True, [], "abstain"), corpus)
    assert "do not address this" in empty and "<details" not in empty


def test_footnotes_of_draft_units_are_listed_with_their_text(corpus: Corpus) -> None:
    unit = corpus.get("draft:annex:30(a)")
    assert unit.footnotes == ["draft:fn:29"]
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
    assert "adopted:pre:1" in page and "adopted:res:4" in page and "adopted:record:1" in page
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
    assert render.unit_location(corpus.get("adopted:record:1")) == render.FRONT
    assert render.unit_location(corpus.get("adopted:fn:10")) == render.FOOTNOTES


# --- draft versus adopted ------------------------------------------------------------------------------

FUND_DRAFT, FUND_ADOPTED = "draft:annex:28(b)", "adopted:annex:30(b)"


@pytest.fixture(scope="module")
def alignment(corpus: Corpus):
    from qa.compare import Alignment

    return Alignment(corpus)  # < 1 s, no model


def rows_of(page: str) -> list[str]:
    return re.findall(r'<tr class="vqa-cmp-row.*?</tr>', page)


def ids_in(fragment: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(r'<code class="vqa-id">(.*?)</code>', fragment)]


def test_comparison_table_shows_every_unit_of_the_plan_exactly_once(corpus: Corpus, alignment) -> None:
    comparisons = alignment.changes("VII")
    page = render.render_comparison_table(comparisons, corpus)
    expected = [u.unit_id for u in corpus.units if u.part == "annex" and u.plan == "VII"]
    assert sorted(ids_in(page)) == sorted(expected)
    for unit_id in expected:  # nowhere else either (not as a prefix of a longer id: 22 vs 22(a))
        assert len(re.findall(re.escape(html.escape(unit_id)) + r"(?![\w(])", page)) == 1, unit_id
    assert ids_in(page)[0] == "draft:annex:20"  # rows follow the draft
    assert page.startswith('<div class="vqa-compare">') and "\n\n" not in page
    assert "<h2>Plan VII. Action against terrorism</h2>" in page


def test_comparison_table_badges_summary_and_diff_markup(corpus: Corpus, alignment) -> None:
    comparisons = alignment.changes("VII")
    page = render.render_comparison_table(comparisons, corpus)
    present = {c.status for c in comparisons}
    assert present >= {"reworded", "moved", "added", "deleted"}
    for status in render.STATUS_ORDER:
        assert (f"vqa-badge-{status}" in page) == (status in present), status
    summary = visible(re.search(r'<p class="vqa-cmp-summary">.*?</p>', page).group(0))
    drafts = [c for c in comparisons if c.unit_id.startswith("draft:")]
    assert summary.startswith(f"{len(drafts)} draft units, {len(comparisons) - len(drafts)} adopted units.")
    for status in ("reworded", "moved", "deleted"):
        assert f"{status} {sum(c.status == status for c in drafts)}" in summary
    assert "New in the adopted text: added 1." in summary
    assert '<del class="vqa-del"' in page and '<ins class="vqa-ins"' in page
    # a deleted draft unit and an added adopted unit each have a row of their own, the other side empty
    for comparison in comparisons:
        if comparison.status in ("added", "deleted"):
            row = next(r for r in rows_of(page) if html.escape(comparison.unit_id) + "</code>" in r)
            assert ids_in(row) == [comparison.unit_id]
            assert ("No counterpart in the draft." if comparison.status == "added" else "No counterpart in the adopted text.") in row


def test_comparison_row_pairs_the_fund_and_highlights_the_words(corpus: Corpus, alignment) -> None:
    page = render.render_comparison_table(alignment.changes("IX"), corpus, focus=FUND_DRAFT)
    row = next(r for r in rows_of(page) if FUND_DRAFT in ids_in(r))
    assert ids_in(row) == [FUND_DRAFT, FUND_ADOPTED]
    assert "vqa-badge-reworded" in row and "similarity 0.47" in row
    draft_side, adopted_side = row.split('<td class="vqa-cmp-status">')
    assert re.search(r"<del[^>]*>an international fund</del>", draft_side) and "<ins" not in draft_side
    assert re.search(r"<ins[^>]*>funds</ins>", adopted_side) and "<del" not in adopted_side
    # the words put back together are the texts
    assert visible(draft_side.split("</div>", 1)[1]).startswith(corpus.get(FUND_DRAFT).text)
    # the focused row, and only it, is highlighted; the note above says so
    assert len(re.findall(r'<tr class="vqa-cmp-row[^"]*vqa-focus"', page)) == 1
    assert 'vqa-focus"' in row and "vqa-focus-unit" in row
    assert "The draft para. 28 (b) you asked for is highlighted below" in visible(page)
    # the draft's provenance footnotes: its own under the unit, the plan heading's once above the table
    own = "amended on the basis of proposals by Finland"
    assert own in visible(draft_side) and visible(page).count(own) == 1
    heading_note = "references to victims in section I"
    assert visible(page).count(heading_note) == 1
    assert page.index(heading_note) < page.index("<table")


def test_split_row_diffs_against_all_counterparts(corpus: Corpus, alignment) -> None:
    page = render.render_comparison_table(alignment.changes("III"), corpus)
    row = next(r for r in rows_of(page) if "draft:annex:10" in ids_in(r))
    assert ids_in(row) == ["draft:annex:10", "adopted:annex:10", "adopted:annex:11"]
    assert "vqa-badge-split" in row
    # the adopted chapeau "Individually and collectively, States will endeavour" came from draft 10 as well
    assert not re.search(r"<del[^>]*>[^<]*endeavour", row.split('<td class="vqa-cmp-status">')[0])


def test_hand_made_comparison_is_escaped(corpus: Corpus) -> None:
    from qa.compare import Comparison, DiffPiece

    evil = "<script>alert(1)</script>"
    draft = Comparison(
        FUND_DRAFT, "reworded", (FUND_ADOPTED,), 0.5,
        (DiffPiece("equal", "Keep & <b>this</b>"), DiffPiece("delete", evil), DiffPiece("insert", '"<img src=x onerror=alert(2)>"')),
        ("<iframe src=x></iframe> a note",),
    )
    adopted = Comparison(FUND_ADOPTED, "reworded", (FUND_DRAFT,), 0.5, draft.diff, ())
    stray = Comparison("draft:annex:<i>99</i>", "<b>odd</b>", (), 0.0, (DiffPiece("delete", evil),), ())
    page = render.render_comparison_table([draft, stray, adopted], corpus)
    for tag in ("<script", "<img", "<iframe", "<b>this", "<i>99", "<b>odd"):
        assert tag not in page, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Keep &amp; &lt;b&gt;this&lt;/b&gt;" in page
    assert "&lt;iframe src=x&gt;&lt;/iframe&gt; a note" in page
    line = render.render_counterpart(stray, corpus)
    assert "<i>99" not in line and "<b>odd" not in line


def test_counterpart_of_a_reworded_draft_unit(corpus: Corpus, alignment) -> None:
    block = render.render_counterpart(alignment.compare(FUND_DRAFT), corpus)
    assert block.startswith('<details class="vqa-counterpart"><summary>')
    assert "Counterpart in the adopted text" in block and "vqa-badge-reworded" in block
    assert visible(block).endswith(
        "In the adopted text: reworded → para. 30 (b) adopted:annex:30(b): “Promote the establishment of funds for victims of crime;”"
    )
    back = visible(render.render_counterpart(alignment.compare(FUND_ADOPTED), corpus))
    assert back.startswith("Counterpart in the draft text") and "reworded ← para. 28 (b) draft:annex:28(b): “Prepare for" in back


def test_counterpart_of_a_deleted_and_of_an_added_unit(corpus: Corpus, alignment) -> None:
    deleted = alignment.compare("draft:annex:6(a)")
    assert deleted.status == "deleted"
    assert visible(render.render_counterpart(deleted, corpus)).endswith("Not in the adopted text (deleted).")
    added = alignment.compare("adopted:annex:3(c)")
    assert added.status == "added"
    block = render.render_counterpart(added, corpus)
    assert "Counterpart in the draft text" in block and "vqa-badge-added" in block
    assert visible(block).endswith("Added in the adopted text; no draft counterpart.")


def lookup_in(alignment):
    def counterpart(unit_id: str):
        try:
            return alignment.compare(unit_id)
        except KeyError:
            return None

    return counterpart


def test_sources_and_list_measures_carry_their_counterpart(corpus: Corpus, alignment) -> None:
    cites = [citation(corpus, FUND_DRAFT), citation(corpus, "draft:fn:29"), citation(corpus, "adopted:res:1")]
    reply = render.render_answer(Answer("q?", "x", False, cites, "factoid", "both"), corpus, counterpart=lookup_in(alignment))
    sources = reply.split('<li class="vqa-source">')[1:]
    assert "Counterpart in the adopted text" in sources[0] and "adopted:annex:30(b)" in sources[0]
    assert "vqa-counterpart" not in sources[1] and "vqa-counterpart" not in sources[2]  # footnote, resolution
    assert "vqa-counterpart" not in render.render_answer(Answer("q?", "x", False, cites, "factoid"), corpus)  # no lookup
    measures = [u for u in corpus.units if u.unit_id.startswith("adopted:annex:32(")]
    answer = Answer("q?", "…", False, [citation(corpus, u.unit_id) for u in measures], "list", "adopted",
                    [("adopted:annex:32", [u.unit_id for u in measures])])
    reply = render.render_answer(answer, corpus, counterpart=lookup_in(alignment))
    body = reply[: reply.index('<details class="vqa-sources">')]
    assert body.count('<details class="vqa-counterpart">') == len(measures)
    assert "Counterpart in the draft text" in body and "draft:annex:30(a)" in body
    assert "\n\n" not in reply


def test_comparison_reply_gives_the_account_then_both_units_side_by_side(corpus: Corpus, alignment) -> None:
    account = "Draft para. 28 (b) (“Prepare for …”) was kept, reworded: adopted para. 30 (b): “Promote …” <b>x</b>"
    answer = Answer("Was the fund kept?", account, False, [citation(corpus, FUND_DRAFT), citation(corpus, FUND_ADOPTED)], "comparison", "both")
    reply = render.render_answer(answer, corpus, "both", counterpart=lookup_in(alignment))
    assert f'<p class="vqa-answer">{html.escape(account)}</p>' in reply
    table = reply[reply.index('<table class="vqa-cmp-table vqa-cmp-mini"'): reply.index("</table>")]
    assert ids_in(table) == [FUND_DRAFT, FUND_ADOPTED]
    assert "<del" in table and "<ins" in table and "vqa-badge-reworded" in table
    assert reply.index("</table>") < reply.index('<details class="vqa-sources">')
    labels = re.findall(r'<li class="vqa-source"><b>(.*?)</b>', reply)
    assert [html.unescape(label).split(",")[0] for label in labels] == ["Revised draft plans of action (2001)", "A/RES/56/261"]
    assert "\n\n" not in reply and "<b>x</b>" not in reply
    # without comparisons at hand the account and the sources still show
    plain = render.render_answer(answer, corpus)
    assert "<table" not in plain and html.escape(account) in plain and "Sources (2)" in plain


def test_command_line_abstention_says_why_then_lists_the_closest_passages(corpus: Corpus) -> None:
    from qa.__main__ import render as render_cli

    closest = [citation(corpus, "adopted:pre:1")]
    lines = render_cli(Answer("Who won the cup?", "", True, closest, "abstain", reason="The texts never use “cup”.")).splitlines()
    assert lines[:4] == [
        "The plans of action do not address this.", "The texts never use “cup”.", "", "Closest passages (not an answer):"
    ]


def test_a_note_on_what_was_searched_follows_the_answer_in_the_app_and_on_the_command_line(corpus: Corpus) -> None:
    from qa.__main__ import render as render_cli

    first = citation(corpus, "adopted:annex:6(c)", "the end of 2003")
    answer = Answer("By when <draft>?", "the end of 2003", False, [first], "factoid", note="Only the <adopted> text was searched.")
    reply = render.render_answer(answer, corpus)
    assert '<p class="vqa-scope-note">ⓘ Only the &lt;adopted&gt; text was searched.</p>' in reply
    assert reply.index("vqa-scope-note") < reply.index("Sources (1)")
    assert render_cli(answer).splitlines()[:4] == ["the end of 2003", "Note: Only the <adopted> text was searched.", "", "Sources:"]
    abstained = replace(answer, answer="", abstained=True, kind="abstain", reason="The texts never use “cup”.")
    assert "vqa-scope-note" in render.render_answer(abstained, corpus)
    assert render_cli(abstained).splitlines()[:3] == [
        "The plans of action do not address this.", "The texts never use “cup”.", "Note: Only the <adopted> text was searched."
    ]
    assert "vqa-scope-note" not in render.render_answer(replace(answer, note=""), corpus)
