"""Admins edit an outlet in the app: kind, country, address, notes and the other names it goes by."""

from django.test import TestCase
from django.urls import reverse

from newsdesk.models import Outlet, OutletAlias
from tests.factories import OutletFactory, annotator, editor, reviewer

HTMX = {"HX-Request": "true"}


class OutletEditTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = editor()
        cls.outlet = OutletFactory(name="Thomson Reuters", slug="reuters", kind=Outlet.Kind.OTHER, country="")
        cls.other = OutletFactory(name="Baltic Ledger", slug="baltic-ledger")
        OutletAlias.objects.create(outlet=cls.other, alias="The Ledger")
        cls.url = reverse("outlet_edit", args=["reuters"])

    def data(self, **changes: str) -> dict[str, str]:
        return {
            "name": "Thomson Reuters",
            "kind": "wire_agency",
            "country": "United Kingdom",
            "homepage": "https://reuters.example",
            "domain": "reuters.example",
            "notes": "",
            "aliases": "Reuters\nreuters\n  Reuters News  \n",
            **changes,
        }

    def test_anonymous_to_login_annotators_and_reviewers_refused(self) -> None:
        assert self.client.get(self.url)["Location"].startswith(reverse("login"))
        for user in (annotator(), reviewer()):
            self.client.force_login(user)
            assert self.client.get(self.url).status_code == 403
            assert self.client.post(self.url, self.data()).status_code == 403
        assert Outlet.objects.get(pk=self.outlet.pk).kind == Outlet.Kind.OTHER

    def test_the_form_shows_the_outlet_in_bounded_queries(self) -> None:
        OutletAlias.objects.create(outlet=self.outlet, alias="TR")
        self.client.force_login(self.admin)
        with self.assertNumQueries(5):  # session, user, roles, outlet, aliases
            response = self.client.get(self.url)
        self.assertContains(response, "<html")
        self.assertContains(response, "TR</textarea>")
        self.assertContains(response, 'value="wire_agency"')

    def test_saving_sets_kind_country_and_aliases_and_shows_them_on_the_outlet_page(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, reverse("outlet_detail", args=["reuters"]), fetch_redirect_response=False)
        outlet = Outlet.objects.get(pk=self.outlet.pk)
        assert (outlet.kind, outlet.country, outlet.domain) == ("wire_agency", "United Kingdom", "reuters.example")
        assert sorted(outlet.aliases.values_list("alias", flat=True)) == ["Reuters", "Reuters News"]
        page = self.client.get(reverse("outlet_detail", args=["reuters"]))
        self.assertContains(page, "Also known as “Reuters”, “Reuters News”")
        self.assertContains(page, "Wire agency")
        self.assertContains(page, self.url)  # the admin's Edit button
        # Saving again with fewer names removes the others.
        self.client.post(self.url, self.data(aliases="Reuters News"))
        assert list(outlet.aliases.values_list("alias", flat=True)) == ["Reuters News"]

    def test_a_name_another_outlet_goes_by_is_refused_and_nothing_is_saved(self) -> None:
        self.client.force_login(self.admin)
        for taken in ("the ledger", "BALTIC LEDGER"):
            response = self.client.post(self.url, self.data(aliases=f"Reuters\n{taken}", country="Nowhere"))
            assert response.status_code == 422
            self.assertContains(response, "Another outlet already goes by", status_code=422)
        assert not OutletAlias.objects.filter(outlet=self.outlet).exists()
        assert Outlet.objects.get(pk=self.outlet.pk).country == ""

    def test_htmx_gets_the_form_partial_saved_or_with_its_errors(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(self.url, self.data(), headers=HTMX)
        body = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in body
        assert 'id="outlet-form"' in body
        assert "Saved." in body
        response = self.client.post(self.url, self.data(kind="not-a-kind"), headers=HTMX)
        assert response.status_code == 422
        assert 'id="outlet-form"' in response.content.decode()

    def test_hostile_aliases_are_stored_as_text_and_shown_escaped(self) -> None:
        self.client.force_login(self.admin)
        self.client.post(self.url, self.data(aliases="<script>alert(1)</script>"))
        page = self.client.get(reverse("outlet_detail", args=["reuters"]))
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(page, "<script>alert(1)")
