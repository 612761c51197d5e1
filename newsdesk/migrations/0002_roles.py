"""The three role groups: annotator, reviewer, admin."""

from django.db import migrations

ROLES = ("annotator", "reviewer", "admin")


def roles_create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def roles_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("newsdesk", "0001_initial"),
    ]

    operations = [migrations.RunPython(roles_create, roles_delete)]
