"""Two to six delegations side by side on every provision (plain rows in, table lines out)."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from provisions.models import provision_label

from .coalitions import SCALE, Held, infer_positions

MIN_COMPARED, MAX_COMPARED = 2, 6

# The export's columns: one row per provision and delegation, in the page's order.
EXPORT_HEADERS = [
    "provision",
    "provision_title",
    "delegation",
    "position",
    "inferred_from",
    "evidence",
    "stance_id",
    "session",
    "stated_on",
    "differs",
]


@dataclass
class CompareLine:
    slug: str
    label: str
    sort_order: int
    cells: list  # per delegation: a dict (position, evidence, ..., via) or None
    kind: str  # "differ" (two positions or more), "partial" (someone holds none), "same"
    cells_html: str = ""  # set by the view (`cells_html`)

    @property
    def spread(self) -> int:
        ranks = [SCALE[c["position"]] for c in self.cells if c]
        return max(ranks) - min(ranks)


KIND_ORDER = {"differ": 0, "partial": 1, "same": 2}

# The same markup as templates/positions/_position_badge.html, written once per position: a
# comparison of six delegations on 300 provisions would include that template 1,800 times.
BADGES = {
    "support": '<span class="badge position-support" title="Support">✔ support</span>',
    "qualified": '<span class="badge position-qualified" title="Qualified support">'
    "◐ qualified</span>",
    "neutral": '<span class="badge position-neutral" title="Neutral">○ neutral</span>',
    "oppose": '<span class="badge position-oppose" title="Oppose">✖ oppose</span>',
}
EVIDENCE_CHARS = 220


def truncated(text: str, chars: int) -> str:
    """`text` cut to `chars` characters with an ellipsis, as Django's `truncatechars` does
    (its Truncator cost half the page at 1,200 cells)."""
    return text if len(text) <= chars else text[: chars - 1] + "…"


def cells_html(line: "CompareLine", stance_url: str) -> str:
    """A line's cells as markup (`stance_url` has `{}` for the stance id): the position, "via
    G77" when inferred, the session and year, and the evidence linking to its stance."""
    parts = []
    for cell in line.cells:
        if not cell:
            parts.append('<td><span class="text-muted small">no position</span></td>')
            continue
        via = cell["via"]
        evidence = ""
        if cell["evidence"]:
            quote = escape(truncated(cell["evidence"], EVIDENCE_CHARS))
            evidence = (
                '<blockquote class="evidence-quote small mb-0"><a href="'
                f'{stance_url.format(cell["stance_id"])}" class="text-reset text-decoration-none">'
                f"{quote}</a></blockquote>"
            )
        parts.append(
            ('<td class="inferred-cell">' if via else "<td>")
            + BADGES[cell["position"]]
            + (f' <span class="inferred-mark">via {escape(via)}</span>' if via else "")
            + f' <span class="small text-muted">{escape(cell["session"])} '
            f"{cell['stated_on'].year}</span>{evidence}</td>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


def compare_lines(rows: list[dict], memberships, delegations: list[int], codes: dict) -> list:
    """Lines for `delegations` (ids, in column order): differences first (widest gap first),
    then provisions where some hold no position, then agreement; each in the order of the text.

    `rows` are position rows (`selectors.coalitions.compare_rows`) of the delegations and of
    their groups; a delegation without a position of its own holds its group's by inference
    (`via` names the group). `codes` maps a delegation id to its code.
    """
    by_pair = {(r["delegation_id"], r["provision_id"]): r for r in rows}
    own = [Held(r["delegation_id"], r["provision_id"], r["position"], r["stated_on"]) for r in rows]
    inferred = {
        (h.delegation, h.provision): h
        for h in infer_positions(own, memberships)
        if h.delegation in delegations
    }
    provisions = {}
    for r in rows:
        if r["delegation_id"] in delegations or any(
            (d, r["provision_id"]) in inferred for d in delegations
        ):
            provisions[r["provision_id"]] = r
    lines = []
    for provision_id, info in provisions.items():
        cells = []
        for d in delegations:
            row = by_pair.get((d, provision_id))
            via = None
            if row is None and (d, provision_id) in inferred:
                via = inferred[d, provision_id].via
                row = by_pair[via, provision_id]
            cells.append(
                None
                if row is None
                else {
                    "position": row["position"],
                    "evidence": row["evidence"],
                    "stance_id": row["stance_id"],
                    "session": row["session_code"] or "",
                    "stated_on": row["stated_on"],
                    "via": codes.get(via, "") if via else "",
                }
            )
        positions = {c["position"] for c in cells if c}
        kind = "differ" if len(positions) > 1 else "partial" if None in cells else "same"
        lines.append(
            CompareLine(
                slug=info["provision__slug"],
                label=provision_label(
                    info["provision__kind"], info["provision__number"], info["provision__title"]
                ),
                sort_order=info["provision__sort_order"],
                cells=cells,
                kind=kind,
            )
        )
    lines.sort(key=lambda line: (KIND_ORDER[line.kind], -line.spread, line.sort_order, line.slug))
    return lines


def export_rows(lines: list[CompareLine], delegation_codes: list[str]):
    """The export's rows (see `EXPORT_HEADERS`), one per provision and delegation."""
    for line in lines:
        for code, cell in zip(delegation_codes, line.cells, strict=True):
            cell = cell or {}
            yield [
                line.slug,
                line.label,
                code,
                cell.get("position", ""),
                cell.get("via", ""),
                cell.get("evidence", ""),
                cell.get("stance_id", ""),
                cell.get("session", ""),
                cell["stated_on"].isoformat() if cell else "",
                line.kind != "same",
            ]
