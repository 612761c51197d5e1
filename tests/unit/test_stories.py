"""'Possibly the same story' (newsdesk.stories): wording, names and dates, for stories with articles and without."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import TestCase

from newsdesk.models import Story, StorySuggestionRejection
from newsdesk.stories import Profile, name_words, profile_of, story_candidates, story_suggest
from tests.factories import ArticleFactory, SpeakerFactory, StoryFactory, quote_in

T = datetime(2023, 3, 14, 6, tzinfo=UTC)
MEMBER = (
    "Strike on Vell river dam floods villages",
    "A missile strike damaged the Vell river dam early on Tuesday, flooding villages, governor Anna Sorel said.",
)
SAME = (
    "Dam disaster on the Vell river: villages flooded",
    "The collapse of the Vell river dam has left villages under water after a strike, Anna Sorel told reporters.",
)
REWORDED = (
    "Governor blames saboteurs as waters rise",
    "Anna Sorel, the regional governor, said saboteurs were behind the blast at the dam on the Vell.",
)
MARKET = (
    "Shelling hits Vell market",
    "Shelling hit the market in Vell town on Tuesday, killing two people, officials said.",
)
GRAIN = (
    "Grain exports resume from Northport",
    "Ships loaded with grain left the port of Northport after talks in Dorin.",
)


def profile(key: str, text: tuple[str, str], when: datetime | None, speakers: tuple[str, ...] = ()) -> Profile:
    return profile_of(key, title=text[0], lead=text[1], when=when, speakers=speakers)


def found(members: list[Profile], others: list[Profile]) -> list[str]:
    return [c.article for c in story_candidates(members, others)]


STORY = profile_of(None, title="Vell dam strike", lead="", when=T.date())
OTHERS = [
    profile("same", SAME, T + timedelta(hours=5), ("Anna Sorel",)),
    profile("reworded", REWORDED, T + timedelta(hours=20), ("Anna Sorel",)),
    profile("late", SAME, T + timedelta(days=20)),
    profile("market", MARKET, T),
    profile("grain", GRAIN, T),
]


def test_coverage_of_the_same_event_is_suggested_best_first_and_others_are_not() -> None:
    members = [STORY, profile("member", MEMBER, T, ("Anna Sorel",))]
    # Reworded coverage shares few words but the governor and the place; "late" is 20 days away;
    # the market shelling is the same town the same day, about something else.
    assert found(members, OTHERS) == ["same", "reworded"]


def test_the_reasons_are_given() -> None:
    members = [STORY, profile("member", MEMBER, T, ("Anna Sorel",))]
    best = story_candidates(members, OTHERS)[0]
    assert set(best.shared) == {"anna", "sorel", "vell"}
    assert best.apart_text == "1 h apart"
    assert best.wording > 50


def test_an_empty_story_is_compared_through_its_title_description_and_date() -> None:
    story = profile_of(
        None,
        title="Vell dam strike",
        lead="A missile strike damaged the Vell river dam on 14 March, flooding villages downstream.",
        when=date(2023, 3, 14),
    )
    result = found([story], OTHERS)
    assert result[0] == "same"
    assert "grain" not in result
    assert "late" not in result


def test_an_undated_candidate_is_judged_on_wording_and_names() -> None:
    undated = profile(
        "undated", ("Vell dam strike: what we know", "A strike on the Vell river dam flooded villages."), None
    )
    assert found([STORY, profile("member", MEMBER, T)], [undated]) == ["undated"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Governor Anna Sorel said the Vell dam broke.", {"anna", "sorel", "vell"}),
        ("Shelling hit the market on Tuesday.", set()),  # a lone opening word, a day: no names
        ("Speaking to the BBC, Stoltenberg said NATO would stay.", {"bbc", "stoltenberg", "nato"}),
    ],
)
def test_names_are_read_from_capitalised_words(text: str, names: set[str]) -> None:
    assert name_words(text)[0] == names


def test_a_lone_opening_word_is_a_name_when_the_pool_uses_it_as_one() -> None:
    assert name_words("Vell dam strike")[1] == {"vell"}
    story = profile_of(None, title="Vell dam strike", lead="", when=None)
    assert story.names == frozenset()
    assert "vell" in story_candidates([story], [profile("same", SAME, None)], threshold=0)[0].shared


class StorySuggestTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.story = StoryFactory(
            title="Vell dam strike",
            slug="vell-dam",
            date=date(2023, 3, 14),
            description="A missile strike damaged the Vell river dam, flooding villages downstream.",
        )
        cls.same = ArticleFactory(title=SAME[0], body=SAME[1], published_at=T + timedelta(hours=5))
        quote_in(cls.same, "The collapse", speaker=SpeakerFactory(name="Anna Sorel"))
        cls.undated = ArticleFactory(
            title="Vell dam strike: what we know", body="A strike on the Vell river dam flooded villages."
        )
        cls.grain = ArticleFactory(title=GRAIN[0], body=GRAIN[1], published_at=T)
        for i in range(20):  # unrelated coverage of the same days
            ArticleFactory(title=f"Market report {i}", body=f"Prices of bread rose {i} percent.", published_at=T)

    def test_an_empty_story_gets_suggestions_by_date_and_by_words(self) -> None:
        with self.assertNumQueries(4):  # members (none, so no speakers of theirs), by date, by words, their speakers
            candidates = story_suggest(self.story)
        titles = [c.article.title for c in candidates]
        # The dated coverage, and the undated article found by its words, come first.
        assert set(titles[:2]) == {SAME[0], "Vell dam strike: what we know"}
        assert GRAIN[0] not in titles
        assert not any(t.startswith("Market report") for t in titles)

    def test_a_rejected_suggestion_does_not_come_back_and_members_are_not_suggested(self) -> None:
        StorySuggestionRejection.objects.create(story=self.story, article=self.same)
        self.undated.story = self.story
        self.undated.save()
        titles = [c.article.title for c in story_suggest(Story.objects.get(pk=self.story.pk))]
        assert SAME[0] not in titles
        assert "Vell dam strike: what we know" not in titles
