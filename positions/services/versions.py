"""Versions and conflicts: every edit of a statement or stance claims the version it started from.

A save made from a version someone has since moved past writes nothing and raises
`ConflictError`, which says what changed meanwhile.
"""

from django.db.models import F

from ..history import FieldChange, diff_versions
from ..models import Stance, Statement

# The fields a conflict message and the history compare (kept on the models, named here too).
STATEMENT_TRACKED_FIELDS = list(Statement.TRACKED_FIELDS)
STANCE_TRACKED_FIELDS = list(Stance.TRACKED_FIELDS)


class ConflictError(Exception):
    """Someone saved the row after the editor loaded it; nothing was written.

    `str(error)` says so in a sentence for a message; `current` is the row as it is now (None
    when it no longer exists); `changes` lists the tracked fields that differ from the version
    the editor started from.
    """

    def __init__(self, message: str, *, current=None, changes: list[FieldChange] | None = None):
        super().__init__(message)
        self.current = current
        self.changes = changes or []


def changes_since(instance, *, version: int, fields=None) -> list[FieldChange]:
    """What differs in `instance` (as saved now) from its history at `version`.

    Without a history row for that version (a bulk update that skipped history), every tracked
    field is listed with its current value.
    """
    record = instance.history.filter(version=version).order_by("-history_date").first()
    fields = fields or type(instance).TRACKED_FIELDS
    return diff_versions(type(instance), [(record, instance)], fields=fields)[0]


def claim_version(
    model,
    *,
    pk: int,
    expected_version: int,
    status: str | None = None,
    noun: str = "",
    gone: str = "",
    related: tuple[str, ...] = (),
):
    """Move the row from `expected_version` to the next and return it, or raise ConflictError.

    The filtered UPDATE is the check: it matches no row when someone else saved first (or, with
    `status`, when the row has left that status), and it locks the row until the transaction
    ends, so two saves cannot both pass. `noun` names the row in the message ("proposal"),
    `gone` is the message when the row no longer exists; `related` is select_related for the row
    returned.
    """
    rows = model.objects.filter(pk=pk, version=expected_version)
    if status is not None:
        rows = rows.filter(status=status)
    claimed = rows.update(version=F("version") + 1)
    current = model.objects.select_related(*related).filter(pk=pk).first()
    if claimed:
        return current
    noun = noun or str(model._meta.verbose_name)
    if current is None:
        raise ConflictError(gone or f"This {noun} no longer exists; nothing was changed.")
    changes = changes_since(current, version=expected_version)
    if status is not None and current.status != status:
        by = f" by {current.reviewed_by}" if getattr(current, "reviewed_by_id", None) else ""
        message = (
            f"This {noun} was already {current.get_status_display().lower()}{by}; "
            "nothing was changed."
        )
    else:
        message = (
            f"This {noun} was changed since you opened the page; nothing was changed. "
            "Check what changed and try again."
        )
    raise ConflictError(message, current=current, changes=changes)


def set_history(instance, *, user, reason: str) -> None:
    """Who and why for the history row the next save() writes (a request sets the user itself)."""
    if user is not None:
        instance._history_user = user
    if reason:
        instance._change_reason = reason
