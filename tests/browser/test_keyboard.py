"""Keyboard-first tagging in a real browser: create, adjust, relink and delete a tag with the keys only;
drag handles; the label palette and chips; the toolbar on a phone; the flow through a campaign."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment
from newsdesk.extraction import extract
from tests.factories import ArticleFactory, CampaignFactory, SpeakerFactory, annotation_on, annotator, quote_in

BODY = (
    "Talks resumed in Vell on Monday, officials said.\n"
    "“We are ready to continue,” the minister said, calling the blockade a “humanitarian corridor”.\n"
    "The Kiev government rejected the plan."
)


def make_assignment(body: str = BODY, user: Any = None) -> tuple[Any, Any, Any]:
    user = user or annotator()
    article = ArticleFactory(title="Talks in Vell", body=body)
    article.extraction = extract(article.body).to_storage()
    article.save()
    campaign = CampaignFactory(articles=[article], annotators=[user])
    Assignment.objects.create(campaign=campaign, article=article, annotator=user)
    return user, article, campaign


def open_workspace(page: Page, live_server: Any, article: Any) -> None:
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    expect(page.locator("#article-text")).to_be_visible()


def tab_to_text(page: Page) -> None:
    """Tab through the page until the article text has the focus (it is in the tab order)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "article-text":
            return
    raise AssertionError("the article text cannot be reached with Tab")


def selected(page: Page) -> str:
    return page.evaluate("window.getSelection().toString()")


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement.id")


@pytest.mark.browser
def test_create_adjust_relink_and_delete_a_tag_with_the_keyboard_only(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    user, article, _ = make_assignment()
    mayor = SpeakerFactory(name="The minister")
    quote = quote_in(article, "We are ready to continue,", speaker=mayor)
    login(user)
    open_workspace(page, live_server, article)
    tab_to_text(page)
    expect(page.locator("#kb-caret")).to_be_visible()

    # Create: the caret moves by word, Shift extends by word, Escape cancels, c + digit + Enter tags.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert selected(page) == "resumed"
    page.keyboard.press("Escape")
    assert selected(page) == ""
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert selected(page) == "in Vell"
    page.keyboard.press("c")
    toolbar = page.get_by_role("form", name="Tag the selection")
    expect(toolbar).to_be_visible()
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(1)
    tag = Annotation.objects.get()
    assert (tag.text, tag.tag_type.kind, tag.tag_type.shortcut) == ("in Vell", "claim", "2")
    expect(page.locator(f"mark[data-a~='{tag.pk}'][data-chip]")).to_have_attribute("data-chip", tag.tag_type.label)
    expect(page.locator("#article-text")).to_be_focused()  # back in the text, ready for the next one

    # Adjust: with the caret in the tag, [ moves its start a word left, Shift+] its end a word right.
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("BracketLeft")
    page.keyboard.press("Shift+BracketRight")
    expect(page.locator("#edit-span-text")).to_have_text("resumed in Vell on")
    page.keyboard.press("Enter")
    expect(page.locator(f"#a{tag.pk} .tag-text")).to_have_text("resumed in Vell on")
    tag.refresh_from_db()
    assert (tag.text, tag.start, tag.version) == ("resumed in Vell on", article.body.index("resumed"), 2)
    expect(page.locator("#article-text")).to_be_focused()

    # Relink: j picks the tag, e edits it, Tab to the quote, pick it with the arrows, Enter saves.
    page.keyboard.press("j")
    expect(page.locator(f"#a{tag.pk}")).to_be_focused()
    page.keyboard.press("e")
    edit = page.get_by_role("form", name="Edit tag")
    expect(edit).to_be_visible()
    expect(edit.get_by_label("Label")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(edit.get_by_label("Quote")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(edit.get_by_label("Speaker")).to_have_value(str(mayor.pk))  # the quote's speaker comes with it
    page.keyboard.press("Enter")
    expect(page.locator(f"#a{tag.pk} .tag-quote")).to_contain_text("We are ready to continue,")
    tag.refresh_from_db()
    assert (tag.quote_id, tag.speaker_id, tag.version) == (quote.pk, mayor.pk, 3)
    expect(page.locator(f"#a{tag.pk}")).to_be_focused()

    # Delete: the focused tag goes with the Delete key, in place (no page load); the focus stays in the text.
    page.evaluate("window.notReloaded = true")
    page.keyboard.press("Delete")
    expect(page.locator(".tag-item")).to_have_count(0)
    tag.refresh_from_db()
    assert tag.deleted_at is not None
    expect(page.locator("#article-text")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    assert js_errors == []


@pytest.mark.browser
def test_sentence_key_then_palette_label_tags_the_sentence(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    user, article, _ = make_assignment()
    login(user)
    open_workspace(page, live_server, article)
    palette = page.get_by_role("region", name="Labels and their keys")
    expect(palette).to_be_visible()  # before anything is selected
    tab_to_text(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("s")
    assert selected(page) == "The Kiev government rejected the plan."
    palette.get_by_role("button", name="Loaded term").click()
    toolbar = page.get_by_role("form", name="Tag the selection")
    expect(toolbar).to_be_visible()
    expect(toolbar.get_by_role("radio", name="Loaded term")).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(1)
    # The answer settled (focus given back) before the next keys: on a loaded machine it can lag.
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
    tag = Annotation.objects.get()
    assert (tag.text, tag.tag_type.slug) == ("The Kiev government rejected the plan.", "loaded-term")
    # Shift+arrows extend by word, also backwards from the caret.
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowLeft")
    assert selected(page) == "We"
    assert js_errors == []


@pytest.mark.browser
def test_dragging_a_handle_moves_the_end_of_the_tag(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    user, article, _ = make_assignment()
    tag = annotation_on(article, "Talks resumed", annotator=user)
    login(user)
    open_workspace(page, live_server, article)
    page.locator(f"#a{tag.pk}").focus()
    handle = page.locator("#handle-end")
    expect(handle).to_be_visible()
    box = handle.bounding_box()
    target = page.evaluate(
        """() => { const root = document.getElementById('article-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) { const i = walker.currentNode.data.indexOf('Vell');
              if (i >= 0) { const r = document.createRange(); r.setStart(walker.currentNode, i + 2); r.setEnd(walker.currentNode, i + 3);
                const b = r.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; } } }"""
    )
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"], target["y"], steps=6)
    page.mouse.up()
    expect(page.locator(f"#a{tag.pk} .tag-text")).to_have_text("Talks resumed in Vell")
    tag.refresh_from_db()
    assert (tag.text, tag.version) == ("Talks resumed in Vell", 2)
    assert js_errors == []


@pytest.mark.browser
def test_toolbar_stays_on_a_phone_screen(live_server: Any, page: Page, login: Any, js_errors: list[str]) -> None:
    user, article, _ = make_assignment(
        BODY + "\n" + "\n".join(f"Paragraph {i} says more about the talks." for i in range(30))
    )
    login(user)
    page.set_viewport_size({"width": 390, "height": 844})
    open_workspace(page, live_server, article)
    page.locator("#article-text").focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("s")
    assert selected(page).startswith("Paragraph 29")
    page.keyboard.press("c")
    toolbar = page.get_by_role("form", name="Tag the selection")
    expect(toolbar).to_be_visible()
    box = toolbar.bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= 390, box
    assert 0 <= box["y"] <= box["y"] + box["height"] <= 844, box
    expect(toolbar.get_by_role("button", name="Save tag")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(1)
    assert js_errors == []


@pytest.mark.browser
def test_mark_done_opens_the_next_article_of_the_campaign(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    # Another campaign's article comes first in the global queue; Mark done must not go there.
    user, elsewhere, _ = make_assignment("Another campaign's article.")
    _, first, campaign = make_assignment(user=user)
    second = ArticleFactory(title="Second in the campaign")
    campaign.articles.add(second)
    Assignment.objects.create(campaign=campaign, article=second, annotator=user, position=1)
    login(user)
    open_workspace(page, live_server, first)
    expect(page.locator("#campaign-progress")).to_contain_text("0 of 2 done")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Mark as done").click()
    expect(page).to_have_url(f"{live_server.url}/articles/{second.pk}/annotate/")
    expect(page.locator("#campaign-progress")).to_contain_text("1 of 2 done")
    assert page.locator("#campaign-progress progress").get_attribute("value") == "1"
    page.goto(f"{live_server.url}/assignments/")
    items = page.locator(".assignment-list li")
    expect(items.last).to_contain_text("Done")
    expect(items.first).to_contain_text("Second in the campaign")  # in progress first
    assert Assignment.objects.get(article=elsewhere).status == Assignment.Status.TODO
    assert js_errors == []
