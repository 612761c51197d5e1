"""Root URLconf. Corpus routes live here; annotation routes in annotations/urls.py."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotations.views import tag_import
from newsdesk.api import api
from newsdesk.views import auth, compare, corpus, jobs, outlet_edit, outlets, stories, story_edit, tokens

urlpatterns = [
    path("", corpus.dashboard, name="dashboard"),
    path("articles/", corpus.article_list, name="article_list"),
    path("articles/<int:pk>/", corpus.article_detail, name="article_detail"),
    path("articles/to-story/", story_edit.story_add_selection, name="story_add_selection"),
    path("stories/", stories.story_list, name="story_list"),
    path("stories/new/", story_edit.story_edit, name="story_create"),
    path("stories/<slug:slug>/edit/", story_edit.story_edit, name="story_edit"),
    path("stories/<slug:slug>/add/", story_edit.story_add_articles, name="story_add_articles"),
    path("stories/<slug:slug>/suggestions/", story_edit.story_suggestions, name="story_suggestions"),
    path("stories/<slug:slug>/", stories.story_detail, name="story_detail"),
    path("stories/<slug:slug>/compare/", compare.story_compare, name="story_compare"),
    path("stories/<slug:slug>/compare.json", compare.story_compare_json, name="story_compare_json"),
    path("stories/<slug:slug>/compare.csv", compare.story_compare_csv, name="story_compare_csv"),
    path("outlets/<slug:slug>/", outlets.outlet_detail, name="outlet_detail"),
    path("outlets/<slug:slug>/vs/<slug:other>/", outlets.outlet_compare, name="outlet_compare"),
    path("outlets/<slug:slug>/edit/", outlet_edit.outlet_edit, name="outlet_edit"),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/import-articles/", jobs.job_import_articles, name="job_import_articles"),
    path("jobs/import-tags/", tag_import.job_import_annotations, name="job_import_annotations"),
    path("jobs/reextract/", jobs.job_reextract, name="job_reextract"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/retry/", jobs.job_retry_view, name="job_retry"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("favicon.ico", corpus.favicon, name="favicon"),
    path("accounts/login/", auth.login_view, name="login"),
    # Only the auth views this app uses: no password reset by e-mail (no mail is set up).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/tokens/", tokens.token_list, name="token_list"),
    path("accounts/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("annotations.urls")),
]

handler500 = "newsdesk.views.errors.server_error"
