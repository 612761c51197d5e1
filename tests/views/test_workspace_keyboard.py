"""Changing a tag after it exists (span, speaker, quote, chain), the label palette and chips, the linked quote on the card."""

import re

from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation, Assignment, ReviewEvent
from annotations.visibility import MASK, article_view_for
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from newsdesk.models import AttributionChain
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    SpeakerFactory,
    annotation_on,
    annotator,
    quote_in,
    reviewer,
    second_annotator,
    tag_type,
)

BODY = "Officials said the bridge was hit twice.\n“We will rebuild it,” the mayor said in Kiev."


class TagEditTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert = annotator(), second_annotator()
        cls.article = ArticleFactory(body=BODY)
        cls.other = ArticleFactory(body="Elsewhere “a quote of another article” was said.")
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert])
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.annie)
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.bert)
        cls.mayor = SpeakerFactory(name="The mayor")
        cls.quote = quote_in(cls.article, "We will rebuild it,", speaker=cls.mayor)
        cls.foreign_quote = quote_in(cls.other, "a quote of another article")
        cls.chain = AttributionChain.objects.create(
            article=cls.article, start=0, end=9, links=[{"name": "Officials"}, {"name": "the mayor"}]
        )
        cls.url = reverse("annotations:article_annotate", args=[cls.article.pk])

    def setUp(self) -> None:
        self.tag = annotation_on(self.article, "the bridge was hit", annotator=self.annie)
        self.edit_url = reverse("annotations:annotation_update", args=[self.tag.pk])
        self.client.force_login(self.annie)

    def post_edit(self, **data: object) -> object:
        return self.client.post(self.edit_url, {"version": self.tag.version, **data}, headers={"HX-Request": "true"})

    # Links

    def test_quote_speaker_and_chain_are_set_after_the_tag_exists(self) -> None:
        response = self.post_edit(quote=self.quote.pk, speaker=self.mayor.pk, chain=self.chain.pk)
        assert response.status_code == 200  # type: ignore[attr-defined]
        self.tag.refresh_from_db()
        assert (self.tag.quote_id, self.tag.speaker_id, self.tag.chain_id) == (
            self.quote.pk,
            self.mayor.pk,
            self.chain.pk,
        )
        assert ReviewEvent.objects.filter(annotation=self.tag, action=ReviewEvent.Action.EDITED).count() == 1
        html = response.content.decode()  # type: ignore[attr-defined]
        card = re.search(rf'<li id="a{self.tag.pk}".*?</li>', html, re.S)
        assert card is not None
        assert "Quote: <q>We will rebuild it,</q>" in card.group(0)
        assert "Speaker: The mayor" in card.group(0)
        assert "Chain: Officials → the mayor" in card.group(0)

    def test_links_are_changed_and_removed(self) -> None:
        Annotation.objects.filter(pk=self.tag.pk).update(quote=self.quote, speaker=self.mayor)
        self.tag.refresh_from_db()
        assert self.post_edit(quote="", speaker="").status_code == 200  # type: ignore[attr-defined]
        self.tag.refresh_from_db()
        assert (self.tag.quote_id, self.tag.speaker_id) == (None, None)

    def test_a_quote_of_another_article_is_refused(self) -> None:
        response = self.post_edit(quote=self.foreign_quote.pk)
        assert response.status_code == 422  # type: ignore[attr-defined]
        self.assertContains(response, "belongs to another article", status_code=422)  # type: ignore[arg-type]
        self.tag.refresh_from_db()
        assert (self.tag.quote_id, self.tag.version) == (None, 1)

    def test_unknown_links_are_refused(self) -> None:
        for field in ("quote", "speaker", "chain"):
            assert self.post_edit(**{field: "999999"}).status_code == 422, field  # type: ignore[attr-defined]
        self.tag.refresh_from_db()
        assert self.tag.version == 1

    def test_edit_form_offers_the_links(self) -> None:
        html = self.client.get(self.url).content.decode()
        form = re.search(r'<form id="edit-form".*?</form>', html, re.S)
        assert form is not None
        for field in ("edit-quote", "edit-speaker", "edit-chain", "edit-start", "edit-end"):
            assert f'id="{field}"' in form.group(0), field
        assert f'value="{self.quote.pk}"' in form.group(0)
        cards = self.client.get(reverse("annotations:annotation_list", args=[self.article.pk])).content.decode()
        assert 'data-quote="" data-speaker="" data-speaker-name="" data-chain=""' in cards

    # Span

    def test_span_is_adjusted_through_the_edit(self) -> None:
        self.tag.status = Annotation.Status.ACCEPTED
        self.tag.save()
        start = BODY.index("bridge was hit twice")
        response = self.post_edit(start=start, end=start + len("bridge was hit twice"), text="bridge was hit twice")
        assert response.status_code == 200  # type: ignore[attr-defined]
        self.tag.refresh_from_db()
        assert (self.tag.text, self.tag.start, self.tag.version) == ("bridge was hit twice", start, 2)
        assert self.tag.prefix.endswith("said the ")
        assert self.tag.status == Annotation.Status.PENDING  # what the reviewer accepted changed
        event = ReviewEvent.objects.filter(annotation=self.tag).latest("id")
        assert (event.before["text"], event.after["text"]) == ("the bridge was hit", "bridge was hit twice")

    def test_a_span_that_does_not_read_its_text_or_is_empty_is_refused(self) -> None:
        start = BODY.index("bridge")
        assert self.post_edit(start=start, end=start + 6, text="bridgX").status_code == 422  # type: ignore[attr-defined]
        assert self.post_edit(start=start, end=start, text="").status_code == 422  # type: ignore[attr-defined]
        assert self.post_edit(start=start, end=10**6).status_code == 422  # type: ignore[attr-defined]
        assert self.post_edit(start="x", end="y").status_code == 422  # type: ignore[attr-defined]
        self.tag.refresh_from_db()
        assert (self.tag.text, self.tag.version) == ("the bridge was hit", 1)

    def test_another_annotators_tag_cannot_be_adjusted(self) -> None:
        self.client.force_login(self.bert)
        start = BODY.index("bridge")
        response = self.post_edit(start=start, end=start + 6, quote=self.quote.pk)
        assert response.status_code in (403, 404)  # type: ignore[attr-defined]
        self.tag.refresh_from_db()
        assert (self.tag.text, self.tag.quote_id) == ("the bridge was hit", None)

    # Palette and chips

    def test_palette_lists_every_label_with_its_keys(self) -> None:
        html = self.client.get(self.url).content.decode()
        palette = re.search(r'<section class="label-palette".*?</section>', html, re.S)
        assert palette is not None
        framing = tag_type("framing", "naming-choice")
        assert f'data-tag-type="{framing.pk}"' in palette.group(0)
        assert f"{framing.label} <kbd>{framing.shortcut}</kbd>" in palette.group(0)
        for key in ("c", "a", "f"):
            assert f"<kbd>{key}</kbd>" in palette.group(0)

    def test_highlights_carry_their_label_as_a_chip(self) -> None:
        html = self.client.get(self.url).content.decode()
        label = self.tag.tag_type.label
        assert f'<mark class="t{self.tag.tag_type_id}" data-a="{self.tag.pk}" data-chip="{label}">the bridge' in html
        inner = annotation_on(self.article, "bridge", annotator=self.annie, kind="framing")
        html = self.client.get(self.url).content.decode()
        text = html.split('id="article-text"')[1].split("</div>")[0]
        assert text.count("data-chip=") == 2  # only where a tag starts, not on every piece of it
        assert f'data-a="{self.tag.pk} {inner.pk}" data-chip="{inner.tag_type.label}">bridge</mark>' in text
        assert 'style="' not in text

    def test_a_renamed_label_shows_on_its_chips_at_once(self) -> None:
        self.client.get(self.url)  # the marked text is now cached
        tag_type = self.tag.tag_type
        tag_type.label = "Renamed label"
        tag_type.save(update_fields=["label"])
        html = self.client.get(self.url).content.decode()
        assert f'data-a="{self.tag.pk}" data-chip="Renamed label">the bridge' in html

    def test_a_reviewer_reading_the_workspace_gets_no_palette_or_handles(self) -> None:
        self.client.force_login(reviewer())
        html = self.client.get(self.url).content.decode()
        assert "Read-only" in html
        assert 'id="label-palette"' not in html
        assert 'id="handle-start"' not in html


class BlindLinkedQuoteTests(TestCase):
    """The linked quote on a tag card comes from the masked view of the article."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie = annotator()
        body = "Officials said “Northwind Wire confirmed the strike” on Monday.\nReporting by Northwind Wire."
        draft = ArticleDraft(
            title="Strike", body=body, source="test", source_format="txt", outlets=(("Northwind Wire", "primary"),)
        )
        cls.article = article_ingest(draft=draft).article
        campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie], is_blind=True)
        Assignment.objects.create(campaign=campaign, article=cls.article, annotator=cls.annie)
        cls.quote = quote_in(cls.article, "Northwind Wire confirmed the strike")
        cls.tag = annotation_on(cls.article, "Officials said", annotator=cls.annie, quote=cls.quote)

    def test_card_shows_the_masked_quote(self) -> None:
        self.client.force_login(self.annie)
        html = self.client.get(reverse("annotations:annotation_list", args=[self.article.pk])).content.decode()
        card = re.search(rf'<li id="a{self.tag.pk}".*?</li>', html, re.S)
        assert card is not None
        assert "Quote: <q>" in card.group(0)
        assert MASK in card.group(0)
        assert "Northwind" not in html

    def test_a_blind_annotator_moves_a_span_in_the_offsets_they_see(self) -> None:
        tag = annotation_on(self.article, "on Monday", annotator=self.annie)
        self.client.force_login(self.annie)
        page = self.client.get(reverse("annotations:article_annotate", args=[self.article.pk])).content.decode()
        shown = article_view_for(self.annie, self.article).body
        assert shown != self.article.body  # the outlet's name is masked before the tag
        start = shown.index("strike” on Monday")
        end = start + len("strike” on Monday")
        assert start != self.article.body.index("strike” on Monday")
        response = self.client.post(
            reverse("annotations:annotation_update", args=[tag.pk]),
            {"version": tag.version, "start": start, "end": end, "text": shown[start:end]},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        tag.refresh_from_db()
        assert tag.text == "strike” on Monday"  # stored offsets, translated from the shown ones
        assert "Northwind" not in response.content.decode()
        assert 'id="article-text"' in page
        # The stored offsets sent as they are do not read the shown text: refused, nothing changes.
        stored = self.article.body.index("Officials said")
        response = self.client.post(
            reverse("annotations:annotation_update", args=[tag.pk]),
            {
                "version": tag.version,
                "start": stored,
                "end": stored + 30,
                "text": self.article.body[stored : stored + 30],
            },
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 422
