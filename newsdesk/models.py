"""The news corpus: outlets, stories, articles with their credits, speakers and quotes.

Spans everywhere are `[start, end)` offsets in Unicode code points of
`Article.body` (Python string indices).
"""

import hashlib
import re
import unicodedata
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify

# Characters no stored text keeps: C0/C1 controls other than line ends and tabs (PostgreSQL
# refuses NUL outright) and lone UTF-16 surrogates (JSON "\ud800" decodes to one; UTF-8 cannot
# encode it).
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
# Of those, the ones no column can hold at all: input with them is refused, not cleaned (the API).
UNENCODABLE = re.compile("[\x00\ud800-\udfff]")


def text_clean(text: str) -> str:
    """`text` without the characters no database column should hold (see UNSTORABLE)."""
    return UNSTORABLE.sub("", text)


def body_normalise(text: str) -> str:
    """NFC, `\\n` line ends, paragraphs separated by one `\\n`, no blank lines, no control characters."""
    text = unicodedata.normalize("NFC", text_clean(text)).replace("\r\n", "\n").replace("\r", "\n")
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


class OutletAlias(models.Model):
    """Another name an outlet goes by ("Reuters" for "Thomson Reuters"); a name means one outlet only."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "outlet aliases"
        constraints: ClassVar = [models.UniqueConstraint(Lower("alias"), name="outlet_alias_unique")]

    def __str__(self) -> str:
        return self.alias


# For counting a story's articles: an article the outlet edited counts once, as it is now.
LATEST_REVISION = Q(articles__next_revision__isnull=True)


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
    def with_primary_outlets(self) -> "ArticleQuerySet":
        return self.prefetch_related(
            models.Prefetch("credits", queryset=ArticleCredit.objects.select_related("outlet"))
        )


class ArticleManager(models.Manager["Article"]):
    def get_queryset(self) -> ArticleQuerySet:
        # The search vector is for the database's eyes only: never fetched with the row.
        return ArticleQuerySet(self.model, using=self._db).defer("search_vector")


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
    # Revisions: the same URL imported again with changed text is a new Article whose
    # `previous` is the old one (an app built on the corpus carries what points into it across: newsdesk.hooks.revision).
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_revision", editable=False
    )
    revision = models.PositiveSmallIntegerField(default=1, editable=False)
    # Full-text search on PostgreSQL: title (weight A) and body (weight B), kept up to date by a
    # database trigger (migration 0006) and indexed with GIN. Unused (NULL) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleManager.from_queryset(ArticleQuerySet)()
    _loaded_body: str | None  # the body as read from the database (see from_db)

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
        instance._loaded_body = instance.__dict__.get("body")
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
        return self.annotations.exists()

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
        return [c.outlet for c in self.credits.all() if c.role == ArticleCredit.Role.PRIMARY]


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


class AttributionChain(models.Model):
    """Who passed a statement on: publishing outlet → intermediaries → speaker (from extraction).

    `links` holds the chain found in the text, outermost relay first, e.g.
    [{"name": "BBC", "role": "interviewer", "text": "the BBC"}, {"name": "Jens Stoltenberg", "role": "speaker", …}];
    `path` puts the article's publishing outlet in front.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="chains")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    links = models.JSONField(default=list)
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="chains")

    class Meta:
        ordering = ["article_id", "start"]
        indexes: ClassVar = [models.Index(fields=["article", "start"])]

    def __str__(self) -> str:
        return " → ".join(self.path)

    @property
    def path(self) -> list[str]:
        names = [link.get("name", "") for link in self.links if isinstance(link, dict)]
        primary = getattr(self, "publisher", None)
        return ([primary] if primary and (not names or names[0] != primary) else []) + names


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


# Background work


class Job(models.Model):
    """One piece of background work (import, re-extraction, export) and its progress.

    The task (`newsdesk.jobs.run_job`) updates `processed` as it goes, so the job page's
    progress bar and the CLI can follow it; every item that failed is kept in `failures`
    with where it was and why, and a finished or failed job can be run again.
    """

    class Kind(models.TextChoices):
        IMPORT_ARTICLES = "import_articles", "Import articles"
        REEXTRACT = "reextract", "Re-run extraction"
        EXPORT_ANNOTATIONS = "export_annotations", "Export annotations"
        IMPORT_ANNOTATIONS = "import_annotations", "Import annotations"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    input_file = models.FileField(upload_to="jobs/input/", blank=True)
    input_name = models.CharField(max_length=255, blank=True)
    output_file = models.FileField(upload_to="jobs/output/", blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Duplicates and items already done.")
    failures = models.JSONField(default=list, blank=True, help_text='[{"item": …, "reason": …}]')
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs")
    # An import's articles, new and already stored: the job page offers to make a story of them.
    articles = models.ManyToManyField(Article, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished and not self.total:
            return 100
        return min(100, 100 * self.processed // self.total) if self.total else 0


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored: the token is shown once, when made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, e.g. “notebook on my laptop”.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="The first characters, to recognise it.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`: (the row, the token itself, which is not stored)."""
        import secrets

        key = "nd_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name.strip()[:100] or "token", key_hash=cls.hash(key), prefix=key[:8]
        )
        return token, key
