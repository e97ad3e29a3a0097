"""Reviewers' decisions as labelled data for the extractor's heads, and scoring heads on them.

A reviewed proposal is a label: accepted (the reading was right), revised (the corrected
provision and position are right) and rejected (the extractor was wrong: the passage gives no
position on that provision). Stances logged by hand with their evidence are positives too.
A statement is used once nothing on it awaits review: its confirmed stances are its gold
records and every other issue is a negative, as in the repository's labelled sets.

The most recent statements by review date are held out (never trained on): they are the
deployment's own yardstick. Reads only; ``positions.services.extractor_model_train`` writes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from extraction import Extractor
from extraction.evaluation import predict, score
from extraction.language import LEARNED_LANGUAGES
from extraction.learned import LearnedLayer
from extraction.learned.encoder import load_encoder
from extraction.learned.heads import Heads, load_heads
from extraction.learned.training import LabelledSet
from provisions.models import Provision

from .extraction_inputs import speaker_names
from .models import ExtractorModel, Stance, Statement

HOLDOUT = 0.2  # share of the reviewed statements, the most recent, kept for measurement


@dataclass(frozen=True)
class ReviewLabels:
    """The reviewed statements as two labelled sets, and what went into them."""

    train: LabelledSet
    held_out: LabelledSet
    accepted: int
    revised: int
    rejected: int
    logged: int  # stances logged by hand with evidence


def _labelled_statements():
    """Statements with a reviewed proposal or a hand-logged stance with evidence, nothing left
    to review, in a language the learned layer reads (its encoder is English); with the date
    of their latest decision."""
    pending = Stance.objects.filter(
        statement=OuterRef("pk"), origin=Stance.Origin.EXTRACTED, status=Stance.Status.PROPOSED
    )
    decided = Q(stances__origin=Stance.Origin.EXTRACTED, stances__reviewed_at__isnull=False) | Q(
        stances__origin=Stance.Origin.MANUAL,
        stances__status=Stance.Status.CONFIRMED,
        stances__evidence_start__isnull=False,
    )
    return (
        Statement.objects.active()
        .filter(decided, language__in=LEARNED_LANGUAGES)
        .exclude(Exists(pending))
        .annotate(decided_at=Max(Coalesce("stances__reviewed_at", "stances__created_at")))
        .select_related("delegation", "on_behalf_of")
        .order_by("decided_at", "pk")
    )


def review_labels(*, holdout: float = HOLDOUT) -> ReviewLabels:
    """The reviewed statements as a training set and a held-out set (the most recent
    ``holdout`` share, at least one statement once there are two). Four queries.

    The heads propose issues, so a decision on an article is a label for its issue
    (``_issues_of``): the issue the proposal noted ("(also transfer-of-proceedings)"), or the
    one issue the article is linked to. A decision on the issue itself wins over one read from
    an article."""
    statements = list(_labelled_statements())
    n_held = min(len(statements) - 1, math.ceil(len(statements) * holdout)) if statements else 0
    n_held = max(n_held, 0)
    cut = len(statements) - n_held
    issue_slugs = dict(
        Provision.objects.filter(kind=Provision.Kind.ISSUE).values_list("pk", "slug")
    )
    linked: dict[int, list[str]] = {}  # article pk -> the issues it is linked to
    for article, issue in Provision.related.through.objects.filter(
        from_provision__kind=Provision.Kind.ARTICLE, to_provision__kind=Provision.Kind.ISSUE
    ).values_list("from_provision_id", "to_provision_id"):
        linked.setdefault(article, []).append(issue_slugs[issue])
    stances = (
        Stance.objects.filter(statement__in=[s.pk for s in statements])
        .filter(
            Q(origin=Stance.Origin.EXTRACTED, status__in=["confirmed", "rejected"])
            | Q(origin=Stance.Origin.MANUAL, status=Stance.Status.CONFIRMED)
        )
        .select_related("provision")
        .order_by("pk")
    )
    # Statement pk -> issue slug -> (record, whether the decision was on the issue itself).
    records: dict[int, dict[str, tuple[dict, bool]]] = {}
    counts = {"accepted": 0, "revised": 0, "rejected": 0, "logged": 0}
    for stance in stances:
        if stance.origin == Stance.Origin.EXTRACTED:
            if stance.status == Stance.Status.REJECTED:
                counts["rejected"] += 1
                continue
            same = stance.position == (stance.proposed_position or stance.position) and (
                stance.provision_id == (stance.proposed_provision_id or stance.provision_id)
            )
            counts["accepted" if same else "revised"] += 1
        elif not stance.evidence:
            continue
        else:
            counts["logged"] += 1
        own = records.setdefault(stance.statement_id, {})
        direct = stance.provision_id in issue_slugs
        for slug in _issues_of(stance, direct, set(issue_slugs.values()), linked):
            if slug in own and (own[slug][1] or not direct):
                continue  # the issue's own decision, or the first article read as it
            own[slug] = (
                {
                    "statement": f"statement-{stance.statement_id}.txt",
                    "provision": slug,
                    "stance": stance.position,
                    "evidence": stance.evidence,
                },
                direct,
            )

    def labelled(name: str, part: Sequence[Statement]) -> LabelledSet:
        return LabelledSet(
            name,
            [r for s in part for r, _direct in records.get(s.pk, {}).values()],
            {f"statement-{s.pk}.txt": s.text for s in part},
            header=True,
            speakers={
                f"statement-{s.pk}.txt": speaker_names(s.delegation, s.on_behalf_of) for s in part
            },
        )

    return ReviewLabels(
        train=labelled("reviews", statements[:cut]),
        held_out=labelled("reviews-held-out", statements[cut:]),
        **counts,
    )


_NOTED = re.compile(r"\(also ([a-z0-9, -]+)\)\s*$")


def _issues_of(
    stance: Stance, direct: bool, issues: set[str], linked: dict[int, list[str]]
) -> list[str]:
    """The issues a decided stance is a label for: its own provision when that is an issue;
    for an article, the issues its proposal noted as read from the same passage (the
    extractor's own reading, when the reviewer kept the provision), else the one issue the
    article is linked to (none when it is linked to several: which one the position is on is
    not known). Chapters give none."""
    if direct:
        return [stance.provision.slug]
    kept = stance.provision_id == (stance.proposed_provision_id or stance.provision_id)
    if stance.origin == Stance.Origin.EXTRACTED and kept:
        m = _NOTED.search(stance.cue or "")
        noted = [s.strip() for s in m.group(1).split(",")] if m else []
        noted = [s for s in noted if s in issues]
        if noted:
            return noted
    own = linked.get(stance.provision_id, [])
    return own if len(own) == 1 else []


def active_heads() -> tuple[ExtractorModel | None, Heads | None]:
    """The active row and its heads; with no active row, the repository's heads file."""
    model = ExtractorModel.objects.active().first()
    if model is not None:
        return model, Heads.from_json(model.heads)
    return None, load_heads()


def heads_scores(
    heads: Heads | None, sets: Sequence[LabelledSet], specs, unseen: Collection[str] = ()
) -> dict[str, dict]:
    """Strict and provision-only P/R/F1 and oppose recall of the rules plus ``heads`` (the rules
    alone when ``None``) on each set, on all of them together (``"all"``, micro) and on the sets
    named in ``unseen`` together (``"unseen"``, micro: the sets no heads were trained on)."""
    learned = LearnedLayer(heads, specs, load_encoder()) if heads is not None else None
    extractor = Extractor(specs, learned=learned, one_per_passage=True)  # as the app runs it
    out: dict[str, dict] = {}
    together: dict[str, tuple[list, list]] = {"all": ([], []), "unseen": ([], [])}
    for s in sets:
        if not s.texts:
            continue
        pred = predict(s.texts, extractor, s.header, speakers=s.speakers)
        out[s.name] = _summary(score(s.records, pred))
        for key in ("all", "unseen") if s.name in unseen else ("all",):
            gold, predicted = together[key]
            gold += [{**r, "statement": f"{s.name}/{r['statement']}"} for r in s.records]
            predicted += [{**r, "statement": f"{s.name}/{r['statement']}"} for r in pred]
    for key, (gold, predicted) in together.items():
        if gold or key == "all":
            out[key] = _summary(score(gold, predicted))
    return out


def _summary(report) -> dict:
    opp = report.per_position["oppose"]
    return {
        "statements": report.statements,
        "strict_precision": round(report.strict.precision, 4),
        "strict_recall": round(report.strict.recall, 4),
        "strict_f1": round(report.strict.f1, 4),
        "provision_f1": round(report.provision_only.f1, 4),
        "oppose_recall": round(opp.recall, 4) if opp.tp + opp.fn else None,
    }


def format_training(result) -> str:
    """The scores of the new heads next to the active ones, set by set, and what was done."""
    before = "the repository's heads" if result.previous is None else f"v{result.previous.version}"
    labels = result.labels
    lines = [
        f"Reviews: {labels.accepted} accepted, {labels.revised} revised, {labels.rejected} "
        f"rejected, {labels.logged} logged by hand; {len(labels.train.texts)} statements trained "
        f"on, {len(labels.held_out.texts)} held out.",
        f"{'set':<20} {'statements':>10}  {'strict F1 (active -> new)':>26}  "
        f"{'provision F1':>16}  {'oppose recall':>16}",
    ]
    for name, new in result.new_scores.items():
        old = result.active_scores[name]
        if name == "unseen":
            name = "not trained on"
        lines.append(
            f"{name:<20} {new['statements']:>10}  "
            f"{_pair(old['strict_f1'], new['strict_f1']):>26}  "
            f"{_pair(old['provision_f1'], new['provision_f1']):>16}  "
            f"{_pair(old['oppose_recall'], new['oppose_recall']):>16}"
        )
    model = result.model
    if "unseen" in result.new_scores:
        judged = "strict F1 over the sets no heads were trained on: " + ", ".join(result.unseen)
    else:
        judged = "strict F1 over all sets: none is held out from training, so this says little"
    if result.activated:
        lines.append(
            f"Heads v{model.version} recorded and activated (before: {before}; judged on {judged})."
        )
    else:
        lines.append(
            f"Heads v{model.version} recorded but NOT activated: they score worse than {before} "
            f"({judged}). Give --force to activate them anyway."
        )
    return "\n".join(lines)


def _pair(old, new) -> str:
    show = lambda v: "—" if v is None else f"{v:.3f}"  # noqa: E731
    return f"{show(old)} -> {show(new)}"
