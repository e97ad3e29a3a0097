"""Small purpose-built stances for the analysts' page tests (plain functions, not fixtures)."""

import datetime
import itertools

from delegations.models import Delegation
from positions.models import Stance
from positions.services import current_stances_refresh
from provisions.models import Provision, Session

_counter = itertools.count(1)


def stance_make(
    delegation: str,
    provision: str,
    position: str,
    *,
    stated_on: datetime.date | str = "2023-01-10",
    session: str | None = "AHC-4",
    status: str = Stance.Status.CONFIRMED,
    origin: str = Stance.Origin.MANUAL,
    evidence: str = "",
) -> Stance:
    """A stance without a statement (a position noted in a closed meeting)."""
    if isinstance(stated_on, str):
        stated_on = datetime.date.fromisoformat(stated_on)
    stance = Stance.objects.create(
        delegation=Delegation.objects.get(code=delegation),
        provision=Provision.objects.get(slug=provision),
        session=Session.objects.get(code=session) if session else None,
        position=position,
        stated_on=stated_on,
        status=status,
        origin=origin,
        evidence=evidence or f"Evidence {next(_counter)} for {delegation} on {provision}",
    )
    # Written directly, not through a service: keep the current positions as a service would.
    current_stances_refresh(pairs=[(stance.delegation_id, stance.provision_id)])
    return stance


def stances_bulk(count: int, *, delegation: str = "FRA") -> None:
    """`count` confirmed stances by one delegation, spread over provisions and dates."""
    provisions = list(Provision.objects.order_by("pk"))
    who = Delegation.objects.get(code=delegation)
    session = Session.objects.get(code="AHC-2")
    positions = [p for p, _ in Stance.Position.choices]
    created = Stance.objects.bulk_create(
        Stance(
            delegation=who,
            provision=provisions[i % len(provisions)],
            session=session,
            position=positions[i % 4],
            stated_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=i),
            status=Stance.Status.CONFIRMED,
            evidence=f"Bulk evidence {i}",
        )
        for i in range(count)
    )
    current_stances_refresh(pairs=[(s.delegation_id, s.provision_id) for s in created])
