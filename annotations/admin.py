"""Django admin for annotation work: taxonomy, campaigns, and a review-friendly Annotation list.

Status changes in the admin go through annotations.review and edits through
annotations.services (same rules and audit trail as the app); only reviewers and admins get
the bulk actions; history and the gold layer are read-only here.
"""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.auth.models import User
from django.http import HttpRequest

from annotations import review
from annotations.models import (
    Annotation,
    AnnotationQuerySet,
    Assignment,
    Campaign,
    GoldAnnotation,
    GoldEvent,
    ReasonCode,
    ReviewEvent,
    TagType,
)
from annotations.services import annotation_update
from newsdesk.roles import is_reviewer


@admin.register(TagType)
class TagTypeAdmin(admin.ModelAdmin[TagType]):
    list_display = ["label", "kind", "slug", "colour", "shortcut", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["colour", "shortcut", "order", "is_active"]
    search_fields = ["label", "slug"]


@admin.register(ReasonCode)
class ReasonCodeAdmin(admin.ModelAdmin[ReasonCode]):
    list_display = ["label", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]


class AssignmentInline(admin.TabularInline[Assignment, Campaign]):
    model = Assignment
    extra = 0
    fields = ["article", "annotator", "status", "position", "time_spent"]
    raw_id_fields = ["article"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ["name", "overlap", "visibility", "is_blind", "is_active", "created_at"]
    list_filter = ["is_active", "is_blind", "visibility"]
    search_fields = ["name", "description"]
    filter_horizontal = ["articles", "annotators", "reviewers", "tag_types"]
    inlines = [AssignmentInline]


class AuditInline(admin.TabularInline[Any, Any]):
    """An audit trail shown under its row: read-only, never added to, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewEventInline(AuditInline):
    model = ReviewEvent
    fields = ("created_at", "actor", "action", "reason", "comment")
    readonly_fields = fields


def decide(decision: str) -> Any:
    def action(modeladmin: admin.ModelAdmin[Annotation], request: HttpRequest, queryset: AnnotationQuerySet) -> None:
        try:
            count = review.review_bulk(
                annotations=queryset.alive(),
                reviewer=cast(User, request.user),  # the admin site lets staff users only in
                decision=decision,
                comment="bulk decision in the admin" if decision == "reject" else "",
            )
        except Exception as exc:  # permission or validation: say so, never a 500
            modeladmin.message_user(request, str(exc), level=messages.ERROR)
            return
        modeladmin.message_user(request, f"{decision.capitalize()}ed {count} tags (your own tags are skipped).")

    action.__name__ = f"bulk_{decision}"
    action.short_description = f"{decision.capitalize()} selected tags"  # type: ignore[attr-defined]
    return action


class AnnotationAdminForm(forms.ModelForm[Annotation]):
    """What an admin may change on a tag here: label, note and links, checked like the workspace's."""

    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Annotation
        fields = ["tag_type", "note", "speaker", "quote", "chain"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        article = self.instance.article
        for name in ("quote", "chain"):
            linked = data.get(name)
            if linked is not None and linked.article_id != article.pk:
                self.add_error(name, f"This {name} belongs to another article.")
        current = Annotation.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if data.get("read_version") is not None and current != data["read_version"]:
            raise forms.ValidationError("This tag was changed since you opened it: reload the page.")
        return data


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin[Annotation]):
    """A tag's article, span, status and owner are read-only here; a change of label, note or
    links goes through `annotation_update` (audit event, version, back to pending if decided)."""

    form = AnnotationAdminForm
    list_display = ["short_text", "tag_type", "status", "annotator", "article", "campaign", "created_at"]
    list_filter = [
        "status",
        "tag_type__kind",
        "tag_type",
        "campaign",
        ("deleted_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["text", "note", "annotator__username", "article__title"]
    list_select_related = ["tag_type", "annotator", "article", "campaign"]
    raw_id_fields = ["speaker", "quote", "chain"]
    fields = [
        "article",
        "annotator",
        "campaign",
        "start",
        "end",
        "text",
        "prefix",
        "suffix",
        "status",
        "tag_type",
        "note",
        "speaker",
        "quote",
        "chain",
        "read_version",
        "version",
        "suggestion_key",
        "idempotency_key",
        "created_at",
        "updated_at",
        "deleted_at",
    ]
    readonly_fields = [
        "article",
        "annotator",
        "campaign",
        "start",
        "end",
        "text",
        "prefix",
        "suffix",
        "status",
        "version",
        "suggestion_key",
        "idempotency_key",
        "created_at",
        "updated_at",
        "deleted_at",
    ]
    inlines = [ReviewEventInline]
    actions = [decide("accept"), decide("reject")]

    @admin.display(description="text")
    def short_text(self, obj: Annotation) -> str:
        return obj.text[:70]

    def get_actions(
        self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST
    ) -> dict[str, Any]:
        actions = super().get_actions(request, action_location)
        if not is_reviewer(request.user):
            actions.pop("bulk_accept", None)
            actions.pop("bulk_reject", None)
        return actions

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tags are made in the workspace, the API or an import, each with its audit event

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tags are soft-deleted in the app; history is never deleted

    def save_model(
        self, request: HttpRequest, obj: Annotation, form: forms.ModelForm[Annotation], change: bool
    ) -> None:
        data = form.cleaned_data
        annotation_update(
            annotation=obj,
            actor=cast(User, request.user),
            version=data.get("read_version") or obj.version,
            tag_type=data["tag_type"],
            note=data.get("note") or "",
            speaker=data.get("speaker"),
            quote=data.get("quote"),
            chain=data.get("chain"),
        )


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin[ReviewEvent]):
    list_display = ["created_at", "annotation", "actor", "action", "reason"]
    list_filter = ["action", "reason"]
    search_fields = ["comment", "actor__username", "annotation__text"]
    list_select_related = ["annotation", "actor", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GoldEventInline(AuditInline):
    model = GoldEvent
    fields = ("created_at", "actor", "action", "comment")
    readonly_fields = fields


@admin.register(GoldAnnotation)
class GoldAnnotationAdmin(admin.ModelAdmin[GoldAnnotation]):
    """Read-only: the gold layer is built on the adjudication page (annotations.gold, audited)."""

    list_display = ["text", "tag_type", "campaign", "article", "source", "updated_by", "updated_at", "removed_at"]
    list_filter = ["campaign", "tag_type__kind", ("removed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["tag_type", "campaign", "article", "source", "updated_by"]
    inlines = [GoldEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
