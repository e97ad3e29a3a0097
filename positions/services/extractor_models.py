"""The extractor's learned heads as versioned rows: record a trained set, activate it, undo."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from extraction import Extractor
from extraction.learned.encoder import load_encoder
from extraction.learned.training import LabelledSet, train

from ..extraction_inputs import compiled_provisions
from ..learning import HOLDOUT, ReviewLabels, active_heads, heads_scores, review_labels
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


@dataclass(frozen=True)
class TrainingResult:
    """What ``extractor_model_train`` did: the new row, and both heads' scores by set."""

    model: ExtractorModel
    previous: ExtractorModel | None  # the row active before (None: the repository's file)
    new_scores: dict
    active_scores: dict
    activated: bool
    labels: ReviewLabels
    unseen: tuple[str, ...] = ()  # the measured sets the new heads were not trained on


def extractor_model_train(
    *,
    sets: Sequence[LabelledSet],
    yardstick: Sequence[LabelledSet],
    holdout: float = HOLDOUT,
    force: bool = False,
    user=None,
    note: str = "",
) -> TrainingResult:
    """Fit new heads on ``sets`` plus the reviewed statements (less the most recent, held
    out), score them and the active heads on the held-out reviews and ``yardstick``, and
    record them as the next version.

    The new heads are activated when their strict F1 over the measured sets they were not
    trained on (the held-out reviews, and the yardstick's sets that are not training sets) is at
    least the active heads' (over all sets when none is held out), or with ``force``; otherwise the row stays inactive, to be activated by
    hand if wanted. Deterministic: the same data gives the same heads, byte for byte. Training
    runs outside the transaction (it takes a while); only the row's write is atomic.
    """
    labels = review_labels(holdout=holdout)
    specs = compiled_provisions().extractor.provisions
    rules = Extractor(specs)
    training = [*sets, labels.train] if labels.train.texts else list(sets)
    heads = train(training, rules, load_encoder())
    measured = [labels.held_out, *yardstick] if labels.held_out.texts else list(yardstick)
    # What decides is what the new heads were not fitted on: the held-out reviews and any set of
    # the yardstick that is not a training set (``../shared/eval/real/`` in development). The
    # training sets are scored too, as a record, but a fit to them says little of new text.
    trained = {s.name for s in training}
    unseen = tuple(s.name for s in measured if s.texts and s.name not in trained)
    previous, current = active_heads()
    new_scores = heads_scores(heads, measured, specs, unseen)
    active_scores = heads_scores(current, measured, specs, unseen)
    judged = "unseen" if "unseen" in new_scores else "all"
    activate = force or new_scores[judged]["strict_f1"] >= active_scores[judged]["strict_f1"]
    model = extractor_model_create(
        heads_json=heads.to_json(),
        training_digest=heads.meta["training"]["digest"],
        scores={"new": new_scores, "active_before": active_scores},
        note=note,
        user=user,
        activate=activate,
    )
    return TrainingResult(model, previous, new_scores, active_scores, activate, labels, unseen)
