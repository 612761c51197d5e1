"""Forms of the corpus pages: starting an article import, editing a story or an outlet."""

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings

from newsdesk.ingestion.readers import FORMATS as ARTICLE_FORMATS
from newsdesk.ingestion.readers import ImportProblem, format_for
from newsdesk.models import Outlet, Story


def check_upload_size(upload: Any) -> Any:
    """Every import upload (articles or tags) has the same limit as `import_articles`."""
    if upload.size > settings.NEWSDESK_MAX_IMPORT_FILE_SIZE:
        raise forms.ValidationError(
            f"The file is {upload.size:,} bytes, over the limit of {settings.NEWSDESK_MAX_IMPORT_FILE_SIZE:,}."
        )
    return upload


class ArticleImportForm(forms.Form):
    file = forms.FileField(help_text="A .jsonl or .csv file of articles (or one .txt / .html article).")
    format = forms.ChoiceField(choices=[("auto", "From the file name"), *[(f, f) for f in ARTICLE_FORMATS]])
    story = forms.CharField(
        required=False, max_length=300, help_text="Put every article in this story (slug or title)."
    )
    outlet = forms.CharField(required=False, max_length=200, help_text="Credit this outlet where none is found.")

    def clean_file(self) -> Any:
        return check_upload_size(self.cleaned_data["file"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            try:
                format_for(Path(upload.name), data.get("format") or "auto")
            except ImportProblem:
                self.add_error(
                    "format", f"Cannot tell the format from the name “{upload.name}”: choose one of the formats."
                )
        return data


class StoryForm(forms.ModelForm[Story]):
    class Meta:
        model = Story
        fields = ["title", "slug", "date", "description"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Made from the title when empty."


class OutletForm(forms.ModelForm[Outlet]):
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Other names it goes by, one per line (e.g. “Reuters” for “Thomson Reuters”).",
    )

    class Meta:
        model = Outlet
        fields = ["name", "kind", "country", "homepage", "domain", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def alias_list(self) -> list[str]:
        return [line for line in self.cleaned_data.get("aliases", "").splitlines() if line.strip()]
