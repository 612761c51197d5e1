"""factory_boy factories and role personas shared by all tests."""

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from annotations.models import CONTEXT_CHARS, Annotation, Assignment, Campaign, ReviewEvent, TagType
from newsdesk.models import Article, ArticleCredit, Outlet, Quote, Speaker, SpeakerAlias, Story, body_normalise

User = get_user_model()

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


def annotator(username: str = "annie") -> Any:
    return UserFactory(username=username, roles=["annotator"])


def second_annotator(username: str = "bert") -> Any:
    return UserFactory(username=username, roles=["annotator"])


def reviewer(username: str = "rita") -> Any:
    return UserFactory(username=username, roles=["reviewer"])


def editor(username: str = "eddie") -> Any:
    """An admin of the app (the 'admin' group), not a Django superuser."""
    return UserFactory(username=username, roles=["admin"], is_staff=True)


def reader(username: str = "rex") -> Any:
    """Logged in, no role."""
    return UserFactory(username=username)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Sample Outlet {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = Outlet.Kind.PRIVATE
    country = "Nowhereland"


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Sample story {n}")
    slug = factory.Sequence(lambda n: f"sample-story-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Officials meet for talks, round {n}")
    body = factory.Sequence(
        lambda n: (
            f"Talks resumed on Monday in the capital, officials said (item {n}).\n"
            "“We are ready to continue,” the minister said.\n"
            "The Sample Wire contributed to this report."
        )
    )
    language = "en"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Article:
        kwargs["body"] = body_normalise(kwargs["body"])
        return super()._create(model_class, *args, **kwargs)


class ArticleCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleCredit

    article = factory.SubFactory(ArticleFactory)
    outlet = factory.SubFactory(OutletFactory)
    role = ArticleCredit.Role.PRIMARY


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        django_get_or_create = ("name", "kind")

    name = factory.Sequence(lambda n: f"Speaker {n}")
    kind = Speaker.Kind.PERSON


class SpeakerAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerAlias

    speaker = factory.SubFactory(SpeakerFactory)
    alias = factory.Sequence(lambda n: f"alias {n}")


def quote_in(article: Article, text: str, **fields: Any) -> Quote:
    """A Quote on the first occurrence of `text` in the article's body."""
    start = article.body.index(text)
    return Quote.objects.create(article=article, start=start, end=start + len(text), text=text, **fields)


def tag_type(kind: str, slug: str | None = None) -> TagType:
    """A seeded TagType: the first label of `kind`, or the one with `slug`."""
    qs = TagType.objects.filter(kind=kind)
    return qs.get(slug=slug) if slug else qs.order_by("order").first()  # type: ignore[return-value]


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Campaign {n}")
    guidelines = "Tag **claims**, attributions and framing."

    @factory.post_generation
    def articles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.articles.add(*extracted)

    @factory.post_generation
    def annotators(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.annotators.add(*extracted)

    @factory.post_generation
    def reviewers(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.reviewers.add(*extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    campaign = factory.SubFactory(CampaignFactory)
    article = factory.SubFactory(ArticleFactory)
    annotator = factory.SubFactory(UserFactory)


def annotation_on(
    article: Article, text: str, *, annotator: Any, kind: str = "claim", occurrence: int = 0, **fields: Any
) -> Annotation:
    """An Annotation over the `occurrence`-th appearance of `text` in the body, with prefix/suffix."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(text, start + 1)
    end = start + len(text)
    fields.setdefault("tag_type", tag_type(kind))
    return Annotation.objects.create(
        article=article,
        annotator=annotator,
        start=start,
        end=end,
        text=text,
        prefix=article.body[max(0, start - CONTEXT_CHARS) : start],
        suffix=article.body[end : end + CONTEXT_CHARS],
        **fields,
    )


def event_on(annotation: Annotation, *, actor: Any, action: str, **fields: Any) -> ReviewEvent:
    return ReviewEvent.record(annotation=annotation, actor=actor, action=action, **fields)
