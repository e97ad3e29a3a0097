"""A word-level diff of two texts, for the history of a statement's text.

`word_diff()` says what changed as a list of segments: unchanged words (long unchanged runs cut to
a few words of context on each side of a change, the rest shown as a gap), deleted words and
inserted words. Whitespace is kept, so the segments of one side join back into that side's text.
`diff_html()` renders the segments with `<del>` and `<ins>`. Pure Python apart from escaping.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words, runs of whitespace, and single punctuation marks: "Article 3," -> Article, " ", 3, ","
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)

Kind = Literal["equal", "delete", "insert", "gap"]


@dataclass(frozen=True)
class Segment:
    """A piece of the diff: text both sides share, only the old one has, only the new one has,
    or a gap standing for unchanged text left out (`text` is what was left out)."""

    kind: Kind
    text: str


def tokenize(text: str) -> list[str]:
    """Split into words, whitespace and punctuation; `"".join(tokenize(t)) == t`."""
    return _TOKEN.findall(text)


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if _is_word(token))


def _trim(tokens: list[str], context: int, *, keep: Literal["start", "end", "both"]):
    """Cut an unchanged run to `context` words at the kept end(s); return (head, gap, tail).

    The run is kept whole unless the gap would leave out at least `context` words.
    """
    needed = 2 * context if keep == "both" else context
    if _words(tokens) < needed + max(context, 1):
        return tokens, [], []

    def take(seq):
        """Tokens up to and including the `context`-th word (punctuation rides along)."""
        out, seen = [], 0
        for token in seq:
            if _is_word(token):
                if seen == context:
                    break
                seen += 1
            out.append(token)
        return out

    head = take(tokens) if keep in ("start", "both") else []
    tail = list(reversed(take(reversed(tokens)))) if keep in ("end", "both") else []
    # The tail starts at a word, not at the whitespace before it.
    while tail and tail[0].isspace():
        tail.pop(0)
    gap = tokens[len(head) : len(tokens) - len(tail)]
    return head, gap, tail


def word_diff(before: str, after: str, *, context: int = 8) -> list[Segment]:
    """The changes from `before` to `after`, word by word, with `context` words around each.

    Equal texts give `[]`. Unchanged text between two changes is kept whole when it is short
    (up to twice `context` words) and otherwise cut into context, a gap, and context.
    """
    if before == after:
        return []
    old, new = tokenize(before), tokenize(after)
    # Long statements usually change in a few places: match the shared start and end directly,
    # so the matcher (quadratic at worst) only sees the middle.
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_mid, new_mid = old[start : len(old) - end], new[start : len(new) - end]

    raw: list[tuple[Kind, list[str]]] = [("equal", old[:start])]
    matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(("equal", old_mid[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            raw.append(("delete", old_mid[i1:i2]))
        if tag in ("insert", "replace"):
            raw.append(("insert", new_mid[j1:j2]))
    raw.append(("equal", old[len(old) - end :]))

    segments: list[Segment] = []
    last = len(raw) - 1
    for index, (kind, tokens) in enumerate(raw):
        if not tokens:
            continue
        if kind != "equal":
            segments.append(Segment(kind, "".join(tokens)))
            continue
        keep = "end" if index == 0 else "start" if index == last else "both"
        head, gap, tail = _trim(tokens, context, keep=keep)
        for piece_kind, piece in (("equal", head), ("gap", gap), ("equal", tail)):
            if piece:
                segments.append(Segment(piece_kind, "".join(piece)))
    return segments


def diff_html(segments: list[Segment]) -> SafeString:
    """The segments as HTML: `<del>` and `<ins>` for the changes, an ellipsis for each gap."""
    parts = []
    for segment in segments:
        text = escape(segment.text)
        if segment.kind == "delete":
            parts.append(f'<del class="diff-del">{text}</del>')
        elif segment.kind == "insert":
            parts.append(f'<ins class="diff-ins">{text}</ins>')
        elif segment.kind == "gap":
            words = len(segment.text.split())
            label = "1 unchanged word" if words == 1 else f"{words} unchanged words"
            parts.append(f'<span class="diff-gap">[… {label} …]</span> ')
        else:
            parts.append(text)
    return mark_safe("".join(parts))  # noqa: S308 (every text part is escaped above)
