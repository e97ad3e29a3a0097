"""How far the people who review the extractor's proposals agree with it, provision by provision.

A reviewed proposal is an extracted stance a person accepted, corrected or rejected. For each
provision the extractor proposed (its own reading, `Stance.proposed_provision`):

- **accepted**: confirmed as proposed (same provision, same position);
- **revised**: confirmed after a correction of its position or its provision;
- **rejected**: rejected (no such position in the passage).

**Precision** is accepted / reviewed: the share of its proposals that were right as they stood.

**Cohen's kappa** compares two raters on the same items, here the extractor and the reviewer on
each reviewed proposal. The extractor's label is the position it proposed; the reviewer's is the
position they confirmed on that provision, or "none" when they rejected the proposal or moved it
to another provision. With ``n`` items, ``p_o`` the share on which the two labels agree and
``p_e = sum over labels k of (extractor's share of k) x (reviewer's share of k)`` the agreement
expected by chance, ``kappa = (p_o - p_e) / (1 - p_e)``: 1 is perfect agreement, 0 no better
than chance, below 0 worse. When ``p_e`` is 1 (both raters used one and the same label
throughout) kappa is undefined and shown as such.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Coalesce

from positions.models import Stance
from provisions.models import Provision

NONE = "none"  # the reviewer's label for a rejected proposal, or one moved to another provision


@dataclass
class Agreement:
    """The counts for one provision (or for all of them), and what follows from them."""

    provision: Provision | None
    accepted: int = 0
    revised: int = 0
    rejected: int = 0
    pairs: Counter = field(default_factory=Counter)  # (extractor label, reviewer label) -> n

    @property
    def reviewed(self) -> int:
        return self.accepted + self.revised + self.rejected

    @property
    def precision(self) -> float | None:
        return self.accepted / self.reviewed if self.reviewed else None

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.pairs)

    def add(self, other: Agreement) -> None:
        self.accepted += other.accepted
        self.revised += other.revised
        self.rejected += other.rejected
        self.pairs.update(other.pairs)


def cohen_kappa(pairs: Counter) -> float | None:
    """Cohen's kappa of ``{(label of rater 1, label of rater 2): count}``; ``None`` when it is
    undefined (no items, or chance agreement of 1)."""
    n = sum(pairs.values())
    if not n:
        return None
    observed = sum(c for (a, b), c in pairs.items() if a == b) / n
    first, second = Counter(), Counter()
    for (a, b), c in pairs.items():
        first[a] += c
        second[b] += c
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def extractor_agreement(*, model=None) -> tuple[list[Agreement], Agreement]:
    """Per provision (those with reviewed proposals, in provision order) and overall.

    ``model``: only the proposals of one ExtractorModel row (``"default"``: those made by the
    repository's heads). Two queries: the counts, grouped in the database, then the provisions.
    """
    reviewed = Stance.objects.filter(
        origin=Stance.Origin.EXTRACTED,
        status__in=[Stance.Status.CONFIRMED, Stance.Status.REJECTED],
    )
    if model == "default":
        reviewed = reviewed.filter(extractor_model__isnull=True)
    elif model is not None:
        reviewed = reviewed.filter(extractor_model=model)
    rows = (
        reviewed.annotate(
            proposed_on=Coalesce("proposed_provision_id", "provision_id"),
            proposed=Coalesce(
                # Blank for proposals made before the extractor's reading was kept: the
                # position then stands for it.
                Case(When(proposed_position="", then=None), default=F("proposed_position")),
                F("position"),
            ),
            reviewer=Case(
                When(status=Stance.Status.REJECTED, then=Value(NONE)),
                When(
                    ~Q(provision_id=Coalesce("proposed_provision_id", "provision_id")),
                    then=Value(NONE),
                ),
                default=F("position"),
                output_field=CharField(),
            ),
        )
        .values_list("proposed_on", "proposed", "reviewer", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_provision: dict[int, Agreement] = defaultdict(lambda: Agreement(None))
    for provision_id, proposed, reviewer, status, n in rows:
        row = by_provision[provision_id]
        row.pairs[(proposed, reviewer)] += n
        if status == Stance.Status.REJECTED:
            row.rejected += n
        elif reviewer == proposed:
            row.accepted += n
        else:
            row.revised += n
    provisions = Provision.objects.filter(pk__in=by_provision).order_by("sort_order", "slug")
    out, total = [], Agreement(None)
    for provision in provisions:
        row = by_provision[provision.pk]
        row.provision = provision
        out.append(row)
        total.add(row)
    return out, total
