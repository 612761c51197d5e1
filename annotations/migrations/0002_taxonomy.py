"""Seed the tag taxonomy (three kinds and their labels) and the review reason codes."""

from django.db import migrations

TAXONOMY = {
    "claim": [
        ("factual-claim", "Factual claim", "#f4b400", "1", "A statement presented as fact that can be checked."),
        ("prediction", "Prediction", "#fb8c00", "2", "A statement about what will or may happen."),
        ("evaluation", "Evaluation / opinion", "#e2a03f", "3", "A judgement or opinion."),
        ("call-to-action", "Call to action", "#f57c00", "4", "A demand that someone act."),
    ],
    "attribution": [
        ("named-source", "Named source", "#3b82f6", "1", "A source named in the text."),
        ("anonymous-source", "Anonymous or vague source", "#0ea5e9", "2", '"Officials said", "according to reports".'),
        (
            "attribution-verb",
            "Attribution verb",
            "#6366f1",
            "3",
            "The verb or phrase that attributes (said, claimed …).",
        ),
    ],
    "framing": [
        ("loaded-term", "Loaded term", "#d946ef", "1", "A word carrying a judgement (regime, cannon fodder)."),
        ("euphemism", "Euphemism", "#a855f7", "2", "A softening term (military operation for invasion)."),
        ("naming-choice", "Naming choice", "#ec4899", "3", "A choice between names (Kiev / Kyiv)."),
        ("scare-quotes", "Scare quotes", "#f43f5e", "4", "Quotation marks that distance the writer from a term."),
        (
            "actor-label",
            "Actor label / descriptor",
            "#c026d3",
            "5",
            "How an actor is described (US-led military bloc).",
        ),
        ("omission", "Selection / omission note", "#9333ea", "6", "A note on what the article leaves out or selects."),
    ],
}

REASONS = [
    ("wrong-span", "Wrong span"),
    ("wrong-kind", "Wrong kind"),
    ("wrong-label", "Wrong label"),
    ("not-a-statement", "Not a statement"),
    ("missing-link", "Missing speaker or quote link"),
    ("duplicate", "Duplicate tag"),
    ("other", "Other (see comment)"),
]


def taxonomy_create(apps, schema_editor):
    TagType = apps.get_model("annotations", "TagType")
    for kind, labels in TAXONOMY.items():
        for order, (slug, label, colour, shortcut, description) in enumerate(labels):
            TagType.objects.update_or_create(
                kind=kind,
                slug=slug,
                defaults={
                    "label": label,
                    "colour": colour,
                    "shortcut": shortcut,
                    "description": description,
                    "order": order,
                },
            )
    ReasonCode = apps.get_model("annotations", "ReasonCode")
    for order, (slug, label) in enumerate(REASONS):
        ReasonCode.objects.update_or_create(slug=slug, defaults={"label": label, "order": order})


def taxonomy_delete(apps, schema_editor):
    apps.get_model("annotations", "ReasonCode").objects.all().delete()
    apps.get_model("annotations", "TagType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("annotations", "0001_initial")]

    operations = [migrations.RunPython(taxonomy_create, taxonomy_delete)]
