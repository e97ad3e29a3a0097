"""Stance extraction: pure Python over strings and frozen dataclasses (no Django, no I/O).

The service hands in the provisions with their keywords (``ProvisionSpec``) and turns the
``Candidate`` list into stance rows::

    extractor = Extractor(provisions)        # compile once
    candidates = extractor.extract(body)     # one candidate per provision, sorted by start
"""

from .extractor import Extractor, extract
from .speaker import detect_delegation, normalise_name, split_header
from .spec import POSITIONS, Candidate, ProvisionSpec

__all__ = [
    "POSITIONS",
    "Candidate",
    "Extractor",
    "ProvisionSpec",
    "detect_delegation",
    "extract",
    "normalise_name",
    "split_header",
]
