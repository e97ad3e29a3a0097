"""Synthetic data at scale: statements and stances by the million, for benchmarks.

`synthetic_generate()` adds realistic but invented data to the current database:

- the real delegations, provisions and sessions are used first; synthetic ones (codes `SYN-001`,
  slugs `syn-art-1`/`syn-issue-1`, sessions `SYN-S01`) are added to the same negotiation only when
  more are asked for than exist, and are reused by later runs;
- activity is skewed (Zipf-like weights: a few delegations and provisions draw most statements);
- a delegation's position on a provision persists from one statement to the next and shifts by one
  step now and then; groups speak through one of their members (`on_behalf_of`);
- every stance satisfies the database constraints: at most one live stance per (statement,
  delegation, provision), `evidence == statement.text[evidence_start:evidence_end]`, a `stated_on`;
- creation history rows (`+`, reason "synthetic load") are written for every statement and stance;
- the same arguments and seed give the same rows (timestamps are derived from the data, not the
  clock); surrogate ids depend on what the database held before.

On PostgreSQL the rows go in with `COPY ... FROM STDIN` (psycopg 3), with the secondary indexes and
foreign keys of the four tables dropped for the load and recreated afterwards (one sorted build and
one validating scan each instead of a million index insertions and trigger checks), then ANALYZE.
On SQLite the same rows are inserted with `executemany` in batches.
"""

import datetime
import random
import sys
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from tqdm import tqdm

from delegations.models import Delegation, GroupMembership, RegionalGroup
from positions.models import CurrentStance, Stance, Statement
from positions.services import current_stances_refresh, snapshot_days_sync
from provisions.models import Negotiation, Provision, Session

from .generator import Generator
from .loader import (
    HISTORY_REASON,
    _check_columns,
    _history_insert,
    _load_batches,
    _load_postgresql,
    _pg_finish,
    _reset_sequences,
    content_digest,
    synthetic_vacuum,
)
from .vocabulary import CLOSED_MEETING_SHARE, TOPICS

__all__ = [
    "HISTORY_REASON",
    "SyntheticResult",
    "content_digest",
    "synthetic_generate",
    "synthetic_vacuum",
]


@dataclass(frozen=True)
class SyntheticResult:
    """What a synthetic load added, and how long each phase took (seconds)."""

    delegations_created: int
    provisions_created: int
    sessions_created: int
    statements: int
    stances: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Statement and stance rows (history rows, one per row, not counted)."""
        return self.statements + self.stances

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@transaction.atomic
def synthetic_generate(
    *,
    stances: int,
    statements: int,
    delegations: int,
    provisions: int,
    sessions: int | None = None,
    seed: int = 1,
    progress: bool = False,
    drop_indexes: bool = True,
) -> SyntheticResult:
    """Add `statements` statements and `stances` stances (with their creation history).

    `delegations`, `provisions` and `sessions` say how many of each the synthetic activity spreads
    over: existing ones first, synthetic ones created when more are needed. Deterministic for a
    seed on a given database. `drop_indexes` (PostgreSQL only) drops and rebuilds the secondary
    indexes and foreign keys of the loaded tables around the COPY. Runs in one transaction.
    """
    _check_columns()
    if min(stances, statements, delegations, provisions) < 0 or (sessions or 0) < 0:
        raise ValueError("Counts must not be negative.")
    if delegations < 1 or provisions < 1:
        raise ValueError("At least one delegation and one provision are needed.")
    closed = stances if statements == 0 else round(stances * CLOSED_MEETING_SHARE)
    if stances - closed > statements * provisions:
        raise ValueError(
            f"{stances} stances do not fit in {statements} statements over {provisions} "
            "provisions (a statement takes at most one stance per provision)."
        )
    started = time.perf_counter()
    timings: dict[str, float] = {}
    rng = random.Random(seed)

    negotiation = Negotiation.objects.order_by("pk").first()
    if negotiation is None:
        raise ValueError("No negotiation in the database: load the reference data first.")
    delegation_rows, delegations_created = _delegation_pool(delegations)
    provision_rows, provisions_created = _provision_pool(provisions, negotiation)
    session_rows, sessions_created = _session_pool(sessions, negotiation)
    timings["reference"] = time.perf_counter() - started

    generator = Generator(
        rng=rng,
        delegations=delegation_rows,
        provisions=provision_rows,
        sessions=session_rows,
        memberships=_memberships(delegation_rows),
        first_statement_id=_next_id(Statement),
        first_stance_id=_next_id(Stance),
    )
    rows = generator.rows(statements=statements, stances=stances, closed=closed)
    bar = tqdm(
        total=statements + stances,
        desc="synthetic rows",
        unit="row",
        unit_scale=True,
        file=sys.stderr,
        disable=not progress,
    )
    recreate: list[str] = []
    if connection.vendor == "postgresql":
        recreate = _load_postgresql(rows, bar=bar, drop_indexes=drop_indexes, timings=timings)
    else:
        _load_batches(rows, bar=bar, timings=timings)

    phase = time.perf_counter()
    _history_insert(
        Statement, first_id=generator.first_statement_id, count=generator.statement_count
    )
    timings["history_statements"] = time.perf_counter() - phase
    phase = time.perf_counter()
    _history_insert(Stance, first_id=generator.first_stance_id, count=generator.stance_count)
    timings["history_stances"] = time.perf_counter() - phase
    phase = time.perf_counter()
    if connection.vendor == "postgresql":
        _pg_finish(timings=timings, recreate=recreate)
    _reset_sequences()
    timings["finish"] = time.perf_counter() - phase
    phase = time.perf_counter()
    # The current positions of every pair the load touched, in one set-based pass; in full
    # when the sessions' last days are not all kept as snapshot days yet.
    if not snapshot_days_sync():
        current_stances_refresh(pairs=Stance.objects.filter(pk__gte=generator.first_stance_id))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {CurrentStance._meta.db_table}")
    timings["current_stances"] = time.perf_counter() - phase
    return SyntheticResult(
        delegations_created=delegations_created,
        provisions_created=provisions_created,
        sessions_created=sessions_created,
        statements=generator.statement_count,
        stances=generator.stance_count,
        seconds=time.perf_counter() - started,
        timings={name: round(value, 3) for name, value in timings.items()},
    )


# --- reference pools ------------------------------------------------------------------------


def _delegation_pool(count: int) -> tuple[list[Delegation], int]:
    """`count` delegations: every group first, then the others by code, then synthetic states."""
    existing = list(Delegation.objects.order_by("code"))
    groups = [d for d in existing if d.kind == Delegation.Kind.GROUP]
    others = [d for d in existing if d.kind != Delegation.Kind.GROUP]
    pool = (groups + others)[:count]
    missing = count - len(pool)
    if missing <= 0:
        return sorted(pool, key=lambda d: d.code), 0
    taken = {d.code for d in existing}
    regions = [choice.value for choice in RegionalGroup]
    new, number = [], 0
    while len(new) < missing:
        number += 1
        code = f"SYN-{number:03d}"
        if code in taken:
            continue
        new.append(
            Delegation(
                code=code,
                name=f"Synthetic State {number:03d}",
                common_name=f"Synthetic State {number:03d}",
                kind=Delegation.Kind.STATE,
                regional_group=regions[number % len(regions)],
            )
        )
    Delegation.objects.bulk_create(new)
    created = list(Delegation.objects.filter(code__in=[d.code for d in new]))
    return sorted(pool + created, key=lambda d: d.code), len(new)


def _provision_pool(count: int, negotiation: Negotiation) -> tuple[list[Provision], int]:
    """`count` provisions: the existing ones in tree order, then synthetic articles and issues."""
    existing = list(Provision.objects.order_by("sort_order", "slug"))
    missing = count - len(existing)
    if missing <= 0:
        return existing[:count], 0
    slugs = {p.slug for p in existing}
    created = 0
    chapter = next((p for p in existing if p.slug == "syn-ch"), None)
    if chapter is None:
        chapter = Provision.objects.create(
            negotiation=negotiation,
            slug="syn-ch",
            kind=Provision.Kind.CHAPTER,
            number=99,
            title="Synthetic provisions",
            sort_order=990000,
        )
        slugs.add("syn-ch")
        created += 1
    new, number = [], 0
    while created + len(new) < missing:
        number += 1
        topic = TOPICS[number % len(TOPICS)]
        if number % 3:
            slug, kind = f"syn-art-{number}", Provision.Kind.ARTICLE
            title = f"Cooperation on {topic} ({number})"
        else:
            slug, kind = f"syn-issue-{number}", Provision.Kind.ISSUE
            title = f"Scope of {topic} ({number})"
        if slug in slugs:
            continue
        new.append(
            Provision(
                negotiation=negotiation,
                slug=slug,
                kind=kind,
                number=1000 + number if kind == Provision.Kind.ARTICLE else None,
                title=title,
                parent=chapter if kind == Provision.Kind.ARTICLE else None,
                category="synthetic",
                sort_order=990000 + number,
            )
        )
    Provision.objects.bulk_create(new)
    pool = list(Provision.objects.order_by("sort_order", "slug"))[:count]
    return pool, created + len(new)


def _session_pool(count: int | None, negotiation: Negotiation) -> tuple[list[Session], int]:
    """`count` sessions (all existing when None): synthetic ones follow the last real one."""
    existing = list(Session.objects.chronological())
    if count is None or count <= len(existing):
        return existing[: count or None], 0
    codes = {s.code for s in existing}
    start = max((s.end_date for s in existing), default=datetime.date(2024, 12, 31))
    new, number = [], 0
    while len(existing) + len(new) < count:
        number += 1
        code = f"SYN-S{number:02d}"
        # Every ten weeks, one week long, like the Ad Hoc Committee's rhythm.
        first = start + datetime.timedelta(days=70 * number)
        if code in codes:
            continue
        new.append(
            Session(
                negotiation=negotiation,
                code=code,
                name=f"Synthetic negotiating session {number}",
                body="SYN",
                number=number,
                start_date=first,
                end_date=first + datetime.timedelta(days=9),
                city="Vienna",
                country_code="AUT",
            )
        )
    Session.objects.bulk_create(new)
    return list(Session.objects.chronological())[:count], len(new)


def _memberships(pool: list[Delegation]) -> dict[int, list[int]]:
    """Group id -> ids of its members, both in the pool (groups speak through a member)."""
    ids = {d.pk for d in pool}
    members: dict[int, list[int]] = {}
    for group_id, member_id in GroupMembership.objects.order_by(
        "group__code", "member__code"
    ).values_list("group_id", "member_id"):
        if group_id in ids and member_id in ids:
            members.setdefault(group_id, []).append(member_id)
    return members


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1
