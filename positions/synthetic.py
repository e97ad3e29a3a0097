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
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, transaction
from tqdm import tqdm

from delegations.models import Delegation, GroupMembership, RegionalGroup
from provisions.models import Negotiation, Provision, Session

from .models import CurrentStance, Position, Stance, Statement
from .services import current_stances_refresh

HISTORY_REASON = "synthetic load"

# Column order of the rows built below. `_check_columns()` compares them with the models, so a
# field added later makes the generator fail loudly instead of loading incomplete rows.
STATEMENT_COLUMNS = (
    "id",
    "delegation_id",
    "on_behalf_of_id",
    "session_id",
    "agenda_item",
    "speaker",
    "delivered_on",
    "language",
    "title",
    "text",
    "source_url",
    "document",
    "created_by_id",
    "created_at",
    "updated_at",
    "withdrawn_at",
    "version",
)
STANCE_COLUMNS = (
    "id",
    "delegation_id",
    "provision_id",
    "statement_id",
    "session_id",
    "position",
    "stated_on",
    "evidence",
    "evidence_start",
    "evidence_end",
    "note",
    "origin",
    "status",
    "confidence",
    "cue",
    "created_by_id",
    "reviewed_by_id",
    "reviewed_at",
    "created_at",
    "updated_at",
    "version",
)
HISTORY_COLUMNS = ("history_id", "history_date", "history_change_reason", "history_type")

# The four positions from most to least favourable: a shift moves one step along this scale.
SCALE = (
    Position.SUPPORT.value,
    Position.QUALIFIED.value,
    Position.NEUTRAL.value,
    Position.OPPOSE.value,
)

# (sentence, cue) per position; {p} is the provision as it reads in a sentence.
TEMPLATES = {
    "support": (
        ("We support {p} as currently drafted.", "We support"),
        ("Our delegation welcomes {p} and can accept the text before us.", "welcomes"),
        ("We are pleased to endorse {p} and ask that it be retained.", "endorse"),
        ("{p} enjoys our full support.", "full support"),
    ),
    "qualified": (
        ("We could accept {p}, provided that adequate safeguards are included.", "provided that"),
        ("We are flexible on {p} but would prefer narrower language.", "flexible"),
        ("We can go along with {p} if the scope is clarified.", "can go along with"),
    ),
    "neutral": (
        ("On {p}, we remain open and will listen carefully to other delegations.", "remain open"),
        ("We take note of the proposals on {p} and reserve our position.", "reserve our position"),
        ("We are still studying {p} with our capital.", "still studying"),
    ),
    "oppose": (
        ("We cannot accept {p} and request its deletion.", "cannot accept"),
        ("We have serious concerns about {p} and oppose its inclusion.", "oppose"),
        ("{p} goes too far and should be removed from the draft.", "should be removed"),
    ),
}
FILLERS = (
    "We thank the Secretariat for its excellent work.",
    "Allow me to recall the importance of consensus in this process.",
    "We have listened carefully to the interventions made so far.",
    "These comments are without prejudice to our final position on the package.",
    "We stand ready to engage constructively in informal consultations.",
)
AGENDA_ITEMS = (
    "General provisions",
    "Criminalization",
    "Procedural measures and law enforcement",
    "International cooperation",
    "Technical assistance",
    "Preventive measures",
    "Mechanism of implementation",
    "Final provisions",
)
TITLES = ("Mr.", "Ms.", "H.E. Mr.", "H.E. Ms.", "Dr.")
SURNAMES = (
    "Abara",
    "Bianchi",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fernandes",
    "Gupta",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kato",
    "Lopez",
    "Mensah",
    "Novak",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rahman",
    "Silva",
    "Tanaka",
)
ROLES = ("Head of Delegation", "Deputy Permanent Representative", "Legal Adviser", "Counsellor")
TOPICS = (
    "electronic evidence",
    "data retention",
    "mutual legal assistance",
    "asset recovery",
    "child protection online",
    "critical infrastructure",
    "jurisdiction",
    "human rights safeguards",
    "capacity building",
    "extradition",
    "cryptocurrency",
    "service providers",
)

STATUS_WEIGHTS = (("confirmed", 84), ("proposed", 8), ("rejected", 5), ("withdrawn", 3))
GROUP_STATEMENT_SHARE = 0.10  # statements a member delivers on behalf of its group
CLOSED_MEETING_SHARE = 0.01  # stances noted in closed meetings: no statement, no evidence
SHIFT_PROBABILITY = 0.08  # chance that a restated position moves one step
WITHDRAWN_STATEMENT_SHARE = 0.01
COPY_CHUNK = 1 << 20
SQLITE_BATCH = 5000


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


@dataclass
class _Speaker:
    id: int
    name: str
    lean: float


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

    generator = _Generator(
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
    # The current positions of every pair the load touched, in one set-based pass.
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


# --- row generation -------------------------------------------------------------------------


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(count)]


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _timestamp(day: datetime.date, seconds: int) -> str:
    """`seconds` after midnight UTC of `day`, as the database reads it (f-strings: 1M rows)."""
    if seconds >= 86400:
        day += datetime.timedelta(days=seconds // 86400)
        seconds %= 86400
    return f"{day.isoformat()} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class _Generator:
    """Builds statement and stance rows (tuples in the column orders above), oldest first."""

    def __init__(
        self,
        *,
        rng,
        delegations,
        provisions,
        sessions,
        memberships,
        first_statement_id,
        first_stance_id,
    ):
        self.rng = rng
        self.first_statement_id = first_statement_id
        self.first_stance_id = first_stance_id
        self.statement_count = 0
        self.stance_count = 0

        ranked = list(delegations)
        rng.shuffle(ranked)
        self.speakers = [_Speaker(d.pk, d.common_name, rng.gauss(0, 0.6)) for d in ranked]
        self.speaker_cum = _cumulative(_zipf_weights(len(ranked), 1.1))
        by_id = {s.id: s for s in self.speakers}
        self.groups = sorted(
            ((by_id[group_id], member_ids) for group_id, member_ids in memberships.items()),
            key=lambda item: (item[0].name, item[0].id),
        )
        self.group_cum = _cumulative(_zipf_weights(len(self.groups), 0.8))
        self.names = {s.id: s.name for s in self.speakers}

        ranked_provisions = list(provisions)
        rng.shuffle(ranked_provisions)
        weights = _zipf_weights(len(ranked_provisions), 0.9)
        self.provisions = []
        for provision, weight in zip(ranked_provisions, weights, strict=True):
            if provision.kind == Provision.Kind.CHAPTER:
                weight *= 0.2  # positions are mostly taken on articles and issues
            self.provisions.append((provision.pk, _phrase(provision), rng.gauss(0, 0.8), weight))
        self.provision_cum = _cumulative([p[3] for p in self.provisions])

        self.sessions = list(sessions)
        self.session_cum = _cumulative([rng.uniform(0.3, 1.7) for _ in self.sessions])
        self.current: dict[tuple[int, int], int] = {}

    # A position on the four-step scale for a speaker on a provision: the last one it took, with
    # an occasional one-step shift, or on first mention one drawn from both their leanings.
    def _position(self, speaker: _Speaker, provision) -> int:
        key = (speaker.id, provision[0])
        previous = self.current.get(key)
        rng = self.rng
        if previous is None:
            score = speaker.lean + provision[2] + rng.gauss(0, 0.8)
            step = 0 if score < -0.6 else 1 if score < 0.1 else 2 if score < 0.6 else 3
        elif rng.random() < SHIFT_PROBABILITY:
            step = min(3, max(0, previous + rng.choice((-1, 1))))
        else:
            step = previous
        return step

    def _pick_provisions(self, k: int) -> list:
        rng, provisions = self.rng, self.provisions
        if k >= len(provisions):
            chosen = list(range(len(provisions)))
            rng.shuffle(chosen)
            return [provisions[i] for i in chosen[:k]]
        seen: dict[int, None] = {}
        for _ in range(4):
            for index in rng.choices(
                range(len(provisions)), cum_weights=self.provision_cum, k=2 * k
            ):
                seen.setdefault(index, None)
                if len(seen) == k:
                    return [provisions[i] for i in seen]
        rest = [i for i in range(len(provisions)) if i not in seen]
        for index in rng.sample(rest, k - len(seen)):
            seen[index] = None
        return [provisions[i] for i in seen]

    def _counts(self, statements: int, total: int, cap: int) -> list[int]:
        """Stances per statement: `total` spread unevenly, none above `cap`."""
        if statements == 0:
            return []
        rng = self.rng
        cum = _cumulative([rng.uniform(0.2, 1.8) for _ in range(statements)])
        counts = [0] * statements
        for index in rng.choices(range(statements), cum_weights=cum, k=total):
            counts[index] += 1
        overflow = 0
        for index, count in enumerate(counts):
            if count > cap:
                overflow += count - cap
                counts[index] = cap
        index = 0
        while overflow:
            if counts[index] < cap:
                counts[index] += 1
                overflow -= 1
            index = (index + 1) % statements
        return counts

    def rows(self, *, statements: int, stances: int, closed: int) -> Iterator[tuple[str, tuple]]:
        """Yield ("statement", row) and ("stance", row) in chronological order."""
        rng = self.rng
        counts = self._counts(statements, stances - closed, len(self.provisions))
        events = []
        for index in range(statements):
            session = self.sessions[_pick(rng, self.session_cum)]
            offset = rng.randint(0, (session.end_date - session.start_date).days)
            day = session.start_date + datetime.timedelta(days=offset)
            delivered = rng.random() > 0.05
            events.append((day if delivered else session.start_date, 0, index, session, delivered))
        for index in range(closed):
            session = self.sessions[_pick(rng, self.session_cum)]
            events.append((session.start_date, 1, index, session, False))
        events.sort(key=lambda e: (e[0], e[1], e[2]))
        for day, kind, index, session, delivered in events:
            if kind == 0:
                yield from self._statement(day, session, delivered, counts[index])
            else:
                yield "stance", self._closed_stance(day, session)

    def _statement(self, day, session, delivered, k):
        rng = self.rng
        statement_id = self.first_statement_id + self.statement_count
        self.statement_count += 1
        on_behalf_of = None
        if self.groups and rng.random() < GROUP_STATEMENT_SHARE:
            group, member_ids = self.groups[_pick(rng, self.group_cum)]
            speaker_id = rng.choice(member_ids)
            holder, on_behalf_of = group, group.id
            subject = f"{self.names[speaker_id]} on behalf of {group.name}"
        else:
            holder = self.speakers[_pick(rng, self.speaker_cum)]
            speaker_id = holder.id
            subject = holder.name
        agenda = rng.choice(AGENDA_ITEMS)
        withdrawn = rng.random() < WITHDRAWN_STATEMENT_SHARE
        created = _timestamp(day, 17 * 3600 + rng.randrange(4 * 3600))

        parts = [
            f"Thank you, Chair. {subject} wishes to make the following remarks on {agenda.lower()}."
        ]
        length = len(parts[0])
        spans = []
        for number, provision in enumerate(self._pick_provisions(k)):
            separator = "\n\n" if number % 4 == 0 else " "
            if rng.random() < 0.3:
                filler = rng.choice(FILLERS)
                parts.append(separator + filler)
                length += len(separator) + len(filler)
                separator = " "
            step = self._position(holder, provision)
            template, cue = rng.choice(TEMPLATES[SCALE[step]])
            sentence = template.format(p=provision[1])
            sentence = sentence[0].upper() + sentence[1:]
            start = length + len(separator)
            parts.append(separator + sentence)
            length = start + len(sentence)
            spans.append((provision, step, sentence, start, cue))
        closing = "\n\nWe look forward to constructive discussions. I thank you, Chair."
        parts.append(closing)
        text = "".join(parts)

        yield (
            "statement",
            (
                statement_id,
                speaker_id,
                on_behalf_of,
                session.pk,
                f"Agenda item {AGENDA_ITEMS.index(agenda) + 3}: {agenda}",
                f"{rng.choice(TITLES)} {rng.choice(SURNAMES)}, {rng.choice(ROLES)}",
                day.isoformat() if delivered else None,
                "en",
                f"Statement by {subject} on {agenda.lower()}",
                text,
                f"https://statements.example.org/synthetic/{statement_id}"
                if rng.random() < 0.5
                else "",
                "",
                None,
                created,
                created,
                _timestamp(day, 3 * 86400) if withdrawn else None,
                1,
            ),
        )
        stated_on = day.isoformat()
        for seconds, (provision, step, sentence, start, cue) in enumerate(spans, start=60):
            status = "withdrawn" if withdrawn else _status(rng)
            if status == "rejected":
                # A wrong reading by the extractor: the delegation's position does not move.
                step = (step + rng.choice((1, 2, 3))) % 4
            else:
                self.current[(holder.id, provision[0])] = step
            extracted = status in ("proposed", "rejected") or rng.random() < 0.55
            stance_created = _timestamp(day, 17 * 3600 + 4 * 3600 + seconds)
            reviewed = (
                _timestamp(day, 2 * 86400 + rng.randrange(86400))
                if extracted and status in ("confirmed", "rejected")
                else None
            )
            yield (
                "stance",
                self._stance_row(
                    delegation_id=holder.id,
                    provision_id=provision[0],
                    statement_id=statement_id,
                    session_id=session.pk,
                    position=SCALE[step],
                    stated_on=stated_on,
                    evidence=sentence,
                    start=start,
                    note="",
                    origin="extracted" if extracted else "manual",
                    status=status,
                    confidence=round(rng.uniform(0.55, 0.99), 2) if extracted else None,
                    cue=cue if extracted else "",
                    reviewed_at=reviewed,
                    created_at=stance_created,
                ),
            )

    def _closed_stance(self, day, session):
        rng = self.rng
        speaker = self.speakers[_pick(rng, self.speaker_cum)]
        provision = self.provisions[_pick(rng, self.provision_cum)]
        step = self._position(speaker, provision)
        self.current[(speaker.id, provision[0])] = step
        return self._stance_row(
            delegation_id=speaker.id,
            provision_id=provision[0],
            statement_id=None,
            session_id=session.pk,
            position=SCALE[step],
            stated_on=day.isoformat(),
            evidence="",
            start=None,
            note="Position noted in informal consultations; no published text.",
            origin="manual",
            status="confirmed",
            confidence=None,
            cue="",
            reviewed_at=None,
            created_at=_timestamp(day, 20 * 3600 + rng.randrange(3600)),
        )

    def _stance_row(self, *, evidence, start, reviewed_at, created_at, **values):
        stance_id = self.first_stance_id + self.stance_count
        self.stance_count += 1
        return (
            stance_id,
            values["delegation_id"],
            values["provision_id"],
            values["statement_id"],
            values["session_id"],
            values["position"],
            values["stated_on"],
            evidence,
            start,
            None if start is None else start + len(evidence),
            values["note"],
            values["origin"],
            values["status"],
            values["confidence"],
            values["cue"],
            None,
            None,
            reviewed_at,
            created_at,
            reviewed_at or created_at,
            1,
        )


def _phrase(provision: Provision) -> str:
    if provision.kind == Provision.Kind.ARTICLE:
        return f"article {provision.number} on {provision.title.lower()}"
    if provision.kind == Provision.Kind.CHAPTER:
        return f"chapter {provision.number} on {provision.title.lower()}"
    return f"the question of {provision.title.lower()}"


def _pick(rng: random.Random, cum_weights: list[float]) -> int:
    return rng.choices(range(len(cum_weights)), cum_weights=cum_weights)[0]


_STATUS_NAMES = [name for name, _ in STATUS_WEIGHTS]
_STATUS_CUM = _cumulative([float(weight) for _, weight in STATUS_WEIGHTS])


def _status(rng: random.Random) -> str:
    return rng.choices(_STATUS_NAMES, cum_weights=_STATUS_CUM)[0]


# --- writing --------------------------------------------------------------------------------


def _copy_escape(value: str) -> str:
    # COPY's text format: backslash, tab, newline and carriage return are escaped.
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _copy_line(row: tuple) -> bytes:
    return (
        "\t".join(
            [
                "\\N"
                if value is None
                else _copy_escape(value)
                if value.__class__ is str
                else str(value)
                for value in row
            ]
        )
        + "\n"
    ).encode()


def _load_postgresql(rows, *, bar, drop_indexes: bool, timings: dict) -> list[str]:
    """Spool the rows to two temporary files (COPY takes one table at a time), then COPY them.

    Returns the SQL that recreates what was dropped for the load (nothing unless `drop_indexes`).
    """
    with (
        tempfile.TemporaryFile() as statements_file,
        tempfile.TemporaryFile() as stances_file,
        connection.cursor() as cursor,
    ):
        phase = time.perf_counter()
        files = {"statement": statements_file, "stance": stances_file}
        pending = 0
        for table, row in rows:
            files[table].write(_copy_line(row))
            pending += 1
            if pending == 10000:
                bar.update(pending)
                pending = 0
        bar.update(pending)
        bar.close()
        timings["generate"] = time.perf_counter() - phase

        phase = time.perf_counter()
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        recreate = _pg_drop_secondary(cursor) if drop_indexes else []
        timings["drop_indexes"] = time.perf_counter() - phase
        for model, spool in ((Statement, statements_file), (Stance, stances_file)):
            phase = time.perf_counter()
            columns = STATEMENT_COLUMNS if model is Statement else STANCE_COLUMNS
            spool.seek(0)
            sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                while chunk := spool.read(COPY_CHUNK):
                    copy.write(chunk)
            timings[f"copy_{model._meta.model_name}s"] = time.perf_counter() - phase
    return recreate


def _load_batches(rows, *, bar, timings: dict) -> None:
    phase = time.perf_counter()
    sql = {
        model: f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
        for model, columns in ((Statement, STATEMENT_COLUMNS), (Stance, STANCE_COLUMNS))
    }
    batches: dict = {"statement": [], "stance": []}
    with connection.cursor() as cursor:

        def flush():
            # Statements first: their stances point at them.
            for table, model in (("statement", Statement), ("stance", Stance)):
                if batches[table]:
                    cursor.executemany(sql[model], batches[table])
                    bar.update(len(batches[table]))
                    batches[table] = []

        for table, row in rows:
            batches[table].append(row)
            if len(batches["stance"]) >= SQLITE_BATCH:
                flush()
        flush()
    bar.close()
    timings["generate_and_insert"] = time.perf_counter() - phase


def _history_insert(model, *, first_id: int, count: int) -> None:
    """Creation history for rows first_id .. first_id+count-1, copied by the database itself."""
    if not count:
        return
    history = model.history.model
    columns = STATEMENT_COLUMNS if model is Statement else STANCE_COLUMNS
    base = history.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} "
            f"({', '.join(HISTORY_COLUMNS + columns)}, history_user_id) "
            f"SELECT %s + id, created_at, %s, '+', {', '.join(columns)}, NULL "
            f"FROM {model._meta.db_table} WHERE id >= %s AND id < %s ORDER BY id",
            [base - first_id + 1, HISTORY_REASON, first_id, first_id + count],
        )


LOADED_TABLES = (
    "positions_statement",
    "positions_stance",
    "positions_historicalstatement",
    "positions_historicalstance",
)


def _pg_drop_secondary(cursor) -> list[str]:
    """Drop the foreign keys and the indexes not backing a primary key or unique constraint on
    the loaded tables; return the SQL that recreates them (indexes first, then foreign keys)."""
    tables = list(LOADED_TABLES)
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        [tables],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
        [tables],
    )
    indexes = cursor.fetchall()
    # Deferred checks pending from the reference rows created above would block the ALTER.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, name, _ in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in foreign_keys
    ]


def _pg_finish(*, timings: dict, recreate: list[str] | None) -> None:
    with connection.cursor() as cursor:
        if recreate:
            phase = time.perf_counter()
            cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
            for sql in recreate:
                cursor.execute(sql)
            timings["recreate_indexes"] = time.perf_counter() - phase
        phase = time.perf_counter()
        for table in LOADED_TABLES:
            cursor.execute(f"ANALYZE {table}")
        timings["analyze"] = time.perf_counter() - phase


def _reset_sequences() -> None:
    models = [Statement, Stance, Statement.history.model, Stance.history.model]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def synthetic_vacuum() -> float:
    """VACUUM (ANALYZE) the loaded tables on PostgreSQL, outside any transaction; seconds taken.

    Sets the visibility map after a bulk load, so index-only scans need no heap visits and the
    first page views do not pay for setting hint bits on a million fresh rows.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 0.0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(LOADED_TABLES)}")
    return time.perf_counter() - started


def _check_columns() -> None:
    for model, columns in ((Statement, STATEMENT_COLUMNS), (Stance, STANCE_COLUMNS)):
        expected = {f.column for f in model._meta.concrete_fields}
        history = {f.column for f in model.history.model._meta.concrete_fields}
        if set(columns) != expected or history != expected | set(HISTORY_COLUMNS) | {
            "history_user_id"
        }:
            raise RuntimeError(
                f"positions/synthetic.py does not know every column of {model.__name__}: "
                f"update {model.__name__.upper()}_COLUMNS."
            )


def content_digest() -> str:
    """A digest of every statement and stance, with natural keys instead of surrogate ids."""
    digest = hashlib.sha256()
    for row in Statement.objects.order_by("pk").values_list(
        "delegation__code",
        "on_behalf_of__code",
        "session__code",
        "delivered_on",
        "title",
        "text",
        "speaker",
        "created_at",
        "withdrawn_at",
    ):
        digest.update(repr(row).encode())
    for row in Stance.objects.order_by("pk").values_list(
        "delegation__code",
        "provision__slug",
        "statement__title",
        "statement__created_at",
        "session__code",
        "position",
        "stated_on",
        "evidence",
        "evidence_start",
        "status",
        "origin",
        "confidence",
        "cue",
        "created_at",
        "reviewed_at",
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()
