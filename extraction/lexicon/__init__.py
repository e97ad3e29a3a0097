"""The stance extractor's lexicon: data files beside this module, read once at import.

- ``cues/*.toml``: the cue families, ``(phrase, position, strength, direction)`` rows or rows
  generated from a template and its slots (see README.md). Loaded in file-name order.
- ``words.toml``: word sets and phrase lists (negators, reporting verbs, noise phrases...);
  ``words-<lang>.toml`` (``words-es.toml``, ``words-fr.toml``): the same sets' words in another
  language the extractor reads, added to them (accents folded, as tokens are).
- ``weights.toml``: windows, factors and thresholds.

Each name in ``words.toml`` and ``weights.toml`` is exposed in upper case (``negators`` ->
``NEGATORS``, a frozenset); ``CUES`` is the tuple of every cue, in load order. What belongs to one
negotiation (its anchor words, its special issues) is a domain profile (``extraction.domain``).
"""

from __future__ import annotations

import re
import tomllib
from itertools import product
from pathlib import Path
from typing import Any

from ..text import fold

SUPPORT = "support"
OPPOSE = "oppose"
QUALIFIED = "qualified"
NEUTRAL = "neutral"
#: A negated modal ("should not", "must not"): the provision it is said of (before it) is kept
#: with a limit (qualified); a provision after it is what must not happen (oppose), unless a
#: harm word sits in between ("must not undermine human rights" supports human rights).
LIMIT = "limit"
#: "limited to": what it is said of (before) is qualified; what it names after is supported ("the
#: convention should be limited to cyber-dependent offences").
NARROW = "narrow"
#: Cancels any shorter cue it overlaps.
BLOCK = "block"
STANCES = frozenset({SUPPORT, OPPOSE, QUALIFIED, NEUTRAL})
CUE_POSITIONS = STANCES | {LIMIT, NARROW, BLOCK}

AFTER = "after"
BEFORE = "before"
ANY = "any"
DIRECTIONS = frozenset({AFTER, BEFORE, ANY})

DATA_DIR = Path(__file__).resolve().parent
_SLOT = re.compile(r"{(\w+)}")

Cue = tuple[str, str, float, str]


def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _generate(spec: dict[str, Any], lists: dict[str, list[str]]) -> list[Cue]:
    """Every combination of a template's slots, in slot order ("{head} {verb}")."""
    position, strength, direction = spec["cue"]
    names = _SLOT.findall(spec["template"])
    values = []
    for name in names:
        slot = spec["slots"][name]
        values.append(lists[slot[1:]] if isinstance(slot, str) else slot)
    return [
        (
            spec["template"].format(**dict(zip(names, combo, strict=True))),
            position,
            strength,
            direction,
        )
        for combo in product(*values)
    ]


def load_cues(
    folder: Path = DATA_DIR / "cues",
) -> tuple[tuple[Cue, ...], dict[str, frozenset[str]]]:
    """All cue families, in file-name order, and the named sets some families declare."""
    cues: list[Cue] = []
    sets: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.toml")):
        data = _read(path)
        lists = data.get("lists", {})
        for family in data.get("family", []):
            rows = [tuple(row) for row in family.get("cues", [])]
            for spec in family.get("generate", []):
                rows.extend(_generate(spec, lists))
            # Folded as tokens are ("acogemos con satisfacción" is stored without accents), so
            # the sets that name cues by phrase (``condition_leads``...) compare like with like.
            rows = [(fold(row[0]), *row[1:]) for row in rows]
            for phrase, position, strength, direction in rows:
                if position not in CUE_POSITIONS or direction not in DIRECTIONS:
                    raise ValueError(f"{path.name} {family['name']}: bad cue {phrase!r}")
                if not 0 <= strength <= 1:
                    raise ValueError(f"{path.name} {family['name']}: strength of {phrase!r}")
            if "set" in family:
                sets.setdefault(family["set"], set()).update(row[0] for row in rows)
            cues.extend(rows)  # type: ignore[arg-type]
    return tuple(dict.fromkeys(cues)), {k: frozenset(v) for k, v in sets.items()}


def _as_constant(value: Any) -> Any:
    if isinstance(value, list):
        return frozenset(tuple(v) if isinstance(v, list) else v for v in value)
    return value


def load_words(folder: Path = DATA_DIR) -> dict[str, Any]:
    """``words.toml``, with the lists of each ``words-<lang>.toml`` appended to the sets of the
    same name: one set per name whatever the language (a token is matched on its folded form,
    so a Spanish or French word is written with its accents and stored without them)."""
    words = _read(folder / "words.toml")
    for path in sorted(folder.glob("words-*.toml")):
        for name, values in _read(path).items():
            if name not in words:
                raise ValueError(f"{path.name}: {name!r} is not a set of words.toml")
            words[name] = list(words[name]) + [
                [fold(v) for v in value] if isinstance(value, list) else fold(value)
                for value in values
            ]
    return words


CUES, _cue_sets = load_cues()
_names = {**load_words(), **_read(DATA_DIR / "weights.toml"), **_cue_sets}
globals().update({name.upper(): _as_constant(value) for name, value in _names.items()})
