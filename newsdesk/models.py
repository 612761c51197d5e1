"""The news corpus: outlets, stories, articles with their credits, speakers and quotes.

Spans everywhere are `[start, end)` offsets in Unicode code points of
`Article.body` (Python string indices).
"""

import hashlib
import unicodedata
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify


def body_normalise(text: str) -> str:
    """NFC, `\\n` line ends, paragraphs separated by one `\\n`, no blank lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def body_hash(body: str) -> str:
    """The content hash duplicates are detected by (of the normalised body)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# Outlets and stories


class Outlet(models.Model):
    class Kind(models.TextChoices):
        WIRE_AGENCY = "wire_agency", "Wire agency"
        STATE_AFFILIATED = "state_affiliated", "State-affiliated"
        PUBLIC_BROADCASTER = "public_broadcaster", "Public broadcaster"
        PRIVATE = "private", "Private"
        SOCIAL_ACCOUNT = "social_account", "Social account"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)
    domain = models.CharField(max_length=200, blank=True, db_index=True)
    country = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "outlet"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("outlet_detail", args=[self.slug])


class Story(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "title"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.title)[:200] or "story"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("story_detail", args=[self.slug])


# Articles


class ArticleBodyFrozen(ValidationError):
    """The body of an article that has annotations was about to change."""


class ArticleQuerySet(models.QuerySet["Article"]):
    def for_story(self, story: Story) -> "ArticleQuerySet":
        return self.filter(story=story)

    def for_outlet(self, outlet: Outlet) -> "ArticleQuerySet":
        return self.filter(credits__outlet=outlet).distinct()

    def with_primary_outlets(self) -> "ArticleQuerySet":
        return self.prefetch_related(
            models.Prefetch("credits", queryset=ArticleCredit.objects.select_related("outlet"))
        )


class Article(models.Model):
    class SourceFormat(models.TextChoices):
        TXT = "txt", "Plain text"
        HTML = "html", "HTML"
        JSONL = "jsonl", "JSON lines"
        CSV = "csv", "CSV"
        API = "api", "API"
        MANUAL = "manual", "Entered by hand"

    title = models.CharField(max_length=500)
    body = models.TextField(help_text="Normalised plain text (NFC), paragraphs separated by a newline.")
    url = models.URLField(max_length=2000, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=16, default="en")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    story = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    source_format = models.CharField(max_length=16, choices=SourceFormat.choices, default=SourceFormat.MANUAL)
    # What the extraction pipeline found that has no table of its own: sentences,
    # embedded posts, cross-links, framing candidates (see newsdesk.extraction).
    extraction = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["story", "published_at"]),
            models.Index(fields=["-published_at", "-id"], name="article_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The invariant "spans keep pointing at the same text" must hold for every
        # writer (admin, API, shell), so it is checked here and not only in forms.
        self.check_body_change()
        self.content_hash = body_hash(self.body)
        super().save(*args, **kwargs)
        self._loaded_body = self.body

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> "Article":
        instance = super().from_db(db, field_names, values, **kwargs)
        # Remember the stored body so save() can refuse to change a frozen one.
        instance._loaded_body = instance.__dict__.get("body")  # type: ignore[attr-defined]
        return instance

    def clean(self) -> None:
        self.body = body_normalise(self.body)
        self.check_body_change()

    def check_body_change(self) -> None:
        loaded = getattr(self, "_loaded_body", None)
        if self.pk is None or loaded is None or loaded == self.body:
            return
        if self.has_annotations:
            raise ArticleBodyFrozen(
                "This article already has annotations, so its text cannot change: "
                "annotation offsets point into it. Import the new text as a new article "
                "(or a new revision) instead.",
                code="body_frozen",
            )

    @property
    def has_annotations(self) -> bool:
        return self.annotations.exists()  # type: ignore[attr-defined]

    @property
    def paragraphs(self) -> list[tuple[int, int, str]]:
        """(start, end, text) of each paragraph of the body."""
        result = []
        start = 0
        for line in self.body.split("\n"):
            result.append((start, start + len(line), line))
            start += len(line) + 1
        return result

    @property
    def primary_outlets(self) -> list[Outlet]:
        """Outlets credited as primary; uses prefetched credits when present."""
        return [c.outlet for c in self.credits.all() if c.role == ArticleCredit.Role.PRIMARY]  # type: ignore[attr-defined]


class ArticleCredit(models.Model):
    class Role(models.TextChoices):
        PRIMARY = "primary", "Primary"
        ADDITIONAL_INPUT = "additional_input", "Additional input"
        SYNDICATED_FROM = "syndicated_from", "Syndicated from"
        EMBEDDED_POST = "embedded_post", "Embedded post"
        MENTIONED = "mentioned", "Mentioned"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRIMARY)
    # The words the credit was read from ("RT story with additional input by …"), if any.
    source_text = models.CharField(max_length=500, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["article", "role", "outlet__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["article", "outlet", "role"], name="credit_unique_role"),
        ]
        indexes: ClassVar = [models.Index(fields=["outlet", "role"])]

    def __str__(self) -> str:
        return f"{self.outlet} ({self.get_role_display()})"


# Speakers and quotes


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GOVERNMENT = "government", "Government"
        SOCIAL_ACCOUNT = "social_account", "Social account"
        ANONYMOUS = "anonymous", "Anonymous or vague source"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.PERSON)
    title = models.CharField(max_length=300, blank=True, help_text="Role or title, e.g. NATO Secretary General.")
    affiliation = models.CharField(max_length=300, blank=True, db_index=True)
    handle = models.CharField(max_length=100, blank=True, help_text="For social accounts, e.g. @ZMiST_Ua.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("name"), "kind", name="speaker_unique_name_kind"),
        ]

    def __str__(self) -> str:
        return self.name


class SpeakerAlias(models.Model):
    class Kind(models.TextChoices):
        NAME = "name", "Name"
        DESCRIPTOR = "descriptor", "Descriptor"
        HANDLE = "handle", "Handle"

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    # Descriptors ("the secretary general") name different people in different
    # articles, so only NAME and HANDLE aliases are used to merge speakers.
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NAME)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "speaker aliases"
        constraints: ClassVar = [
            models.UniqueConstraint("speaker", Lower("alias"), name="alias_unique_per_speaker"),
        ]
        indexes: ClassVar = [models.Index(Lower("alias"), name="alias_lower_idx")]

    def __str__(self) -> str:
        return self.alias


class Quote(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        PARTIAL = "partial", "Partial"
        INDIRECT = "indirect", "Indirect"
        SCARE = "scare", "Scare quotes"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        ANNOTATOR = "annotator", "Annotator"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DIRECT)
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    # How this article named the speaker here ("the head of the US-led military bloc").
    speaker_text = models.CharField(max_length=300, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    cue_verb = models.CharField(max_length=100, blank=True)
    stance = models.CharField(max_length=32, blank=True, help_text="neutral, distancing, emphatic, endorsing …")
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.EXTRACTED)
    confidence = models.FloatField(default=1.0)

    class Meta:
        ordering = ["article", "start"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="quote_start_before_end"),
        ]
        indexes: ClassVar = [models.Index(fields=["article", "start"]), models.Index(fields=["speaker"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def word_count(self) -> int:
        return len(self.text.split())


class StorySuggestionRejection(models.Model):
    """A user said an article suggested for a story is not about that story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="rejected_suggestions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["story", "article"], name="story_rejection_unique")]

    def __str__(self) -> str:
        return f"{self.article} is not {self.story}"
