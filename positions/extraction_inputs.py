"""What the extractor needs from the database: provisions as ``ProvisionSpec``s and alias names.

The extractor itself (``extraction``) never touches the ORM; this module reads the rows
and hands it plain data. Compiling an ``Extractor`` takes far longer than running it on one
statement, so compiled extractors are cached per negotiation and keyed by a fingerprint of the
provision rows: editing a keyword in the admin changes the fingerprint and the next statement
gets a freshly compiled extractor.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

from delegations.models import Delegation, DelegationAlias
from extraction import Extractor, ProvisionSpec, detect_delegation, split_header
from extraction.learned import LearnedLayer, load_learned_layer
from extraction.learned.encoder import load_encoder
from extraction.learned.heads import Heads
from extraction.spec import build_specs
from provisions.models import Negotiation, Provision

from .models import ExtractorModel


@dataclass(frozen=True)
class CompiledProvisions:
    """A compiled extractor and the provision rows its slugs stand for."""

    extractor: Extractor
    by_slug: dict[str, int]  # slug -> Provision pk
    fingerprint: str
    model_id: int | None = None  # the ExtractorModel row whose heads it uses (None: the file's)


def _provision_rows(negotiation: Negotiation | None) -> tuple[list[tuple], list[tuple[int, int]]]:
    provisions = Provision.objects.all()
    if negotiation is not None:
        provisions = provisions.filter(negotiation=negotiation)
    rows = list(
        provisions.order_by("pk").values_list(
            "pk", "slug", "kind", "title", "keywords", "number", "parent__slug", "description"
        )
    )
    through = Provision.related.through
    links = list(
        through.objects.filter(from_provision__in=[r[0] for r in rows])
        .order_by("from_provision_id", "to_provision_id")
        .values_list("from_provision_id", "to_provision_id")
    )
    return rows, links


def _fingerprint(rows: Iterable[tuple], links: Iterable[tuple[int, int]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for row in rows:
        digest.update(repr(row).encode())
    digest.update(b"|")
    for link in links:
        digest.update(repr(link).encode())
    return digest.hexdigest()


def _specs(rows: list[tuple], links: list[tuple[int, int]]) -> tuple[ProvisionSpec, ...]:
    slug_of = {r[0]: r[1] for r in rows}
    related: dict[int, list[str]] = {}
    for source, target in links:
        if target in slug_of:
            related.setdefault(source, []).append(slug_of[target])
    fields = ("slug", "kind", "title", "keywords", "number", "parent", "description")
    return build_specs(
        {**dict(zip(fields, row[1:], strict=True)), "related": related.get(row[0], ())}
        for row in rows
    )


def provision_specs(*, negotiation: Negotiation | None = None) -> tuple[ProvisionSpec, ...]:
    """The provisions of a negotiation (all provisions when ``None``) as the extractor sees them."""
    return _specs(*_provision_rows(negotiation))


_cache: dict[int | None, CompiledProvisions] = {}
_cache_lock = threading.Lock()


def compiled_provisions(*, negotiation: Negotiation | None = None) -> CompiledProvisions:
    """A compiled extractor for a negotiation's provisions, reused while they are unchanged.

    Costs three small queries (the provision rows, their links and the active heads' row) to
    check the fingerprint; the automata are rebuilt only when a slug, title, keyword, number,
    parent or link changed, or another row of heads was activated. With no active row the
    learned layer uses the repository's heads file (``extraction/learned/heads.json``).
    """
    key = negotiation.pk if negotiation is not None else None
    pinned = getattr(_pins, "compiled", None)
    if pinned is not None and key in pinned:
        return pinned[key]
    rows, links = _provision_rows(negotiation)
    model = _active_model() if settings.EXTRACTOR_LEARNED else None
    fingerprint = _fingerprint(rows, links) + (f":{model[0]}:{model[1]}" if model else "")
    cached = _cache.get(key)
    if cached is not None and cached.fingerprint == fingerprint:
        if pinned is not None:
            pinned[key] = cached
        return cached
    # When several negotiations share a slug (only with the fallback to all provisions), the
    # first row wins; a statement without a session is the only case that reads them all.
    by_slug: dict[str, int] = {}
    for row in rows:
        by_slug.setdefault(row[1], row[0])
    specs = _specs(rows, links)
    learned = None
    if model is not None:
        heads = ExtractorModel.objects.values_list("heads", flat=True).get(pk=model[0])
        learned = LearnedLayer(Heads.from_json(heads), specs, load_encoder())
    elif settings.EXTRACTOR_LEARNED:
        learned = load_learned_layer(specs)
    compiled = CompiledProvisions(
        # One proposal per passage: reviewers decide once on an issue or the article named.
        extractor=Extractor(specs, learned=learned, one_per_passage=True),
        by_slug=by_slug,
        fingerprint=fingerprint,
        model_id=model[0] if model else None,
    )
    with _cache_lock:
        _cache[key] = compiled
    if pinned is not None:
        pinned[key] = compiled
    return compiled


_pins = threading.local()


@contextmanager
def compiled_provisions_pinned() -> Iterator[None]:
    """Within the block, `compiled_provisions` checks a negotiation's provisions the first time
    only, and then hands out the same extractor.

    For a job running the extractor over a chunk of statements: the check costs three queries
    and reads and hashes every provision of the negotiation (hundreds of rows with their
    keywords) for each statement. An edit made meanwhile reaches the next chunk.
    """
    if getattr(_pins, "compiled", None) is not None:  # already pinned by an outer block
        yield
        return
    _pins.compiled = {}
    try:
        yield
    finally:
        _pins.compiled = None


def _active_model() -> tuple[int, str] | None:
    """(pk, heads digest) of the active ExtractorModel row, if any: one small query."""
    return ExtractorModel.objects.active().values_list("pk", "heads_digest").first()


def clear_extractor_cache() -> None:
    """Forget every compiled extractor (tests use it to measure a cold start)."""
    with _cache_lock:
        _cache.clear()


def alias_names() -> dict[str, str]:
    """Alias name -> delegation code, for finding the speaker in a statement's heading.

    Bare codes are left out: "AND", "CAN" and "CHAD"-like codes are ordinary words in a heading
    ("... Agenda item 7 and ..."); a "Delegation: JPN" header line is resolved separately.
    """
    codes = set(Delegation.objects.values_list("code", flat=True))
    return {
        name: code
        for name, code in DelegationAlias.objects.values_list("name", "delegation__code")
        if name.upper() not in codes
    }


def delegation_detect(text: str) -> Delegation | None:
    """The delegation speaking in ``text``: its "Delegation:" header line, else its heading."""
    header, _body, _offset = split_header(text)
    for key, value in header.items():
        if key.strip().casefold() in {"delegation", "speaker", "country"}:
            found = Delegation.objects.get_by_name(value)
            if found is not None:
                return found
    code = detect_delegation(text, alias_names())
    return Delegation.objects.filter(code=code).first() if code else None


def speaker_names(*delegations: Delegation | None) -> tuple[str, ...]:
    """The names a statement may call its speaker by (formal and common names), so the
    extractor reads "the delegation of Cuba has ..." as the speaker, not another party."""
    names: list[str] = []
    for delegation in delegations:
        if delegation is not None:
            names += [delegation.name, delegation.common_name]
    return tuple(dict.fromkeys(n for n in names if n))


def speaker_names_by_code(codes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``speaker_names`` for delegation codes (unknown codes are left out)."""
    return {d.code: speaker_names(d) for d in Delegation.objects.filter(code__in=set(codes))}
