"""Django admin for annotation work: taxonomy, campaigns, and a review-friendly Annotation list.

Status changes in the admin go through annotations.review (same rules and audit trail as
the app); only reviewers and admins get the bulk actions; history is read-only.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from annotations import review
from annotations.models import Annotation, Assignment, Campaign, ReasonCode, ReviewEvent, TagType
from newsdesk.roles import is_reviewer


@admin.register(TagType)
class TagTypeAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "slug", "colour", "shortcut", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["colour", "shortcut", "order", "is_active"]
    search_fields = ["label", "slug"]


@admin.register(ReasonCode)
class ReasonCodeAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["article", "annotator", "status", "position", "time_spent"]
    raw_id_fields = ["article"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "overlap", "visibility", "is_blind", "is_active", "created_at"]
    list_filter = ["is_active", "is_blind", "visibility"]
    search_fields = ["name", "description"]
    filter_horizontal = ["articles", "annotators", "reviewers", "tag_types"]
    inlines = [AssignmentInline]


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "reason", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def decide(decision: str) -> Any:
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Annotation]) -> None:
        try:
            count = review.review_bulk(
                annotations=queryset.filter(deleted_at__isnull=True),
                reviewer=request.user,
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


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
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
    raw_id_fields = ["article", "speaker", "quote"]
    # Status, offsets and version change only through the review workflow (audit trail).
    readonly_fields = [
        "status",
        "start",
        "end",
        "text",
        "prefix",
        "suffix",
        "version",
        "idempotency_key",
        "created_at",
        "updated_at",
        "deleted_at",
        "annotator",
    ]
    inlines = [ReviewEventInline]
    actions = [decide("accept"), decide("reject")]

    @admin.display(description="text")
    def short_text(self, obj: Annotation) -> str:
        return obj.text[:70]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not is_reviewer(request.user):
            actions.pop("bulk_accept", None)
            actions.pop("bulk_reject", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tags are soft-deleted in the app; history is never deleted


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
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
