"""What the corpus asks of the apps built on it, without importing them.

The corpus (models, ingestion, comparison, its pages, API and jobs) knows nothing of tags or
campaigns, so it can be read, tested and reused alone. Where one of its pages or imports must
follow a rule another app owns, it asks `hooks` here; `annotations.apps.AnnotationsConfig.ready()`
installs that app's answers at startup (see annotations/hooks.py). Without them every user sees
every article whole and there are no tags: the defaults below.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import QuerySet

from newsdesk.models import Article, Speaker
from newsdesk.roles import AnyUser

# Visibility: what a user may see of an article (outlet-blind campaigns mask outlets)


class ArticleView(Protocol):
    """An article as one user may see it; the corpus pages render this, never the stored row."""

    @property
    def pk(self) -> int: ...
    @property
    def is_blind(self) -> bool: ...
    @property
    def body(self) -> str: ...
    @property
    def extraction(self) -> dict[str, Any]: ...

    def mask(self, text: str) -> str: ...
    def credits[T](self, credits: list[T]) -> list[T]: ...
    def chains[T](self, chains: list[T]) -> list[T]: ...
    def quotes(self, quotes: list[Any]) -> list[Any]: ...
    def speaker(self, speaker: Speaker) -> Speaker: ...


class Visibility(Protocol):
    def article_view_for(self, user: AnyUser, article: Article) -> ArticleView: ...
    def without_hidden[QS: QuerySet[Any]](self, user: AnyUser, qs: QS, field: str = "pk") -> QS: ...
    def is_blind_anywhere(self, user: AnyUser) -> bool: ...
    def check_sees_outlets(self, user: AnyUser) -> None: ...


class WholeArticle:
    """The article itself: what every user sees when no app hides anything."""

    is_blind = False

    def __init__(self, article: Article) -> None:
        self._article = article

    def __getattr__(self, name: str) -> Any:
        return getattr(self._article, name)

    def mask(self, text: str) -> str:
        return text

    def credits[T](self, credits: list[T]) -> list[T]:
        return credits

    def chains[T](self, chains: list[T]) -> list[T]:
        return chains

    def quotes(self, quotes: list[Any]) -> list[Any]:
        return quotes

    def speaker(self, speaker: Speaker) -> Speaker:
        return speaker


class EveryoneSeesAll:
    def article_view_for(self, user: AnyUser, article: Article) -> ArticleView:
        return WholeArticle(article)

    def without_hidden[QS: QuerySet[Any]](self, user: AnyUser, qs: QS, field: str = "pk") -> QS:
        return qs

    def is_blind_anywhere(self, user: AnyUser) -> bool:
        return False

    def check_sees_outlets(self, user: AnyUser) -> None:
        return None


# Tags: counted for the comparison and the outlet profiles, a filter of the article list


class Tags(Protocol):
    def tag_counts_by_label(
        self, *, article_ids: Iterable[int], accepted_only: bool = True
    ) -> dict[int, dict[str, int]]: ...
    def tag_labels_top(self, *, articles: QuerySet[Article], limit: int = 15) -> list[dict[str, Any]]: ...
    def tags_by_month(self, *, articles: QuerySet[Article]) -> list[dict[str, Any]]: ...
    def tag_exists(self, slug: str) -> bool: ...
    def articles_tagged(self, articles: QuerySet[Article], slug: str) -> QuerySet[Article]: ...


class NoTags:
    def tag_counts_by_label(
        self, *, article_ids: Iterable[int], accepted_only: bool = True
    ) -> dict[int, dict[str, int]]:
        return {}

    def tag_labels_top(self, *, articles: QuerySet[Article], limit: int = 15) -> list[dict[str, Any]]:
        return []

    def tags_by_month(self, *, articles: QuerySet[Article]) -> list[dict[str, Any]]:
        return []

    def tag_exists(self, slug: str) -> bool:
        return False

    def articles_tagged(self, articles: QuerySet[Article], slug: str) -> QuerySet[Article]:
        return articles.none()


# Revisions: an import stored a new text of a known article (annotations carries the tags across)


class RevisionReport(Protocol):
    @property
    def summary(self) -> str: ...


RevisionHook = Callable[..., RevisionReport]  # (*, old: Article, new: Article, actor: User | None)

# Jobs: kinds of background job another app runs, by the dotted path of its runner
# (a path, so the runner and its task machinery load when a job runs, not at startup)

# Pages: what an app adds to a corpus page's context ("dashboard", "article_detail", "article_list")

PageContext = Callable[..., Mapping[str, object]]  # (request, **page values) -> extra context


@dataclass
class Hooks:
    visibility: Visibility = field(default_factory=EveryoneSeesAll)
    tags: Tags = field(default_factory=NoTags)
    revision: RevisionHook | None = None
    pages: dict[str, PageContext] = field(default_factory=dict)
    job_runners: dict[str, str] = field(default_factory=dict)  # Job.Kind -> "module.function"

    def page_context(self, page: str, request: Any, **values: object) -> Mapping[str, object]:
        extra = self.pages.get(page)
        return extra(request, **values) if extra is not None else {}


hooks = Hooks()
