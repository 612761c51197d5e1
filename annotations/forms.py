"""Forms for campaigns (admins), gold-layer tags (reviewers), and the tag export and import."""

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from annotations.importer import FORMATS as ANNOTATION_FORMATS
from annotations.models import Annotation, Campaign, TagType
from annotations.visibility import is_blind_anywhere
from newsdesk.forms import check_upload_size
from newsdesk.models import Article, Outlet, Story
from newsdesk.roles import AnyUser


class CampaignForm(forms.ModelForm[Campaign]):
    story = forms.ModelChoiceField(
        Story.objects.order_by("title"), required=False, help_text="Add the articles of this story."
    )
    outlet = forms.ModelChoiceField(Outlet.objects.order_by("name"), required=False, help_text="…or of this outlet.")
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    search = forms.CharField(required=False, max_length=200, help_text="…or whose title contains this.")

    class Meta:
        model = Campaign
        fields = [
            "name",
            "description",
            "guidelines",
            "annotators",
            "reviewers",
            "overlap",
            "visibility",
            "is_blind",
            "is_blind_for_reviewers",
            "tag_types",
            "is_active",
        ]
        widgets = {
            "annotators": forms.CheckboxSelectMultiple,
            "reviewers": forms.CheckboxSelectMultiple,
            "tag_types": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        User = get_user_model()
        fields = cast(dict[str, forms.ModelChoiceField[Any]], self.fields)
        fields["annotators"].queryset = User.objects.filter(groups__name="annotator").order_by("username")
        fields["reviewers"].queryset = (
            User.objects.filter(Q(groups__name="reviewer") | Q(groups__name="admin")).distinct().order_by("username")
        )
        fields["tag_types"].queryset = TagType.objects.filter(is_active=True).order_by("kind", "order")
        self.fields["tag_types"].help_text = "Leave empty to use every label."
        self.fields["overlap"].widget.attrs["min"] = 1

    def clean_overlap(self) -> int:
        overlap: int = self.cleaned_data["overlap"]
        if overlap < 1 or overlap > 10:
            raise forms.ValidationError("Overlap is between 1 and 10 annotators per article.")
        return overlap

    def selected_articles(self) -> QuerySet[Article]:
        data = self.cleaned_data
        filters = Q()
        picked = False
        if data.get("story"):
            filters &= Q(story=data["story"])
            picked = True
        if data.get("outlet"):
            filters &= Q(credits__outlet=data["outlet"])
            picked = True
        if data.get("date_from"):
            filters &= Q(published_at__date__gte=data["date_from"])
            picked = True
        if data.get("date_to"):
            filters &= Q(published_at__date__lte=data["date_to"])
            picked = True
        if data.get("search"):
            filters &= Q(title__icontains=data["search"])
            picked = True
        return Article.objects.filter(filters).distinct() if picked else Article.objects.none()


class GoldTagForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    text = forms.CharField(required=False, strip=False)
    tag_type = forms.ModelChoiceField(TagType.objects.filter(is_active=True).order_by("kind", "order"))
    note = forms.CharField(required=False, max_length=2000)


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[
            ("jsonl", "newsdesk JSONL (everything)"),
            ("csv", "CSV"),
            ("w3c", "W3C Web Annotation (JSON-LD)"),
            ("doccano", "doccano sequence labelling (JSONL)"),
            ("label-studio", "Label Studio (JSON)"),
        ]
    )
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.all(), required=False, empty_label="All campaigns")
    status = forms.ChoiceField(choices=[("", "Any status"), *Annotation.Status.choices], required=False)
    # Picked from lists (by slug, so links like ?story=<slug> fill them in and jobs keep slugs).
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name").only("name", "slug"),
        to_field_name="slug",
        required=False,
        empty_label="All outlets",
        help_text="Only articles it published.",
    )
    story = forms.ModelChoiceField(
        queryset=Story.objects.order_by("title").only("title", "slug"),
        to_field_name="slug",
        required=False,
        empty_label="All stories",
        help_text="Only its articles.",
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_blind_anywhere(user):
            # Lists of outlets and stories are what blind mode hides (as on the article list).
            del self.fields["outlet"], self.fields["story"]

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "format": data["format"],
            "campaign": data["campaign"].pk if data.get("campaign") else None,
            "status": data.get("status") or "",
            "outlet": data["outlet"].slug if data.get("outlet") else "",
            "story": data["story"].slug if data.get("story") else "",
        }


class AnnotationImportForm(forms.Form):
    file = forms.FileField(help_text="An export of newsdesk (JSONL), doccano (JSONL) or Label Studio (JSON).")
    format = forms.ChoiceField(choices=[(f, f) for f in ANNOTATION_FORMATS])
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.all(), required=False)

    def clean_file(self) -> Any:
        return check_upload_size(self.cleaned_data["file"])
