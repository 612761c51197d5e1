"""Small template filters for dict lookups in the comparison tables."""

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def items_sorted(mapping: Mapping[Any, Any] | None) -> list[tuple[Any, Any]]:
    if not mapping:
        return []
    return sorted(mapping.items(), key=lambda kv: str(kv[0]))
