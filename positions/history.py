"""What changed between two versions of a statement or stance, for people to read.

One diff serves the change history on the statement and stance pages (`history_entries`) and the
conflict message of an edit form (`positions.services.versions.changes_since`). Both compare
django-simple-history rows (or a row and the model instance) field by field and name related
rows with one query per related model.
"""

from dataclasses import dataclass, field

HISTORY_LIMIT = 50
SHOWN_CHARS = 300  # a longer value (a statement's text) is cut, with an ellipsis
_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its name, its label, and both values as shown to a person."""

    field: str
    label: str
    before: str
    now: str


@dataclass
class HistoryEntry:
    record: object
    action: str
    changes: list[FieldChange] = field(default_factory=list)


def diff_versions(model, pairs, *, fields) -> list[list[FieldChange]]:
    """For each (older, newer) pair, the tracked `fields` that differ, ready to show.

    `older` and `newer` are instances or history rows of `model`; an `older` of None means the
    earlier version is unknown: every field is listed, with "?" before. Related rows are named
    in one query per related model for all the pairs together.
    """
    meta_fields = [model._meta.get_field(name) for name in fields]
    raw = []
    related_ids: dict[object, set] = {}
    for older, newer in pairs:
        changed = []
        for model_field in meta_fields:
            after = getattr(newer, model_field.attname)
            before = None if older is None else getattr(older, model_field.attname)
            if older is not None and before == after:
                continue
            changed.append((model_field, older is None, before, after))
            if model_field.is_relation:
                ids = related_ids.setdefault(model_field.related_model, set())
                ids.update(v for v in (before, after) if v is not None)
        raw.append(changed)
    names = {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in related_ids.items()
    }

    def show(model_field, value) -> str:
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            return names[model_field.related_model].get(value, f"#{value}")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        text = str(value)
        return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"

    return [
        [
            FieldChange(
                field=f.name,
                label=str(f.verbose_name).capitalize(),
                before="?" if unknown else show(f, before),
                now=show(f, after),
            )
            for f, unknown, before, after in changed
        ]
        for changed in raw
    ]


def history_entries(instance, *, fields=None) -> list[HistoryEntry]:
    """The latest changes to `instance`, newest first, each with the fields it changed.

    `fields` defaults to the model's `TRACKED_FIELDS`. One query for the rows (with their
    users), and one per related model named in a change.
    """
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_LIMIT + 1
        ]
    )
    shown = records[:HISTORY_LIMIT]
    pairs = [
        (older, newer)
        for newer, older in zip(shown, [*records[1:], None], strict=False)
        if older is not None
    ]
    diffs = iter(diff_versions(model, pairs, fields=fields or model.TRACKED_FIELDS))
    entries = []
    for index, record in enumerate(shown):
        has_older = index + 1 < len(records)
        entries.append(
            HistoryEntry(
                record=record,
                action=_TYPES.get(record.history_type, record.history_type),
                changes=next(diffs) if has_older else [],
            )
        )
    return entries
