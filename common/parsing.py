"""Numbers and ids from the query string or a form, parsed once, the same way everywhere.

`str.isdigit()` accepts superscripts ("²") and other digits that `int()` refuses, and `int()`
accepts "-1", " 7 " and "1_000"; ids and page sizes need none of that. These helpers take ASCII
digits only and answer None (or the default) for anything else, so a view never raises on junk.
"""

import re

_DIGITS = re.compile(r"[0-9]{1,18}")  # 18 digits stay below 2**63 (a PostgreSQL bigint)
_SIGNED = re.compile(r"-?[0-9]{1,18}")


def parse_int(
    value: object,
    default: int | None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """`value` as an int if it is ASCII digits (optionally signed) within the bounds, else
    `default`."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _SIGNED.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return default
    if minimum is not None and number < minimum:
        return default
    if maximum is not None and number > maximum:
        return default
    return number


def parse_id(value: object) -> int | None:
    """A database id (a positive integer written in ASCII digits), or None."""
    if isinstance(value, str) and not _DIGITS.fullmatch(value.strip()):
        return None
    return parse_int(value, minimum=1)


def parse_ids(values: list[str]) -> list[int]:
    """The valid ids among `values`, in order, without repeats; the rest are dropped."""
    ids: list[int] = []
    for value in values:
        pk = parse_id(value)
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids
