"""Ids from request text: what a hand-edited URL or form sends must not reach the database as a crash."""

# The largest value a bigint primary key holds; a bigger number from a URL is no id at all.
MAX_ID = 2**63 - 1


def id_or_none(value: object) -> int | None:
    """A database id from request text, or None when it is not a whole number in the key's range."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


def ids_from(values: list[str]) -> list[int]:
    """The valid ids among request values, in order ("12", "x", "99999999999999999999" → [12])."""
    return [number for number in map(id_or_none, values) if number is not None]
