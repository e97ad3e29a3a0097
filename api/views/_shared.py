"""What the API's views share: lookups by code, form errors as problem details, 409 bodies."""

from rest_framework.exceptions import ValidationError

from positions.services import ConflictError, DuplicateStatementError

from .. import serializers as s
from ..problems import Conflict, DuplicateText

PROBLEM = s.ProblemSerializer

# --- helpers -------------------------------------------------------------------------------


def _by_code(model, value, field: str, *, key: str = "code"):
    """The row whose code (or slug) is `value`, or a 400 on `field`; None for an empty value."""
    if value in (None, ""):
        return None
    found = model.objects.filter(**{key: value}).order_by("pk").first()
    if found is None:
        raise ValidationError({field: [f"No {model._meta.verbose_name} with {key} {value!r}."]})
    return found


# The pages' form field names that the API calls otherwise.
_FIELD_NAMES = {"__all__": "non_field_errors", "upload": "document"}


def _form_errors(form) -> dict:
    return {
        _FIELD_NAMES.get(field, field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }


def _conflict(error: ConflictError) -> Conflict:
    """A ConflictError of the services (an edit or review over someone else's newer save, or
    of a proposal already reviewed) as a 409 listing what changed since the version sent."""
    changes = [
        {"field": c.field, "label": c.label, "before": c.before, "now": c.now}
        for c in error.changes
    ]
    return Conflict(
        str(error),
        changes=changes,
        current_version=error.current.version if error.current is not None else None,
    )


def _duplicate_text(error: DuplicateStatementError, user) -> DuplicateText:
    """A statement the delegation already has, as a 409 naming those the user may read."""
    readable = error.duplicates if user.has_perm("positions.view_statement") else []
    return DuplicateText(
        str(error) if readable else "The delegation already has a statement with this text.",
        duplicates=[{"id": d.pk, "title": d.title} for d in readable],
    )
