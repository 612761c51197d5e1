from django.urls import path

from annotations.views import campaign_articles, campaigns, curation, export, review, revisions, workspace

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/annotate/", workspace.article_annotate, name="article_annotate"),
    path("articles/<int:pk>/annotations/", workspace.annotation_create, name="annotation_create"),
    path("articles/<int:pk>/tags/", workspace.annotation_list, name="annotation_list"),
    path("articles/<int:pk>/suggestions/", workspace.suggestion_list, name="suggestion_list"),
    path("articles/<int:pk>/undo/", workspace.annotation_undo, name="annotation_undo"),
    path("articles/<int:pk>/suggestions/accept/", workspace.suggestion_accept, name="suggestion_accept"),
    path("articles/<int:pk>/suggestions/dismiss/", workspace.suggestion_dismiss, name="suggestion_dismiss"),
    path("articles/<int:pk>/revisions/", revisions.article_revisions, name="article_revisions"),
    path("orphans/<int:orphan_pk>/resolve/", revisions.orphan_resolve, name="orphan_resolve"),
    path("articles/<int:pk>/reveal/", workspace.article_reveal, name="article_reveal"),
    path("articles/<int:pk>/done/", workspace.assignment_finish, name="assignment_finish"),
    path("articles/<int:pk>/ping/", workspace.assignment_ping, name="assignment_ping"),
    path("annotations/<int:annotation_pk>/edit/", workspace.annotation_update, name="annotation_update"),
    path("annotations/<int:annotation_pk>/delete/", workspace.annotation_delete, name="annotation_delete"),
    path("assignments/", workspace.assignment_list, name="assignment_list"),
    path("assignments/next/", workspace.assignment_next, name="assignment_next"),
    path("tag-colours.css", workspace.tag_colours_css, name="tag_colours_css"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/bulk/", review.review_bulk, name="review_bulk"),
    path("review/<int:annotation_pk>/decide/", review.review_decide, name="review_decide"),
    path("review/<int:annotation_pk>/correct/", review.review_correct, name="review_correct"),
    path("annotations/<int:annotation_pk>/history/", review.annotation_history, name="annotation_history"),
    path("my-feedback/", review.my_feedback, name="my_feedback"),
    path("export/", export.annotation_export, name="annotation_export"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_edit, name="campaign_create"),
    path("campaigns/add-articles/", campaign_articles.campaign_add_articles, name="campaign_add_articles"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/curate/", curation.campaign_curate, name="campaign_curate"),
    path("campaigns/<int:pk>/adjudicate/<int:article_pk>/", curation.campaign_adjudicate, name="campaign_adjudicate"),
    path("articles/<int:pk>/review/", review.article_review, name="article_review"),
    path("review/selected/", review.review_selected, name="review_selected"),
]
