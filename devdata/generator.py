"""Synthetic statement and stance rows, built in memory in the models' column orders."""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from positions.text_digest import text_digest
from provisions.models import Provision

from .vocabulary import (
    AGENDA_ITEMS,
    FILLERS,
    GROUP_STATEMENT_SHARE,
    ROLES,
    SCALE,
    SHIFT_PROBABILITY,
    STATUS_WEIGHTS,
    SURNAMES,
    TEMPLATES,
    TITLES,
    WITHDRAWN_STATEMENT_SHARE,
)


@dataclass
class _Speaker:
    id: int
    name: str
    lean: float


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


class Generator:
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
                text_digest(text),
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
            None,  # proposed by the repository's heads
            values["position"] if values["origin"] == "extracted" else "",
            values["provision_id"] if values["origin"] == "extracted" else None,
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
