"""Outlets: what an admin edits about one (kind, country, …) and the other names it goes by."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from newsdesk.models import Outlet, OutletAlias

MAX_ALIASES = 50


def check_outlet_aliases(*, outlet: Outlet, names: list[str]) -> list[str]:
    """The aliases to keep, cleaned: one per name, not the outlet's own name; a name another outlet has is refused."""
    if len(names) > MAX_ALIASES:
        raise ValidationError(f"At most {MAX_ALIASES} other names per outlet.", code="too_many_aliases")
    found: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())[:200]
        if name and name.lower() != outlet.name.lower():
            found.setdefault(name.lower(), name)
    lowered = list(found)
    # Case-insensitive checks the database does for us in one query each, on both backends.
    clash = Outlet.objects.exclude(pk=outlet.pk).filter(_name_in(lowered, "name"))
    clash_alias = OutletAlias.objects.exclude(outlet=outlet).filter(_name_in(lowered, "alias")).select_related("outlet")
    taken = sorted({o.name for o in clash} | {f"{a.alias} (an alias of {a.outlet.name})" for a in clash_alias})
    if taken:
        raise ValidationError(f"Another outlet already goes by: {', '.join(taken)}.", code="alias_taken")
    return list(found.values())


def _name_in(lowered: list[str], field: str) -> Q:
    query = Q(pk__in=[])
    for name in lowered:
        query |= Q(**{f"{field}__iexact": name})
    return query


def outlet_update(*, outlet: Outlet, changes: dict[str, Any], aliases: list[str]) -> Outlet:
    """Save `changes` (field → value) and make `aliases` the outlet's other names."""
    keep = check_outlet_aliases(outlet=outlet, names=aliases)
    with transaction.atomic():
        for field, value in changes.items():
            setattr(outlet, field, value)
        outlet.save()
        outlet.aliases.exclude(alias__in=keep).delete()
        present = set(outlet.aliases.values_list("alias", flat=True))
        OutletAlias.objects.bulk_create([OutletAlias(outlet=outlet, alias=a) for a in keep if a not in present])
    return outlet
