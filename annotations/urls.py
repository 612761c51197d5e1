from django.urls import path

from annotations.views import campaigns, review, workspace

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/annotate/", workspace.article_annotate, name="article_annotate"),
    path("assignments/", workspace.assignment_list, name="assignment_list"),
    path("review/", review.review_queue, name="review_queue"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
]
