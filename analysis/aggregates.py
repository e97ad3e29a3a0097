"""Support counts and the position matrix, computed in Python from `Stance.objects.position_grid()`.

Pure functions over plain rows (dicts), no ORM: the view runs one query and hands the rows here.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from html import escape
from itertools import chain
from operator import getitem
from urllib.parse import quote, urlencode

import numpy as np
from django.core.paginator import Page, Paginator
from django.utils.safestring import mark_safe

from positions.models import Position
from provisions.models import provision_label

POSITIONS = [Position.SUPPORT, Position.QUALIFIED, Position.NEUTRAL, Position.OPPOSE]

# Symbols so the positions read in greyscale too (as in templates/positions/_position_badge.html).
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
        _support_totals(row)
        result.append(row)
    return _support_sorted(result)


def support_rows_from_cells(
    cells, *, delegations: dict, provisions: dict, largest: int | None = None
) -> list[dict]:
    """`support_rows` from (delegation id, provision id, position) triples, with the names
    from the filter form's reference rows (`ReferenceChoices.delegation_rows` and
    `provision_rows`): the same rows, without a dict per current position from the database
    (48,769 at a million stances, most of the page's time). `largest`, when the cells are some
    of the provisions only: the most positions on one provision of them all (the bars' scale)."""
    slot = {position: i for i, position in enumerate(POSITIONS)}
    grouped: dict[int, tuple] = {}
    for delegation_id, provision_id, position in cells:
        lists = grouped.get(provision_id)
        if lists is None:
            lists = grouped[provision_id] = ([], [], [], [])
        lists[slot[position]].append(delegation_id)
    by_name = sorted(delegations, key=lambda pk: delegations[pk][1].casefold())
    rank = {pk: i for i, pk in enumerate(by_name)}.__getitem__
    result = []
    for provision_id, lists in grouped.items():
        slug, kind, number, title, sort_order = provisions[provision_id]
        row = {
            "slug": slug,
            "kind": kind,
            "label": provision_label(kind, number, title),
            "sort_order": sort_order,
            "delegations": {},
        }
        for position, ids in zip(POSITIONS, lists, strict=True):
            ids.sort(key=rank)
            row["delegations"][position] = [delegations[pk] for pk in ids]
            row[str(position)] = len(ids)
        _support_totals(row)
        result.append(row)
    return _support_sorted(result, largest)


def support_rows_from_arrays(
    delegation, provision, rank, *, delegations: dict, provisions: dict, largest: int | None = None
) -> list[dict]:
    """`support_rows_from_cells` from parallel integer arrays (numpy) of delegation ids,
    provision ids and positions (`rank`: the index in `POSITIONS`), as `position_arrays` reads
    them: the same rows, grouped by sorting the arrays (by provision, position and the
    delegation's name) rather than position by position in Python (50,000 at a million
    stances). `largest`: as for `support_rows_from_cells`."""
    if not len(delegation):
        return []
    by_name = sorted(delegations, key=lambda pk: delegations[pk][1].casefold())
    size = max(max(delegations), int(delegation.max())) + 1
    name_rank = np.zeros(size, dtype=np.int64)
    name_rank[by_name] = np.arange(len(by_name))
    order = np.lexsort((name_rank[delegation], rank, provision))
    provision, rank = provision[order], rank[order]
    named = np.empty(size, dtype=object)
    for pk, row in delegations.items():
        named[pk] = row
    names = named[delegation[order]].tolist()
    # Where a run of one provision and position starts, and where each provision's runs start.
    key = provision * len(POSITIONS) + rank
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))).tolist()
    ends = [*starts[1:], len(key)]
    result = []
    row = None
    for start, end, provision_id, position in zip(
        starts, ends, provision[starts].tolist(), rank[starts].tolist(), strict=True
    ):
        if row is None or row["id"] != provision_id:
            if row is not None:
                result.append(_support_row_done(row))
            slug, kind, number, title, sort_order = provisions[provision_id]
            row = {
                "id": provision_id,
                "slug": slug,
                "kind": kind,
                "label": provision_label(kind, number, title),
                "sort_order": sort_order,
                "delegations": {p: [] for p in POSITIONS},
            }
        row["delegations"][POSITIONS[position]] = names[start:end]
    result.append(_support_row_done(row))
    return _support_sorted(result, largest)


def _support_row_done(row: dict) -> dict:
    del row["id"]
    for position in POSITIONS:
        row[str(position)] = len(row["delegations"][position])
    _support_totals(row)
    return row


def _support_sorted(result: list[dict], largest: int | None = None) -> list[dict]:
    """The rows in the order of the text, each with its balance bar (scaled to `largest`
    positions, by default the most of these rows)."""
    result.sort(key=lambda r: (r["sort_order"], r["slug"]))
    if largest is None:
        largest = max((row["total"] for row in result), default=0)
    for row in result:
        row["bar"] = balance_bar(row, largest)
    return result


def _support_totals(row: dict) -> None:
    row["total"] = sum(row[str(p)] for p in POSITIONS)
    in_favour = row["support"] + row["qualified"]
    row["contested"] = (min(in_favour, row["oppose"]), row["total"])
    row["shares"] = [
        (position, round(100 * row[str(position)] / row["total"], 1)) for position in POSITIONS
    ]


BAR_WIDTH = 160  # pixels of the bar of the provision with the most positions


def balance_bar(row: dict, largest: int) -> dict:
    """A support row's stacked bar, scaled to counts: the provision with the most positions
    fills `BAR_WIDTH` pixels, one with a single position a sliver of it (not the whole bar).
    Segments are (position, x, width, count) in units of the bar's 0-100 view box."""
    x, segments = 0.0, []
    for position in POSITIONS:
        count = row[str(position)]
        if count:
            width = 100 * count / row["total"]
            segments.append((str(position), round(x, 2), round(width, 2), count))
            x += width
    width = BAR_WIDTH * row["total"] / largest if largest else 0
    return {"width": max(round(width, 1), 2), "segments": segments}


@dataclass
class MatrixCell:
    position: str
    symbol: str
    href: str  # the cell's link: a short route that redirects to the stances behind it
    title: str
    via: str = ""  # the group's code when the position is inferred from it


# A cell's class: one letter per position (the page carries ~50,000 of them).
CELL_CLASSES = {
    Position.SUPPORT: "s",
    Position.QUALIFIED: "q",
    Position.NEUTRAL: "n",
    Position.OPPOSE: "o",
}


def matrix_cell_path(code: str, slug: str) -> str:
    """A cell's link relative to the matrix page: `<code>/<slug>/` (see `MatrixCellView`)."""
    return f"{quote(code, safe='')}/{quote(slug, safe='')}/"


def matrix_cell_stances_url(stance_list_url: str, code: str, slug: str, params: dict) -> str:
    """The stance table filtered to exactly the stances behind a cell (where a cell redirects)."""
    query = urlencode(
        {"delegation": code, "provision": slug, "exact": 1, **params},
        doseq=True,
    )
    return f"{stance_list_url}?{query}"


@dataclass
class MatrixLine:
    """A row (delegation) or a column (provision) of the matrix."""

    key: str
    label: str
    short: str
    sort_order: int = 0
    count: int = 0
    id: int | None = None  # the delegation's or provision's primary key
    # For a row: how to make its cells when someone asks for them (the page itself only needs
    # the markup; 50,000 cell objects would cost more than the markup).
    _cell_factory: object = field(default=None, repr=False, compare=False)

    @property
    def cells(self) -> list:
        """The row's cells in column order: a MatrixCell, or None where there is no position."""
        return self._cell_factory() if self._cell_factory else []


@dataclass
class Matrix:
    rows: list[MatrixLine]
    columns: list[MatrixLine]  # the columns shown: a page of them when `columns_page` is set
    head_html: str = ""
    body_html: str = ""
    columns_page: Page | None = None  # which page of all the columns `columns` is

    @property
    def size(self) -> int:
        return sum(row.count for row in self.rows)


def matrix_build(
    cells,
    *,
    delegations: dict,
    provisions: dict,
    matrix_url: str,
    delegation_url: str,
    provision_url: str,
    link_params: dict,
    row_order="name",
    column_order="tree",
    inferred=(),
    columns_page: tuple[int, int] | None = None,
) -> Matrix:
    """Delegations x provisions, each cell the delegation's current position on the provision.

    `cells` are (delegation id, provision id, position) rows; `delegations` maps an id to
    (code, name) and `provisions` an id to (slug, kind, number, title, sort order). A cell
    links to `<matrix_url><code>/<slug>/` (plus `link_params`, the page's own filters that apply
    to stances), which redirects to the stance table filtered to that delegation and provision.
    `delegation_url` and `provision_url` are the header links with `{}` for the code or slug.

    The header row and the body are returned as markup (`head_html`, `body_html`): 50,000
    cells stay cheap only if they are assembled here, from parts escaped once per row, column
    and position, rather than in the template. A cell is `<td class=o><a href=JPN/slug/>✖</a>`
    (a relative link, unquoted attributes and an implied `</td>`: all valid HTML, and a third
    of the bytes of the long form); the names are in the row and column headers, and
    static/js/matrix.js names a cell on hover or focus.

    `inferred` are (delegation id, provision id, position, group code) rows: positions carried
    from a group (`analysis.coalitions.infer_positions`). Such a cell is outlined, not filled
    (`<td class="o i" data-via=G77>`), and links to the group's stances.

    `columns_page` (page number, columns a page): only that page of the ordered columns is
    written (`Matrix.columns_page` says which); the rows, their counts and the orderings are
    those of the whole matrix. A number past the last page gives the last.
    """
    # Positions by delegation id, then provision id (no per-cell tuples: 50,000 rows). An
    # inferred position is held as "<position>@<group code>".
    grid: dict = {}
    for delegation_id, provision_id, position in cells:
        row = grid.get(delegation_id)
        if row is None:
            row = grid[delegation_id] = {}
        row[provision_id] = position
    inferred_keys = {}
    for delegation_id, provision_id, position, via in inferred:
        key = f"{position}@{via}"
        inferred_keys[key] = (position, via)
        grid.setdefault(delegation_id, {})[provision_id] = key
    column_counts = Counter()
    rows = []
    for delegation_id, row in grid.items():
        column_counts.update(row.keys())
        code, name = delegations[delegation_id]
        rows.append(MatrixLine(key=code, label=name, short=code, count=len(row), id=delegation_id))
    columns = []
    for provision_id, count in column_counts.items():
        slug, kind, number, title, sort_order = provisions[provision_id]
        item = {"provision__kind": kind, "provision__number": number, "provision__title": title}
        columns.append(
            MatrixLine(
                key=slug,
                label=provision_label(kind, number, title),
                short=_short_label(item),
                sort_order=sort_order,
                count=count,
                id=provision_id,
            )
        )
    positions = None
    if "similarity" in (row_order, column_order):
        positions = {
            (row.key, column.key): position.partition("@")[0]
            for row in rows
            for column in columns
            if (position := grid[row.id].get(column.id)) is not None
        }
    row_list = _ordered(rows, row_order, positions, by_row=True)
    column_list = _ordered(columns, column_order, positions, by_row=False)
    page = None
    if columns_page is not None:
        number, per_page = columns_page
        page = Paginator(column_list, per_page).get_page(number)
        column_list = list(page.object_list)
    query = urlencode(link_params, doseq=True)
    query = "?" + query if query else ""
    # Unquoted attribute values may not hold "=": the href is quoted when it carries filters.
    mark = '"' if query else ""

    head = ["<tr><th class=corner scope=col>Delegation</th>"]
    # Per column, what follows the row's part of a cell, by position (None: no position).
    closings = []
    for column in column_list:
        head.append(
            f'<th scope=col class=ch><a href="{escape(provision_url.format(quote(column.key)))}"'
            f' title="{escape(column.label)} ({column.count})"><span>{escape(column.short)}'
            "</span></a></th>"
        )
        tail = escape(f"{quote(column.key, safe='')}/{query}", quote=False) + mark
        closing = {p: f"{tail}>{symbol}</a>" for p, symbol in SYMBOLS.items()}
        closing[None] = ""
        for key, (position, _) in inferred_keys.items():
            closing[key] = closing[position]
        closings.append(closing)
    head.append("</tr>")
    column_ids = [column.id for column in column_list]

    # An inferred cell links to the group's stances: its opening is the same in every row.
    inferred_openings = {
        key: f'<td class="{CELL_CLASSES[position]} i" data-via="{escape(via)}">'
        f"<a href={mark}{escape(quote(via, safe=''))}/"
        for key, (position, via) in inferred_keys.items()
    }
    body = []
    for row in row_list:
        code = quote(row.key, safe="")
        opening = {p: f"<td class={CELL_CLASSES[p]}><a href={mark}{code}/" for p in SYMBOLS}
        opening[None] = "<td>"
        opening.update(inferred_openings)
        body.append(
            f'<tr><th scope=row><a href="{escape(delegation_url.format(code))}"'
            f' title="{escape(row.label)} ({row.count})">{escape(row.label)}</a></th>'
        )
        # A row in C loops: its positions in column order, then each cell's two parts.
        cell_positions = list(map(grid[row.id].get, column_ids))
        body.extend(
            chain.from_iterable(
                zip(
                    map(opening.__getitem__, cell_positions),
                    map(getitem, closings, cell_positions),
                    strict=True,
                )
            )
        )
        body.append("</tr>\n")
        row._cell_factory = partial(_row_cells, row, column_list, grid[row.id], matrix_url, query)
    return Matrix(
        rows=row_list,
        columns=column_list,
        head_html=mark_safe("".join(head)),  # noqa: S308 (every value escaped above)
        body_html=mark_safe("".join(body)),  # noqa: S308 (every value escaped above)
        columns_page=page,
    )


def _row_cells(row, columns, row_positions: dict, matrix_url: str, query: str) -> list:
    cells = []
    for column in columns:
        position = row_positions.get(column.id)
        if position is None:
            cells.append(None)
            continue
        position, _, via = position.partition("@")
        cells.append(
            MatrixCell(
                position=position,
                symbol=SYMBOLS[position],
                href=f"{matrix_url}{matrix_cell_path(via or row.key, column.key)}{query}",
                title=f"{row.label}, {column.label}: {position}" + (f" (via {via})" if via else ""),
                via=via,
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
