"""Reads about statements that need more than a queryset: which other statements of a
delegation are near copies of a text."""

from dataclasses import dataclass

from .models import Statement
from .text_digest import NEAR_COPY_RESEMBLANCE, resemblance, text_digest, word_shingles


@dataclass(frozen=True)
class NearCopy:
    statement: Statement
    resemblance: float  # the share of three-word runs the two texts have in common
    same_words: bool  # the same words in the same order: a duplicate, not just a near copy

    @property
    def percent(self) -> int:
        return int(self.resemblance * 100)


def statement_near_copies(
    *, text: str, delegation, session=None, delivered_on=None, exclude=None
) -> list[NearCopy]:
    """The delegation's live statements whose text is nearly `text` (another version of the same
    speech: prepared and as delivered, a corrected upload), most alike first. Compared with the
    statements of the same session (`StatementQuerySet.near_copy_candidates`), in one query."""
    runs = word_shingles(text)
    if not runs or delegation is None:
        return []
    digest = text_digest(text)
    candidates = Statement.objects.near_copy_candidates(
        delegation=delegation, session=session, delivered_on=delivered_on, exclude=exclude
    ).select_related("delegation", "session")
    found = []
    for candidate in candidates:
        if candidate.text_digest == digest:
            found.append(NearCopy(candidate, 1.0, True))
            continue
        if not len(text) / 2 <= len(candidate.text) <= len(text) * 2:
            continue  # too short or too long to be this text's near copy
        alike = resemblance(runs, word_shingles(candidate.text))
        if alike >= NEAR_COPY_RESEMBLANCE:
            found.append(NearCopy(candidate, alike, False))
    found.sort(key=lambda near: (-near.resemblance, near.statement.pk))
    return found
