"""Support counts and the position matrix, computed in Python from `Stance.objects.position_grid()`.

Pure functions over plain rows (dicts), no ORM: the view runs one query and hands the rows here.
"""

from dataclasses import dataclass, field
from functools import partial
from html import escape
from urllib.parse import quote_plus, urlencode

from django.utils.safestring import mark_safe

from .filters import provision_label
from .models import Position

POSITIONS = [Position.SUPPORT, Position.QUALIFIED, Position.NEUTRAL, Position.OPPOSE]

# Symbols so the positions read in greyscale too (the same as templates/positions/_position_badge.html).
SYMBOLS = {
    Position.SUPPORT: "✔",
    Position.QUALIFIED: "◐",
    Position.NEUTRAL: "○",
    Position.OPPOSE: "✖",
}

# How close two positions are, for the similarity ordering of the matrix: on a shared provision
# the same position scores 2, neighbours (support/qualified, qualified/neutral) 1, qualified
# against objection -1 and support against objection -2.


def support_rows(grid) -> list[dict]:
    """One dict per provision: the delegations in each position column and their counts.

    `contested` sorts provisions where both sides are large first: the smaller side (supporters,
    qualified included, against objectors), then the number of positions.
    """
    rows: dict[str, dict] = {}
    for item in grid:
        slug = item["provision__slug"]
        row = rows.get(slug)
        if row is None:
            row = rows[slug] = {
                "slug": slug,
                "kind": item["provision__kind"],
                "label": provision_label(
                    item["provision__kind"], item["provision__number"], item["provision__title"]
                ),
                "sort_order": item["provision__sort_order"],
                "delegations": {position: [] for position in POSITIONS},
            }
        row["delegations"][item["position"]].append(
            (item["delegation__code"], item["delegation__common_name"])
        )
    result = []
    for row in rows.values():
        for position in POSITIONS:
            row["delegations"][position].sort(key=lambda d: d[1].casefold())
            row[str(position)] = len(row["delegations"][position])
        row["total"] = sum(row[str(p)] for p in POSITIONS)
        in_favour = row["support"] + row["qualified"]
        row["contested"] = (min(in_favour, row["oppose"]), row["total"])
        row["shares"] = [
            (position, round(100 * row[str(position)] / row["total"], 1)) for position in POSITIONS
        ]
        result.append(row)
    result.sort(key=lambda r: (r["sort_order"], r["slug"]))
    return result


@dataclass
class MatrixCell:
    position: str
    symbol: str
    href: str
    title: str


@dataclass
class MatrixLine:
    """A row (delegation) or a column (provision) of the matrix."""

    key: str
    label: str
    short: str
    sort_order: int = 0
    count: int = 0
    cells_html: str = ""
    # For a row: how to make its cells when someone asks for them (the page itself only needs
    # `cells_html`; 50,000 cell objects would cost more than the markup).
    _cell_factory: object = field(default=None, repr=False, compare=False)

    @property
    def cells(self) -> list:
        """The row's cells in column order: a MatrixCell, or None where there is no position."""
        return self._cell_factory() if self._cell_factory else []


@dataclass
class Matrix:
    rows: list[MatrixLine]
    columns: list[MatrixLine]

    @property
    def size(self) -> int:
        return sum(row.count for row in self.rows)


def matrix_build(
    cells,
    *,
    delegations: dict,
    provisions: dict,
    stance_list_url: str,
    link_params: dict,
    row_order="name",
    column_order="tree",
) -> Matrix:
    """Delegations x provisions, each cell the delegation's current position on the provision.

    `cells` are (delegation id, provision id, position) rows; `delegations` maps an id to
    (code, name) and `provisions` an id to (slug, kind, number, title, sort order). A cell
    links to the stance table filtered to that delegation and provision (plus `link_params`,
    the page's own filters that apply to stances).
    """
    rows: dict[str, MatrixLine] = {}
    columns: dict[str, MatrixLine] = {}
    positions: dict[tuple[str, str], str] = {}
    row_keys: dict = {}
    column_keys: dict = {}
    for delegation_id, provision_id, position in cells:
        code = row_keys.get(delegation_id)
        if code is None:
            code, name = delegations[delegation_id]
            row_keys[delegation_id] = code
            rows[code] = MatrixLine(key=code, label=name, short=code)
        slug = column_keys.get(provision_id)
        if slug is None:
            slug, kind, number, title, sort_order = provisions[provision_id]
            column_keys[provision_id] = slug
            item = {"provision__kind": kind, "provision__number": number, "provision__title": title}
            columns[slug] = MatrixLine(
                key=slug,
                label=provision_label(kind, number, title),
                short=_short_label(item),
                sort_order=sort_order,
            )
        rows[code].count += 1
        columns[slug].count += 1
        positions[code, slug] = position
    row_list = _ordered(list(rows.values()), row_order, positions, by_row=True)
    column_list = _ordered(list(columns.values()), column_order, positions, by_row=False)
    extra = urlencode(link_params, doseq=True)
    extra = "&" + extra if extra else ""
    # Links and markup are assembled from parts quoted and escaped once per row and per column:
    # the cells are built here rather than in the template, so 50,000 of them stay cheap.
    # The markup of a cell is cut into pieces that depend on the position, the row or the
    # column only; each piece is quoted and escaped once, and a row is one join of them.
    opening = {p: f'<td class="position-{p}"><a href="' for p in SYMBOLS}
    column_parts = []
    for column in column_list:
        part = f"provision={quote_plus(column.key)}&exact=1{extra}"
        closing = {
            p: f', {escape(column.short)}: {p}">{symbol}</a></td>' for p, symbol in SYMBOLS.items()
        }
        column_parts.append((column.key, escape(part) + '" title="', closing))
    for row in row_list:
        row_html = escape(f"{stance_list_url}?delegation={quote_plus(row.key)}&")
        row_title = escape(row.key)
        html = []
        append = html.append
        for key, middle, closing in column_parts:
            position = positions.get((row.key, key))
            if position is None:
                append("<td></td>")
            else:
                append(opening[position] + row_html + middle + row_title + closing[position])
        row.cells_html = mark_safe("".join(html))  # noqa: S308 (every value escaped above)
        row._cell_factory = partial(_row_cells, row, column_list, positions, stance_list_url, extra)
    return Matrix(rows=row_list, columns=column_list)


def _row_cells(row, columns, positions, stance_list_url: str, extra: str) -> list:
    cells = []
    for column in columns:
        position = positions.get((row.key, column.key))
        if position is None:
            cells.append(None)
            continue
        cells.append(
            MatrixCell(
                position=position,
                symbol=SYMBOLS[position],
                href=f"{stance_list_url}?delegation={quote_plus(row.key)}&"
                f"provision={quote_plus(column.key)}&exact=1{extra}",
                title=f"{row.key}, {column.short}: {position}",
            )
        )
    return cells


def _short_label(item) -> str:
    if item["provision__kind"] == "article":
        return f"Art. {item['provision__number']}"
    if item["provision__kind"] == "chapter":
        return f"Ch. {item['provision__number']}"
    title = item["provision__title"]
    return title if len(title) <= 28 else title[:26] + "…"


def _ordered(lines, order, positions, *, by_row):
    by_name = sorted(lines, key=lambda line: line.label.casefold())
    if order == "count":
        return sorted(by_name, key=lambda line: -line.count)
    if order == "similarity":
        return similarity_order(by_name, positions, by_row=by_row)
    if order == "tree" and not by_row:
        return sorted(lines, key=lambda line: (line.sort_order, line.key))
    return by_name


def similarity_order(lines, positions, *, by_row) -> list:
    """Lines with similar positions next to each other (greedy nearest-neighbour chain).

    Start from the line with the most positions, then repeatedly append the remaining line most
    in agreement with the last one placed. Agreement is summed over shared provisions (or
    delegations, for columns) with bitsets, so 200 x 100 takes a fraction of a second.
    """
    if len(lines) < 3:
        return lines
    index = {line.key: i for i, line in enumerate(lines)}
    others: dict[str, int] = {}
    masks = [dict.fromkeys(POSITIONS, 0) for _ in lines]
    for (row_key, column_key), position in positions.items():
        own, other = (row_key, column_key) if by_row else (column_key, row_key)
        if own not in index:
            continue
        bit = others.setdefault(other, len(others))
        masks[index[own]][position] |= 1 << bit

    vectors = [tuple(mask[p] for p in POSITIONS) for mask in masks]

    def agreement(a: int, b: int) -> int:
        # A line holds one position per provision, so the ANDed masks below are disjoint and
        # each group can be counted with one popcount.
        s1, q1, n1, o1 = vectors[a]
        s2, q2, n2, o2 = vectors[b]
        same = ((s1 & s2) | (q1 & q2) | (n1 & n2) | (o1 & o2)).bit_count()
        near = ((s1 & q2) | (q1 & s2) | (q1 & n2) | (n1 & q2)).bit_count()
        opposed = ((s1 & o2) | (o1 & s2)).bit_count()
        reserved = ((q1 & o2) | (o1 & q2)).bit_count()
        return 2 * same + near - 2 * opposed - reserved

    remaining = set(range(len(lines)))
    current = max(remaining, key=lambda i: (lines[i].count, -i))
    order = [current]
    remaining.remove(current)
    while remaining:
        current = max(remaining, key=lambda i, last=current: (agreement(last, i), -i))
        order.append(current)
        remaining.remove(current)
    return [lines[i] for i in order]
