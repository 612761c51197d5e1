"""Curation and review in a real browser: take, merge, add from a selection, undo and remove in curation;
ticked rows decided with a reason; spans corrected by selecting words; review inside the article;
each by mouse, by keyboard only, and at 390 px."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment, GoldAnnotation, ReasonCode
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    annotation_on,
    annotator,
    reviewer,
    second_annotator,
    tag_type,
)

# Astral characters (a flag, an emoji) before the spans: the browser counts UTF-16, the server code points.
BODY = "🇺🇦 Kyiv 🙂 said the bridge was hit twice overnight.\nThe mayor promised to rebuild it by spring."


def world() -> dict[str, Any]:
    annie, bert, rita = annotator(), second_annotator(), reviewer()
    article = ArticleFactory(title="Bridge hit overnight", body=BODY)
    campaign = CampaignFactory(articles=[article], annotators=[annie, bert], reviewers=[rita])
    for who in (annie, bert):
        Assignment.objects.create(campaign=campaign, article=article, annotator=who, status="done")
    tags = {
        "annie": annotation_on(article, "the bridge was hit", annotator=annie, campaign=campaign),
        "bert": annotation_on(article, "the bridge was hit twice", annotator=bert, campaign=campaign, kind="framing"),
        "mayor": annotation_on(article, "rebuild it by spring", annotator=annie, campaign=campaign),
    }
    return {"annie": annie, "bert": bert, "rita": rita, "article": article, "campaign": campaign, "tags": tags}


def mouse_select(page: Page, root: str, text: str) -> None:
    """A real drag from the first to the last character of `text` inside `root`."""
    rects = page.evaluate_handle(
        """([root, text]) => {
            const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
            const nodes = []; let full = '';
            while (walker.nextNode()) { nodes.push([walker.currentNode, full.length]); full += walker.currentNode.data; }
            const at = full.indexOf(text);
            const locate = (pos, end) => { for (const [node, base] of nodes) if (end ? pos <= base + node.data.length : pos < base + node.data.length) return [node, pos - base]; };
            const [sn, so] = locate(at, false); const [en, eo] = locate(at + text.length, true);
            sn.parentElement.scrollIntoView({block: 'center'});
            const r = document.createRange(); r.setStart(sn, so); r.setEnd(en, eo);
            return [...r.getClientRects()].filter((b) => b.width > 0).map((b) => ({left: b.left, right: b.right, top: b.top, height: b.height}));
        }""",
        [root, text],
    ).json_value()
    first, last = rects[0], rects[-1]
    page.mouse.move(first["left"] + 1, first["top"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, last["top"] + last["height"] / 2, steps=5)
    page.mouse.up()


def tab_to(page: Page, selector: str, limit: int = 250, *, back: bool = False) -> None:
    """Press Tab (Shift+Tab with `back`) until the focused element matches `selector` (no click, no focus()).

    First waits for the last htmx answer to settle: on a loaded machine the next keys can
    otherwise reach a button htmx has not wired up yet, which then posts as a plain form."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), page.evaluate(
        "() => [document.documentElement.scrollWidth, innerWidth]"
    )


def gold() -> list[tuple[str, str]]:
    return list(GoldAnnotation.objects.alive().order_by("start", "end").values_list("text", "tag_type__slug"))


@pytest.mark.browser
def test_curation_take_merge_select_undo_remove_by_mouse(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    w = world()
    login(w["rita"])
    page.goto(f"{live_server.url}/campaigns/{w['campaign'].pk}/curate/")
    page.get_by_role("link", name="Bridge hit overnight").click()
    group = page.locator(".span-group").first
    expect(group).to_contain_text("Versions differ")
    expect(group.locator(".version")).to_have_count(2)  # annie's and bert's versions of one span, side by side
    expect(group).to_contain_text("Pending")

    group.get_by_role("button", name="Take annie’s version").click()
    expect(page.locator("#curation-message")).to_contain_text("Took annie’s version")
    assert gold() == [("the bridge was hit", w["tags"]["annie"].tag_type.slug)]

    group = page.locator(".span-group").first
    group.get_by_label("Merge annie’s version").check()
    group.get_by_label("Merge bert’s version").check()
    group.get_by_label("Merged label").select_option(str(tag_type("framing").pk))
    group.get_by_role("button", name="Merge ticked").click()
    expect(page.locator("#curation-message")).to_contain_text("Merged 2 versions")
    assert ("the bridge was hit twice", tag_type("framing").slug) in gold()

    mouse_select(page, "#curation-text", "Kyiv")
    expect(page.locator("#gold-add-form")).to_contain_text("Selected: “Kyiv”")
    page.get_by_label("Label", exact=True).select_option(str(tag_type("attribution").pk))
    page.get_by_role("button", name="Add to gold").click()
    expect(page.locator("#curation-message")).to_contain_text("Added your item")
    own = GoldAnnotation.objects.alive().get(text="Kyiv")
    assert BODY[own.start : own.end] == "Kyiv"  # code points, after a flag and before an emoji

    page.get_by_role("button", name="Undo my last gold choice").click()
    expect(page.locator("#curation-message")).to_contain_text("Undid the new gold item")
    assert not GoldAnnotation.objects.alive().filter(text="Kyiv").exists()

    page.get_by_role("button", name="Remove “the bridge was hit twice”").click()
    expect(page.locator("#curation-message")).to_contain_text("Removed")
    assert gold() == [("the bridge was hit", w["tags"]["annie"].tag_type.slug)]
    for tag in w["tags"].values():  # curation changes no annotator's tag
        tag.refresh_from_db()
        assert (tag.status, tag.version) == ("pending", 1)
    assert js_errors == []


@pytest.mark.browser
def test_curation_by_keyboard_only(live_server: Any, page: Page, login: Any, js_errors: list[str]) -> None:
    w = world()
    login(w["rita"])
    page.goto(f"{live_server.url}/campaigns/{w['campaign'].pk}/adjudicate/{w['article'].pk}/")
    annie, bert = w["tags"]["annie"], w["tags"]["bert"]
    tab_to(page, f"#take-{annie.pk}")
    page.keyboard.press("Enter")
    expect(page.locator("#curation-message")).to_contain_text("Took annie’s version")
    tab_to(page, f"#merge-{annie.pk}")
    page.keyboard.press("Space")
    tab_to(page, f"#merge-{bert.pk}")
    page.keyboard.press("Space")
    tab_to(page, ".merge-button")
    page.keyboard.press("Enter")
    expect(page.locator("#curation-message")).to_contain_text("Merged 2 versions")
    assert GoldAnnotation.objects.alive().count() == 2
    tab_to(page, "#gold-undo")
    page.keyboard.press("Enter")
    expect(page.locator("#curation-message")).to_contain_text("Undid")
    assert GoldAnnotation.objects.alive().count() == 1
    item = GoldAnnotation.objects.alive().get()
    tab_to(page, f"#remove-{item.pk}")
    page.keyboard.press("Enter")
    expect(page.locator("#curation-message")).to_contain_text("Removed")
    assert GoldAnnotation.objects.alive().count() == 0
    assert js_errors == []


@pytest.mark.browser
def test_curation_and_review_queue_fit_a_390px_phone(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    w = world()
    page.set_viewport_size({"width": 390, "height": 844})
    login(w["rita"])
    page.goto(f"{live_server.url}/campaigns/{w['campaign'].pk}/adjudicate/{w['article'].pk}/")
    no_sideways_scroll(page)
    page.locator(".span-group").first.get_by_role("button", name="Take annie’s version").click()
    expect(page.locator("#curation-message")).to_contain_text("Took annie’s version")
    no_sideways_scroll(page)
    for url in (f"/campaigns/{w['campaign'].pk}/curate/", "/review/", f"/articles/{w['article'].pk}/review/"):
        page.goto(live_server.url + url)
        no_sideways_scroll(page)
    page.goto(f"{live_server.url}/review/")
    page.get_by_label(f"Select {w['tags']['mayor'].tag_type.label} by annie").first.check()
    page.get_by_role("button", name="Accept selected").click()
    expect(page.locator("#select-message")).to_contain_text("Accepted 1 tag")
    no_sideways_scroll(page)
    assert js_errors == []


@pytest.mark.browser
def test_select_rows_and_bulk_reject_with_a_reason(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    w = world()
    reason = ReasonCode.objects.filter(is_active=True).first()
    assert reason is not None
    annie, bert, mayor = w["tags"]["annie"], w["tags"]["bert"], w["tags"]["mayor"]
    login(w["rita"])
    page.goto(f"{live_server.url}/review/")
    # The two versions of one span sit together.
    versions = page.locator(".span-versions")
    expect(versions).to_have_count(1)
    expect(versions.locator(".review-row")).to_have_count(2)
    page.locator(f"#pick-{annie.pk}").check()
    page.locator(f"#pick-{mayor.pk}").check()
    expect(page.locator("[data-picked-count]")).to_have_text("2 selected")
    page.get_by_label("Reason for the selected").select_option(reason.slug)
    page.get_by_role("button", name="Reject selected").click()
    expect(page.locator("#select-message")).to_contain_text("Rejected 2 tags")
    expect(page.locator(f"#row-{annie.pk} .status-rejected")).to_be_visible()
    expect(page.locator(f"#row-{mayor.pk} .status-rejected")).to_be_visible()
    statuses = dict(Annotation.objects.values_list("pk", "status"))
    assert (statuses[annie.pk], statuses[mayor.pk], statuses[bert.pk]) == ("rejected", "rejected", "pending")
    assert js_errors == []


@pytest.mark.browser
def test_select_rows_and_send_back_by_keyboard_only(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    w = world()
    bert, mayor = w["tags"]["bert"], w["tags"]["mayor"]
    login(w["rita"])
    page.goto(f"{live_server.url}/review/")
    tab_to(page, f"#pick-{bert.pk}")
    page.keyboard.press("Space")
    tab_to(page, f"#row-{mayor.pk}")
    page.keyboard.press("x")  # ticks the focused row
    expect(page.locator("[data-picked-count]")).to_have_text("2 selected")
    tab_to(page, "#select-comment")
    page.keyboard.type("Check the guidelines on spans.")
    tab_to(page, "#selected-needs")
    page.keyboard.press("Enter")
    expect(page.locator("#select-message")).to_contain_text("Sent back 2 tags")
    statuses = dict(Annotation.objects.values_list("pk", "status"))
    assert (statuses[bert.pk], statuses[mayor.pk]) == ("needs_changes", "needs_changes")
    assert js_errors == []


@pytest.mark.browser
def test_correct_a_span_by_selecting_words_in_the_queue(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    w = world()
    annie = w["tags"]["annie"]
    login(w["rita"])
    page.goto(f"{live_server.url}/review/")
    row = page.locator(f"#row-{annie.pk}")
    row.get_by_text("Correct label or span").click()
    mouse_select(page, f"#row-{annie.pk} .in-context", "bridge was hit twice")
    expect(row.locator(".span-preview")).to_contain_text("Selected: “bridge was hit twice”")
    row.get_by_role("button", name="Save correction").click()
    expect(page.locator(f"#row-{annie.pk}")).to_contain_text("Corrected and accepted")
    annie.refresh_from_db()
    assert (annie.text, annie.status) == ("bridge was hit twice", "accepted")
    assert BODY[annie.start : annie.end] == "bridge was hit twice"
    assert js_errors == []


@pytest.mark.browser
def test_review_inside_the_article(live_server: Any, page: Page, login: Any, js_errors: list[str]) -> None:
    w = world()
    annie, mayor = w["tags"]["annie"], w["tags"]["mayor"]
    login(w["rita"])
    page.goto(f"{live_server.url}/articles/{w['article'].pk}/annotate/")
    page.get_by_role("link", name="Review mode").click()
    expect(page.locator(".review-article-text")).to_contain_text("The mayor promised")
    page.locator(f"#accept-{mayor.pk}").click()
    expect(page.locator(f"#row-{mayor.pk} .status-accepted")).to_be_visible()
    # Correct a span by selecting the words in the article text itself.
    page.locator(f"#row-{annie.pk}").get_by_text("Correct label or span").click()
    mouse_select(page, ".review-article-text", "Kyiv")
    expect(page.locator(f"#row-{annie.pk} .span-preview")).to_contain_text("Selected: “Kyiv”")
    page.locator(f"#correct-{annie.pk}").click()
    expect(page.locator(f"#row-{annie.pk}")).to_contain_text("Corrected and accepted")
    annie.refresh_from_db()
    mayor.refresh_from_db()
    assert (annie.text, annie.status, mayor.status) == ("Kyiv", "accepted", "accepted")
    assert js_errors == []


@pytest.mark.browser
def test_own_gold_item_and_span_correction_by_keyboard_only(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    w = world()
    annie, mayor = w["tags"]["annie"], w["tags"]["mayor"]
    login(w["rita"])
    page.goto(f"{live_server.url}/campaigns/{w['campaign'].pk}/adjudicate/{w['article'].pk}/")
    # Start from the mayor's span, take one word more at the start, pick a label, add.
    tab_to(page, f"#own-{mayor.start}-{mayor.end}")
    page.keyboard.press("Enter")
    expect(page.locator("#gold-add-form .span-preview")).to_contain_text("“rebuild it by spring”")
    tab_to(page, '#gold-add-form [data-nudge="start-left"]')
    page.keyboard.press("Enter")
    expect(page.locator("#gold-add-form .span-preview")).to_contain_text("“to rebuild it by spring”")
    tab_to(page, "#gold-tag-type")
    page.keyboard.press("End")  # the last label
    tab_to(page, '#gold-add-form button[type="submit"]')
    page.keyboard.press("Enter")
    expect(page.locator("#curation-message")).to_contain_text("Added your item")
    item = GoldAnnotation.objects.alive().get()
    assert (item.text, item.source) == ("to rebuild it by spring", None)

    # In the queue: "e" opens the correction of the focused row; the edges move by word.
    page.goto(f"{live_server.url}/review/")
    tab_to(page, f"#row-{annie.pk}")
    page.keyboard.press("e")
    tab_to(page, f'#row-{annie.pk} [data-nudge="end-right"]', back=True)
    page.keyboard.press("Enter")
    tab_to(page, f'#row-{annie.pk} [data-nudge="start-right"]', back=True)
    page.keyboard.press("Enter")
    expect(page.locator(f"#row-{annie.pk} .span-preview")).to_contain_text("“bridge was hit twice”")
    tab_to(page, f"#correct-{annie.pk}")
    page.keyboard.press("Enter")
    expect(page.locator(f"#row-{annie.pk}")).to_contain_text("Corrected and accepted")
    annie.refresh_from_db()
    assert (annie.text, annie.status) == ("bridge was hit twice", "accepted")
    assert js_errors == []
