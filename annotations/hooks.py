"""What this app answers to the corpus's hooks (newsdesk/hooks.py), installed by `AnnotationsConfig.ready()`.

The corpus imports nothing from here: it asks `newsdesk.hooks.hooks`, and this module fills it in
with the one visibility rule (annotations/visibility.py), the tag counts (annotations/tag_counts.py),
the carrying of tags to a new revision, the tag jobs, and what the corpus pages show of this app.
"""

from collections.abc import Mapping

from django.contrib.auth.models import User

from annotations import revisions, services, tag_counts, visibility
from annotations.api import api_mount
from annotations.models import Annotation, Assignment, Campaign, TagType
from newsdesk.api import api
from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Article, Job
from newsdesk.roles import is_admin, is_annotator


def dashboard_context(request: AuthenticatedHttpRequest) -> Mapping[str, object]:
    assignments = visibility.with_article_views(
        request.user,
        list(
            Assignment.objects.for_user(request.user)
            .open()
            .select_related("article", "campaign")
            .order_by("campaign_id", "position", "id")[:10]
        ),
    )
    return {
        "assignments": assignments,
        "show_assignments": is_annotator(request.user) or assignments,
        "n_tags": Annotation.objects.alive().count(),
    }


def article_detail_context(request: AuthenticatedHttpRequest, *, article: Article) -> Mapping[str, object]:
    assignment = services.assignment_for(user=request.user, article=article)
    return {"can_annotate": services.can_annotate(user=request.user, article=article, assignment=assignment)}


def article_list_context(request: AuthenticatedHttpRequest) -> Mapping[str, object]:
    return {
        "tag_types": TagType.objects.filter(is_active=True).order_by("kind", "order"),
        "fill_campaigns": Campaign.objects.filter(is_active=True).only("name") if is_admin(request.user) else [],
    }


def revision_carry(*, old: Article, new: Article, actor: User | None) -> revisions.CarryReport:
    """An import stored `new` as the next text of `old`: carry the tags across (as the importer, else the system)."""
    return revisions.revision_carry(old=old, new=new, actor=actor if actor is not None else revisions.system_user())


def hooks_install() -> None:
    hooks.visibility = visibility
    hooks.tags = tag_counts
    hooks.revision = revision_carry
    hooks.pages.update(
        dashboard=dashboard_context, article_detail=article_detail_context, article_list=article_list_context
    )
    api_mount(api)
    hooks.job_runners.update(
        {
            Job.Kind.EXPORT_ANNOTATIONS: "annotations.jobs.run_export_annotations",
            Job.Kind.IMPORT_ANNOTATIONS: "annotations.jobs.run_import_annotations",
        }
    )
