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
from collections.abc import Iterable
from dataclasses import dataclass

from delegations.models import Delegation, DelegationAlias
from extraction import Extractor, ProvisionSpec, detect_delegation, split_header
from extraction.spec import build_specs
from provisions.models import Negotiation, Provision


@dataclass(frozen=True)
class CompiledProvisions:
    """A compiled extractor and the provision rows its slugs stand for."""

    extractor: Extractor
    by_slug: dict[str, int]  # slug -> Provision pk
    fingerprint: str


def _provision_rows(negotiation: Negotiation | None) -> tuple[list[tuple], list[tuple[int, int]]]:
    provisions = Provision.objects.all()
    if negotiation is not None:
        provisions = provisions.filter(negotiation=negotiation)
    rows = list(
        provisions.order_by("pk").values_list(
            "pk", "slug", "kind", "title", "keywords", "number", "parent__slug"
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
    fields = ("slug", "kind", "title", "keywords", "number", "parent")
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

    Costs two small queries (the provision rows and their links) to check the fingerprint; the
    automata are rebuilt only when a slug, title, keyword, number, parent or link changed.
    """
    rows, links = _provision_rows(negotiation)
    fingerprint = _fingerprint(rows, links)
    key = negotiation.pk if negotiation is not None else None
    cached = _cache.get(key)
    if cached is not None and cached.fingerprint == fingerprint:
        return cached
    # When several negotiations share a slug (only with the fallback to all provisions), the
    # first row wins; a statement without a session is the only case that reads them all.
    by_slug: dict[str, int] = {}
    for row in rows:
        by_slug.setdefault(row[1], row[0])
    compiled = CompiledProvisions(
        extractor=Extractor(_specs(rows, links)), by_slug=by_slug, fingerprint=fingerprint
    )
    with _cache_lock:
        _cache[key] = compiled
    return compiled


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
