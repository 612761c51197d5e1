"""The annotation workspace in a real browser: select, tag, keys, edit, delete, undo, suggestions, finish."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment
from newsdesk.extraction import extract
from tests.factories import ArticleFactory, CampaignFactory, annotator, quote_in

BODY = (
    "Talks resumed in Vell on Monday, officials said.\n"
    "“We are ready to continue,” the minister said, calling the blockade a “humanitarian corridor”.\n"
    "The Kiev government rejected the plan."
)
ASTRAL = "Flags 🇺🇦🇷🇺 and 😀 came first.\nThen the minister said the talks failed."


def make_assignment(body: str) -> tuple[Any, Any]:
    user = annotator()
    article = ArticleFactory(title="Talks in Vell", body=body)
    article.extraction = extract(article.body).to_storage()
    article.save()
    campaign = CampaignFactory(articles=[article], annotators=[user])
    Assignment.objects.create(campaign=campaign, article=article, annotator=user)
    return user, article


def select_text(page: Page, text: str, occurrence: int = 0) -> None:
    """Select `text` in the article with a DOM Range (the keyboard then tags it)."""
    page.evaluate(
        """([text, occurrence]) => {
            const root = document.getElementById('article-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const nodes = []; let full = '';
            while (walker.nextNode()) { nodes.push([walker.currentNode, full.length]); full += walker.currentNode.data; }
            let at = -1;
            for (let i = 0; i <= occurrence; i++) at = full.indexOf(text, at + 1);
            const locate = (pos) => { for (const [node, base] of nodes) if (pos <= base + node.data.length) return [node, pos - base]; };
            const [sn, so] = locate(at); const [en, eo] = locate(at + text.length);
            const range = document.createRange(); range.setStart(sn, so); range.setEnd(en, eo);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
        [text, occurrence],
    )


def mouse_select(page: Page, text: str) -> None:
    """A real drag from the first to the last character of `text`."""
    handle = page.evaluate_handle(
        """(text) => {
            const root = document.getElementById('article-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const i = walker.currentNode.data.indexOf(text);
                if (i >= 0) { const r = document.createRange(); r.setStart(walker.currentNode, i); r.setEnd(walker.currentNode, i + text.length); return r.getClientRects(); }
            }
        }""",
        text,
    )
    rects = handle.json_value()
    first, last = rects["0"], rects[str(len(rects) - 1)]
    page.mouse.move(first["left"] + 1, first["top"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, last["top"] + last["height"] / 2, steps=5)
    page.mouse.up()


@pytest.mark.browser
def test_tag_with_mouse_and_button_then_shortcut_edit_delete_undo(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    user, article = make_assignment(BODY)
    login(user)
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    # Nothing to edit yet: the edit form and the toolbar stay out of sight until asked for.
    expect(page.locator("#edit-form")).to_be_hidden()
    expect(page.get_by_role("form", name="Tag the selection")).to_be_hidden()

    # Mouse selection + the Claim button + Save.
    mouse_select(page, "Talks resumed in Vell on Monday")
    toolbar = page.get_by_role("form", name="Tag the selection")
    expect(toolbar).to_be_visible()
    toolbar.get_by_role("button", name="Claim").click()
    toolbar.get_by_role("textbox", name="Note").fill("Check the date")
    toolbar.get_by_role("button", name="Save tag").click()
    expect(page.locator(".tag-item")).to_have_count(1)
    tag = Annotation.objects.get()
    assert (tag.text, tag.tag_type.kind, tag.note) == ("Talks resumed in Vell on Monday", "claim", "Check the date")
    assert article.body[tag.start : tag.end] == tag.text

    # Keyboard: select, press f, pick label 3 (naming choice), Enter.
    select_text(page, "Kiev")
    page.keyboard.press("f")
    expect(toolbar).to_be_visible()
    page.keyboard.press("3")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(2)
    framing = Annotation.objects.get(tag_type__kind="framing")
    assert (framing.text, framing.tag_type.slug) == ("Kiev", "naming-choice")

    # j moves to the first tag, e edits it.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    page.keyboard.press("e")
    edit = page.get_by_role("form", name="Edit tag")
    expect(edit).to_be_visible()
    edit.get_by_role("textbox", name="Note").fill("Date confirmed")
    edit.get_by_role("button", name="Save").click()
    expect(page.locator(f"#a{tag.pk} .tag-note")).to_have_text("Date confirmed")
    tag.refresh_from_db()
    assert (tag.note, tag.version) == ("Date confirmed", 2)

    # Delete with the key, then undo brings it back.
    page.locator(f"#a{framing.pk}").focus()
    page.keyboard.press("Delete")
    expect(page.locator(".tag-item")).to_have_count(1)
    framing.refresh_from_db()
    assert framing.deleted_at is not None
    page.get_by_role("button", name="↶ Undo").click()
    expect(page.locator(".tag-item")).to_have_count(2)
    framing.refresh_from_db()
    assert framing.deleted_at is None
    assert js_errors == []


@pytest.mark.browser
def test_accept_and_dismiss_suggestions(live_server: Any, page: Page, login: Any, js_errors: list[str]) -> None:
    user, article = make_assignment(BODY)
    quote_in(article, "We are ready to continue,", cue_verb="said")
    login(user)
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    quote = page.locator(".suggestion-item", has_text="We are ready to continue")
    quote.get_by_role("button", name="Accept suggestion").first.click()
    expect(page.locator(".tag-item")).to_have_count(1)
    accepted = Annotation.objects.get()
    assert accepted.text == "We are ready to continue,"
    assert accepted.quote is not None
    assert accepted.suggestion_key.startswith("quote:")

    kiev = page.locator(".suggestion-item", has_text="Kiev")
    kiev.get_by_role("button", name="Dismiss suggestion").click()
    expect(page.locator(".suggestion-item", has_text="Kiev")).to_have_count(0)
    page.reload()
    expect(page.locator(".suggestion-item", has_text="Kiev")).to_have_count(0)  # remembered
    assert Annotation.objects.count() == 1

    # Keyboard: n focuses the first suggestion, y accepts it.
    page.locator("body").click(position={"x": 5, "y": 5})
    expect(page.locator(".suggestion-item").first).to_be_visible()  # the list loads after the text
    before = page.locator(".suggestion-item").count()
    page.keyboard.press("n")
    page.keyboard.press("y")
    expect(page.locator(".suggestion-item")).to_have_count(before - 1)
    assert Annotation.objects.count() == 2
    assert js_errors == []


@pytest.mark.browser
def test_offsets_are_code_points_after_astral_characters(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    user, article = make_assignment(ASTRAL)
    login(user)
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    mouse_select(page, "the talks failed")
    page.keyboard.press("c")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(1)
    tag = Annotation.objects.get()
    assert article.body[tag.start : tag.end] == "the talks failed" == tag.text
    assert tag.start == article.body.index("the talks failed")  # code points, not UTF-16 units

    select_text(page, "😀 came")
    page.keyboard.press("f")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(2)
    emoji = Annotation.objects.get(text__startswith="😀")
    assert article.body[emoji.start : emoji.end] == "😀 came"
    assert js_errors == []


@pytest.mark.browser
def test_sentence_mode_and_finishing_the_article(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    user, article = make_assignment(BODY)
    login(user)
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    page.locator("#article-text p", has_text="rejected the plan").first.click(modifiers=["Alt"])
    toolbar = page.get_by_role("form", name="Tag the selection")
    expect(toolbar).to_be_visible()
    expect(page.locator("#tb-text")).to_have_value("The Kiev government rejected the plan.")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("heading", name="My assignments")).to_be_visible()
    assert Assignment.objects.get().status == Assignment.Status.DONE
    assert js_errors == []


@pytest.mark.browser
def test_hostile_body_and_note_render_as_text(live_server: Any, page: Page, login: Any, js_errors: list[str]) -> None:
    user, article = make_assignment(
        "<script>alert(1)</script> and <img src=x onerror=alert(2)> and <a href='javascript:alert(3)'>x</a>."
    )
    login(user)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    select_text(page, "<script>alert(1)</script>")
    page.keyboard.press("c")
    page.get_by_role("form", name="Tag the selection").get_by_role("textbox", name="Note").fill(
        "<img src=x onerror=alert(4)>"
    )
    page.get_by_role("button", name="Save tag").click()
    expect(page.locator(".tag-item")).to_have_count(1)
    expect(page.locator(".tag-note")).to_have_text("<img src=x onerror=alert(4)>")
    assert dialogs == []
    assert page.locator("#article-text script, #article-text img, #article-text a").count() == 0
    assert js_errors == []
