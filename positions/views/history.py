"""The change history shown on statement and stance pages (django-simple-history rows)."""

from dataclasses import dataclass, field

HISTORY_LIMIT = 50
_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class HistoryEntry:
    record: object
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def history_entries(instance, *, fields: list[str]) -> list[HistoryEntry]:
    """The latest changes to `instance`, newest first, each with the fields it changed.

    One query for the rows (with their users), and one per related model named in a change.
    """
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_LIMIT + 1
        ]
    )
    related_ids: dict[object, set] = {}
    raw = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(raw) == HISTORY_LIMIT:
            break
        changes = []
        if older is not None:
            for name in fields:
                model_field = model._meta.get_field(name)
                before = getattr(older, model_field.attname)
                after = getattr(newer, model_field.attname)
                if before != after:
                    changes.append((model_field, before, after))
                    if model_field.is_relation:
                        ids = related_ids.setdefault(model_field.related_model, set())
                        ids.update(v for v in (before, after) if v is not None)
        raw.append((newer, changes))
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
        return text if len(text) <= 300 else text[:300] + "…"

    return [
        HistoryEntry(
            record=record,
            action=_TYPES.get(record.history_type, record.history_type),
            changes=[
                (str(f.verbose_name).capitalize(), show(f, before), show(f, after))
                for f, before, after in changes
            ],
        )
        for record, changes in raw
    ]
