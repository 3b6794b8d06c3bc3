"""The chat app in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Skipped only when /usr/bin/chromium is missing; CI installs it. Every wait is bounded.
A screenshot of the chat is saved to test-artifacts/chat.png (an abstention to abstention.png, the Browse tab to browse.png).
"""

from __future__ import annotations

import re

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from test_app import CORRUPTION, GRADIO_NOISE, OVERCROWDING, app, app_assistant, free_port, serve  # noqa: F401 (fixture)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PAGE_TIMEOUT_MS = 30_000
ANSWER_TIMEOUT_MS = 90_000

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
    *GRADIO_NOISE,
]


@pytest.fixture(scope="module")
def url(app_assistant) -> Iterator[str]:  # noqa: F811 (the fixture imported from test_app)
    demo = app.build_app(app_assistant)
    address = serve(demo, free_port())
    try:
        yield address
    finally:
        demo.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=PAGE_TIMEOUT_MS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 1500})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.requests = []  # every URL the page asked for
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(url, timeout=PAGE_TIMEOUT_MS, wait_until="domcontentloaded")
    page.locator("textarea[data-testid='textbox']").first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


def ask(page, question: str) -> object:
    """Type `question`, press Enter, and return the locator of the new reply once it is shown."""
    replies = page.locator("[data-testid='bot'] .vqa-reply")
    before = replies.count()
    box = page.locator("textarea[data-testid='textbox']").first
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll(\"[data-testid='bot'] .vqa-reply\").length > n", arg=before, timeout=ANSWER_TIMEOUT_MS
    )
    reply = replies.nth(before)
    reply.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    return reply


def test_question_answer_and_citation_in_the_page(page) -> None:
    reply = ask(page, CORRUPTION)
    answer = reply.locator("p.vqa-answer b")
    assert answer.inner_text(timeout=PAGE_TIMEOUT_MS) == "the end of 2003"
    assert reply.locator("blockquote.vqa-context mark").inner_text() == "the end of 2003"
    assert "A/RES/56/261, annex, plan" in reply.inner_text()  # the "From ..." line
    # the sources are collapsed until opened; opened, they show labels, unit ids and the marked span
    sources = reply.locator("details.vqa-sources")
    assert sources.get_attribute("open") is None
    sources.locator("> summary").click()  # not the counterparts' <summary>s nested inside
    first = sources.locator("li.vqa-source").first
    first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert "A/RES/56/261, annex, plan II (Action against corruption)" in first.inner_text()
    assert "adopted:annex:6(c)" in first.inner_text()
    assert first.locator("mark").inner_text() == "the end of 2003"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000


def test_list_answer_with_filters_set_in_the_controls(page) -> None:
    page.get_by_label("Draft (2001)").check()
    reply = ask(page, OVERCROWDING)
    text = reply.inner_text()
    assert "(a)" in text and "(d)" in text
    assert "Revised draft plans of action (2001), annex, plan X" in text
    assert "revised draft plans of action (2001)" in reply.locator("p.vqa-scope").inner_text()


def test_script_typed_by_the_user_is_shown_not_run(page) -> None:
    payload = "<script>window.__xss=1</script>"
    reply = ask(page, payload)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert payload in reply.inner_text()  # echoed back as text in the reply
    assert reply.locator("script").count() == 0
    payload = '<img src=x onerror="window.__xss2=1"> prisons'
    reply = ask(page, payload)
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__xss2") == "undefined"
    assert payload in reply.inner_text()


def test_bad_input_gets_a_friendly_message_in_the_page(page) -> None:
    reply = ask(page, "?!?")
    assert "I could not take this question." in reply.inner_text()
    reply = ask(page, "Who won the 1998 football World Cup?")
    assert "The plans of action do not address this." in reply.inner_text()
    assert re.search(r"The texts never use “(football|Cup|World)” or anything close to it\.", reply.inner_text())
    assert "Closest passages — not an answer" in reply.inner_text()
    page.screenshot(path=str(ARTIFACTS / "abstention.png"), full_page=True)


def test_example_fills_question_and_document(page) -> None:
    page.get_by_text("Which proposal did Uzbekistan submit?").first.click()
    box = page.locator("textarea[data-testid='textbox']").first
    page.wait_for_function(
        "() => document.querySelector(\"textarea[data-testid='textbox']\").value.includes('Uzbekistan')", timeout=PAGE_TIMEOUT_MS
    )
    assert page.get_by_label("Draft (2001)").is_checked()
    box.press("Enter")
    page.wait_for_function("() => document.body.innerText.includes('E/CN.15/2001/L.1')", timeout=ANSWER_TIMEOUT_MS)


def test_browse_tab_shows_a_plan_and_goes_to_a_unit(page) -> None:
    page.get_by_role("tab", name="Browse").click()
    browse = page.locator("#browse-page")
    browse.get_by_text("Action against transnational organized crime").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    page.get_by_label("Go to unit id").fill("draft:annex:30(a)")
    page.get_by_role("button", name="Show unit").click()
    marked = browse.locator("mark").first
    marked.wait_for(timeout=PAGE_TIMEOUT_MS)
    assert "draft:annex:30(a)" in marked.inner_text()
    assert "Action on prison overcrowding" in browse.inner_text()
    assert "draft:fn:29" in browse.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browse.png"), full_page=True)


def test_page_fetches_nothing_beyond_the_local_server(page, url) -> None:
    ask(page, CORRUPTION)
    hosts = {urlparse(u).netloc for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {urlparse(url).netloc}, hosts


def open_compare(page):
    page.get_by_role("tab", name="Compare").click()
    table = page.locator("#compare-page table.vqa-cmp-table")
    table.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    return page.locator("#compare-page")


def test_compare_tab_shows_a_plan_side_by_side(page) -> None:
    compare = open_compare(page)
    assert "Plan I. Action against transnational organized crime" in compare.inner_text()
    choice = page.locator("#compare-plan input")
    choice.click()
    choice.fill("IX")
    page.get_by_role("option", name="IX — Action on witnesses and victims of crime").click()
    compare.get_by_text("draft:annex:28(b)", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
    assert "Plan IX. Action on witnesses and victims of crime" in compare.inner_text()
    row = compare.locator("tr.vqa-cmp-row", has_text="draft:annex:28(b)")
    assert row.count() == 1
    assert "adopted:annex:30(b)" in row.inner_text()
    badge = row.locator(".vqa-badge")
    assert badge.is_visible() and badge.inner_text() == "reworded"
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 78, 216)"
    assert row.locator("del").first.is_visible() and row.locator("ins").first.is_visible()
    assert row.locator("del", has_text="an international fund").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    # side by side: the draft cell left of the adopted cell, on the same line
    left, right = row.locator("td.vqa-cmp-draft").bounding_box(), row.locator("td.vqa-cmp-adopted").bounding_box()
    assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 2
    assert left["width"] > 350 and right["width"] > 350
    compare.locator("table").scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('#compare-page').scrollIntoView()")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare.png"))
    assert (ARTIFACTS / "compare.png").stat().st_size > 10_000


def test_compare_tab_opens_on_a_unit_id(page) -> None:
    compare = open_compare(page)
    box = page.get_by_label("Unit id")
    box.fill("adopted:annex:30(b)")
    page.get_by_role("button", name="Compare unit").click()
    focus = compare.locator("tr.vqa-focus")
    focus.wait_for(timeout=PAGE_TIMEOUT_MS)
    assert "draft:annex:28(b)" in focus.inner_text() and "adopted:annex:30(b)" in focus.inner_text()
    assert page.locator("#compare-plan input").input_value().startswith("IX")
    page.wait_for_function(  # scrolled to the highlighted row
        "() => { const r = document.querySelector('#compare-page tr.vqa-focus').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=PAGE_TIMEOUT_MS,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-focus.png"))
    box.fill("adopted:fn:10")
    box.press("Enter")
    compare.get_by_text("is a footnote").wait_for(timeout=PAGE_TIMEOUT_MS)
    assert "Plan IX." in compare.inner_text()  # the plan on show stays under the message


def test_change_question_shows_the_diff_and_counterparts_in_the_chat(page) -> None:
    page.get_by_label("Both").check()
    reply = ask(page, "Was the international fund for victims kept in the adopted text?")
    text = reply.inner_text()
    assert "was kept, reworded" in text
    mini = reply.locator("table.vqa-cmp-mini")
    assert mini.is_visible() and "draft:annex:28(b)" in mini.inner_text() and "adopted:annex:30(b)" in mini.inner_text()
    assert mini.locator("del", has_text="an international fund").is_visible()
    assert mini.locator("ins", has_text="funds").evaluate("e => getComputedStyle(e).color") == "rgb(21, 128, 61)"
    reply.locator("details.vqa-sources > summary").click()
    first = reply.locator("li.vqa-source").first
    counterpart = first.locator("details.vqa-counterpart")
    counterpart.locator("summary").click()
    assert "In the adopted text: reworded → para. 30 (b)" in counterpart.inner_text()
    assert first.locator("mark").count() == 0  # whole units cited: nothing singled out
    reply.evaluate("e => e.scrollIntoView()")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-compare.png"))
