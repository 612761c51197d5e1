"""Tags on article text, the campaigns that organise the work, and the audit trail."""

from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from newsdesk.models import Article, Quote, Speaker

# Context kept around an annotation's exact text (W3C TextQuoteSelector prefix/suffix).
CONTEXT_CHARS = 32


class Kind(models.TextChoices):
    CLAIM = "claim", "Claim"
    ATTRIBUTION = "attribution", "Attribution"
    FRAMING = "framing", "Framing"


class TagType(models.Model):
    """One label under one of the three fixed kinds (e.g. framing → loaded term)."""

    kind = models.CharField(max_length=16, choices=Kind)
    label = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#ffd54f", help_text="Hex colour, e.g. #ffd54f.")
    shortcut = models.CharField(max_length=1, blank=True, help_text="One key that picks this label.")
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "order", "label"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "slug"], name="tagtype_unique_kind_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.label}"


# Campaigns and assignments


class Campaign(models.Model):
    class Visibility(models.TextChoices):
        OWN = "own", "Annotators see only their own tags"
        AFTER_DONE = "after_done", "Others' tags once the annotator has finished the article"
        ALL = "all", "Everyone's tags at all times"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    guidelines = models.TextField(blank=True, help_text="Markdown, shown in the workspace.")
    articles = models.ManyToManyField(Article, blank=True, related_name="campaigns")
    annotators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="annotator_campaigns")
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="reviewer_campaigns")
    tag_types = models.ManyToManyField(
        TagType, blank=True, related_name="campaigns", help_text="Labels in use; none chosen means all."
    )
    overlap = models.PositiveSmallIntegerField(default=1, help_text="How many annotators see each article.")
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.AFTER_DONE)
    is_blind = models.BooleanField(default=False, help_text="Hide outlets and credits from annotators.")
    is_blind_for_reviewers = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("annotations:campaign_detail", args=[self.pk])


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def for_user(self, user: User) -> "AssignmentQuerySet":
        return self.filter(annotator=user)

    def open(self) -> "AssignmentQuerySet":
        return self.exclude(status=Assignment.Status.DONE)


class Assignment(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", "To do"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.TODO, db_index=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in the annotator's queue.")
    time_spent = models.DurationField(default=timedelta)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["campaign", "article", "annotator"], name="assignment_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["annotator", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.annotator} · {self.article}"


# Annotations and their history


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    def alive(self) -> "AnnotationQuerySet":
        return self.filter(deleted_at__isnull=True)

    def in_text_order(self) -> "AnnotationQuerySet":
        return self.order_by("start", "-end", "id")

    def accepted(self) -> "AnnotationQuerySet":
        return self.filter(status=Annotation.Status.ACCEPTED)


class Annotation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        NEEDS_CHANGES = "needs_changes", "Needs changes"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="annotations")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The exact text of the span (W3C TextQuoteSelector exact).")
    prefix = models.CharField(max_length=CONTEXT_CHARS * 2, blank=True)
    suffix = models.CharField(max_length=CONTEXT_CHARS * 2, blank=True)
    tag_type = models.ForeignKey(TagType, on_delete=models.PROTECT, related_name="annotations")
    note = models.TextField(blank=True, max_length=2000)
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations")
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations")
    chain = models.ForeignKey(
        "newsdesk.AttributionChain", null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    # Where it came from: "" for a hand-made tag, else the suggestion key it accepted.
    suggestion_key = models.CharField(max_length=100, blank=True)
    # Optimistic concurrency: a write names the version it read and fails if it moved.
    version = models.PositiveIntegerField(default=1)
    # The client's key for the action that created it, so a retried POST finds it.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (NULL = no key; unique when set)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "-end", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="annotation_start_before_end"),
            models.UniqueConstraint(
                fields=["annotator", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="annotation_unique_idempotency_key",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["article", "annotator", "start"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["campaign", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.tag_type}: {self.text[:60]}"

    @property
    def kind(self) -> str:
        return self.tag_type.kind

    def snapshot(self) -> dict[str, Any]:
        """The fields the audit trail records before and after a change."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "tag_type": self.tag_type_id,
            "label": f"{self.tag_type.kind}/{self.tag_type.slug}" if self.tag_type_id else None,
            "note": self.note,
            "speaker": self.speaker_id,
            "quote": self.quote_id,
            "chain": self.chain_id,
            "status": self.status,
            "deleted": self.deleted_at is not None,
        }


# The adjudicated gold layer


class GoldAnnotationQuerySet(models.QuerySet["GoldAnnotation"]):
    def alive(self) -> "GoldAnnotationQuerySet":
        return self.filter(removed_at__isnull=True)


class GoldAnnotation(models.Model):
    """One item of a campaign's adjudicated gold layer on an article.

    It lives beside the annotators' tags, never among them: adjudication reads their tags
    (`source` says whose version was taken) but changes none of them, so their agreement,
    tag counts and statuses stay what the annotators and reviewers made. Written only by
    `annotations.gold` (versioned, every change a GoldEvent).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="gold")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="gold_annotations")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    prefix = models.CharField(max_length=CONTEXT_CHARS * 2, blank=True)
    suffix = models.CharField(max_length=CONTEXT_CHARS * 2, blank=True)
    tag_type = models.ForeignKey(TagType, on_delete=models.PROTECT, related_name="gold_annotations")
    note = models.TextField(blank=True, max_length=2000)
    # The annotator's tag this item was taken from; None for an adjudicator's own item.
    source = models.ForeignKey(
        "Annotation", null=True, blank=True, on_delete=models.SET_NULL, related_name="gold_copies"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = GoldAnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "article", "start", "-end", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="gold_start_before_end"),
            models.UniqueConstraint(
                fields=["campaign", "article", "start", "end", "tag_type"],
                condition=Q(removed_at__isnull=True),
                name="gold_unique_live_item",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["campaign", "article"])]

    def __str__(self) -> str:
        return f"gold {self.tag_type}: {self.text[:60]}"

    def snapshot(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "tag_type": self.tag_type_id,
            "label": f"{self.tag_type.kind}/{self.tag_type.slug}" if self.tag_type_id else None,
            "note": self.note,
            "source": self.source_id,
            "removed": self.removed_at is not None,
        }


class GoldEvent(models.Model):
    """The audit trail of the gold layer: who added, replaced, removed or restored an item, and when."""

    class Action(models.TextChoices):
        CREATED = "created", "Added"
        REPLACED = "replaced", "Replaced"
        REMOVED = "removed", "Removed"
        RESTORED = "restored", "Restored"

    gold = models.ForeignKey(GoldAnnotation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gold_events")
    action = models.CharField(max_length=16, choices=Action.choices)
    comment = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["gold", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"


class ReasonCode(models.Model):
    """Why a reviewer rejected a tag or sent it back (editable list)."""

    slug = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class ReviewEvent(models.Model):
    """One entry of the audit trail: any change of an annotation, by anyone."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        DELETED = "deleted", "Deleted"
        RESTORED = "restored", "Restored"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        NEEDS_CHANGES = "needs_changes", "Needs changes"
        REOPENED = "reopened", "Reopened"
        COMMENTED = "commented", "Commented"
        MOVED = "moved", "Moved to a new revision"

    annotation = models.ForeignKey(Annotation, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_events")
    action = models.CharField(max_length=16, choices=Action.choices)
    comment = models.TextField(blank=True)
    reason = models.ForeignKey(ReasonCode, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["annotation", "created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["annotation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(
        cls,
        *,
        annotation: Annotation,
        actor: User,
        action: str,
        before: dict[str, Any] | None = None,
        comment: str = "",
        reason: ReasonCode | None = None,
    ) -> "ReviewEvent":
        return cls.objects.create(
            annotation=annotation,
            actor=actor,
            action=action,
            comment=comment,
            reason=reason,
            before=before or {},
            after=annotation.snapshot(),
        )


class SuggestionDismissal(models.Model):
    """An annotator said no to one extraction suggestion on one article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    suggestion_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["article", "annotator", "suggestion_key"], name="dismissal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.annotator} dismissed {self.suggestion_key}"


class BlindReveal(models.Model):
    """A user chose to see who published an article that a blind campaign hides from them.

    Revealing is explicit and logged: this row is the log (who, which article, when, why),
    shown on the campaign page and in the admin.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blind_reveals")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="blind_reveals")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="reveals")
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "article"], name="blind_reveal_unique")]

    def __str__(self) -> str:
        return f"{self.user} revealed the outlet of {self.article_id}"


class RevisionOrphan(models.Model):
    """A tag that could not be placed on a newer revision of its article: a reviewer places or retires it."""

    class Resolution(models.TextChoices):
        OPEN = "", "Open"
        PLACED = "placed", "Placed by a reviewer"
        RETIRED = "retired", "Retired"

    annotation = models.OneToOneField(Annotation, on_delete=models.CASCADE, related_name="orphan")
    revision = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="orphans")
    best_score = models.FloatField(default=0, help_text="The best fuzzy match found (0–100), below the threshold.")
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True, default="")
    placed_as = models.ForeignKey(Annotation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revision", "annotation__start"]

    def __str__(self) -> str:
        return f"orphan {self.annotation_id} on revision {self.revision_id}"
