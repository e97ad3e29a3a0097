"""The agreement heatmap's markup, assembled in Python (200 x 200 cells through the template
engine would cost more than the whole computation)."""

from html import escape

import numpy as np
from django.utils.safestring import mark_safe

# A cell's opening tag by its colour (tenths 0-10), then the same outlined (a bloc's square).
_CELLS = [f"<td class=a{t}>" for t in range(11)] + [f'<td class="a{t} b">' for t in range(11)]


def heatmap_html(order: list[int], names: dict, scores, bloc_of: dict[int, int]) -> str:
    """Rows and columns in `order` (delegation ids); `names` maps an id to (code, name).

    A cell is `<td class=aN>`: N is the adjusted agreement in tenths (the colour). Its row
    carries the figures of its cells in column order, `data-s` the adjusted scores in percent
    and `data-n` the provisions the two share (`<tr data-s="81,50,..." data-n="5,0,...">`),
    which static/js/coalitions.js reads out on hover or focus: per cell they were two thirds of
    a 1.4 MB table. Cells of two members of the same bloc carry `b` so the blocs show as
    outlined squares on the diagonal. The cells' tags and figures are picked by numpy from
    lists of their texts (40,000 cells for 200 delegations).
    """
    index = {d: i for i, d in enumerate(scores.delegations)}
    rows = [index[d] for d in order]
    adjusted = scores.adjusted[np.ix_(rows, rows)]
    shared = scores.shared[np.ix_(rows, rows)]
    percent = np.rint(adjusted * 100).astype(int)
    tenths = np.rint(adjusted * 10).astype(int)
    blocs = np.array([bloc_of.get(d, -1 - i) for i, d in enumerate(order)])
    # Index into _CELLS: the colour, plus 11 where row and column are in the same bloc.
    tags = np.array(_CELLS, dtype=object)[tenths + 11 * (blocs[:, None] == blocs[None, :])]
    # The figures as text, looked up the same way (str() per figure cost more than the rest).
    numerals = np.array([str(n) for n in range(max(101, int(shared.max(initial=0)) + 1))], object)
    percent, shared = numerals[percent], numerals[shared]
    head = ["<tr><th class=corner scope=col>Delegation</th>"]
    for d in order:
        code, name = names[d]
        head.append(
            f'<th scope=col class=ch title="{escape(name)}"><span>{escape(code)}</span></th>'
        )
    head.append("</tr>")
    body = []
    for i, d in enumerate(order):
        code, name = names[d]
        bloc = bloc_of.get(d)
        mark = f" <span class=bloc-tag>B{bloc + 1}</span>" if bloc is not None else ""
        body.append(
            f'<tr data-s="{",".join(percent[i].tolist())}" '
            f'data-n="{",".join(shared[i].tolist())}">'
            f'<th scope=row title="{escape(name)}">{escape(code)}{mark}</th>'
            f"{''.join(tags[i].tolist())}</tr>\n"
        )
    return mark_safe("".join(head)), mark_safe("".join(body))  # noqa: S308 (escaped above)
