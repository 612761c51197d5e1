"""Root URLconf. Corpus routes live here; annotation routes in annotations/urls.py."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from newsdesk.views import auth, compare, corpus, outlets, stories, story_edit

urlpatterns = [
    path("", corpus.dashboard, name="dashboard"),
    path("articles/", corpus.article_list, name="article_list"),
    path("articles/<int:pk>/", corpus.article_detail, name="article_detail"),
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
    path("accounts/login/", auth.login_view, name="login"),
    # Only the auth views this app uses: no password reset by e-mail (no mail is set up).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("", include("annotations.urls")),
]

handler500 = "newsdesk.views.errors.server_error"
