"""`manage.py agreement --campaign ID [--json]`: inter-annotator agreement of a campaign."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.agreement import campaign_agreement
from annotations.models import Campaign


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    help = "Krippendorff's alpha, Cohen's kappa and span F1 for a campaign, per kind and per label."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, campaign: int, json: bool, **options: Any) -> None:
        found = Campaign.objects.filter(pk=campaign).first()
        if found is None:
            raise CommandError(f"no campaign with id {campaign}")
        result = campaign_agreement(found)
        if json:
            self.stdout.write(dumps(result))
            return
        self.stdout.write(
            f"{found.name}: {result['articles']} articles tagged by two or more annotators, "
            f"annotators {', '.join(result['annotators']) or '—'}"
        )
        if result["reason"]:
            self.stdout.write(result["reason"])
        self.stdout.write(f"{'kind / label':<34} {'alpha':>7} {'kappa':>7} {'F1 ex':>7} {'F1 ov':>7}  note")
        outlets = {f"outlet: {name}": a for name, a in result["outlets"].items()}
        for name, a in [*result["kinds"].items(), *result["labels"].items(), *outlets.items()]:
            self.stdout.write(
                f"{name:<34} {fmt(a['alpha']):>7} {fmt(a['mean_kappa']):>7} {fmt(a['mean_f1_exact']):>7} "
                f"{fmt(a['mean_f1_overlap']):>7}  {a['reason']}".rstrip()
            )


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
