"""The extractor's learned heads as versioned rows: record a trained set, activate it, undo."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import ExtractorModel


def _lock_models() -> None:
    # Activation changes two rows under a one-active constraint: take turns on the table's rows.
    list(ExtractorModel.objects.select_for_update().values_list("pk", flat=True))


@transaction.atomic
def extractor_model_create(
    *,
    heads_json: str,
    training_digest: str = "",
    scores: dict | None = None,
    note: str = "",
    user=None,
    activate: bool = False,
) -> ExtractorModel:
    """Record a trained set of heads as the next version (inactive unless ``activate``)."""
    _lock_models()
    latest = ExtractorModel.objects.aggregate(v=Max("version"))["v"] or 0
    model = ExtractorModel(
        version=latest + 1,
        heads=heads_json,
        heads_digest=hashlib.sha256(heads_json.encode()).hexdigest(),
        training_digest=training_digest,
        scores=scores or {},
        note=note,
        created_by=user,
    )
    model.full_clean()
    model.save()
    if activate:
        model = extractor_model_activate(model=model)
    return model


@transaction.atomic
def extractor_model_activate(*, model: ExtractorModel) -> ExtractorModel:
    """Make ``model``'s heads the ones the extractor uses from the next statement on.

    The row active before stays on record and is what `extractor_model_undo` goes back to.
    Proposals already made keep the version that made them.
    """
    _lock_models()
    ExtractorModel.objects.filter(active=True).exclude(pk=model.pk).update(active=False)
    ExtractorModel.objects.filter(pk=model.pk).update(active=True, activated_at=timezone.now())
    model.refresh_from_db()
    return model


@transaction.atomic
def extractor_model_undo() -> ExtractorModel | None:
    """Undo the last activation: the active row is set aside (its activation forgotten) and the
    row activated before it is active again; with none before it, the repository's heads file.

    Returns the row now active, or ``None``. Undoing again goes one activation further back.
    """
    _lock_models()
    current = ExtractorModel.objects.filter(active=True).first()
    if current is None:
        return None
    ExtractorModel.objects.filter(pk=current.pk).update(active=False, activated_at=None)
    previous = (
        ExtractorModel.objects.filter(
            activated_at__isnull=False, activated_at__lte=current.activated_at
        )
        .exclude(pk=current.pk)
        .order_by("-activated_at", "-pk")
        .first()
    )
    if previous is not None:
        ExtractorModel.objects.filter(pk=previous.pk).update(active=True)
        previous.refresh_from_db()
    return previous
