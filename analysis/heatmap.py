"""The agreement heatmap's markup, assembled in Python (200 x 200 cells through the template
engine would cost more than the whole computation)."""

from html import escape

import numpy as np
from django.utils.safestring import mark_safe


def heatmap_html(order: list[int], names: dict, scores, bloc_of: dict[int, int]) -> str:
    """Rows and columns in `order` (delegation ids); `names` maps an id to (code, name).

    A cell is `<td class=aN data-s=81 data-n=5>`: N is the adjusted agreement in tenths (the
    colour), `data-s` the adjusted score in percent and `data-n` the provisions the two share,
    which static/js/coalitions.js reads out on hover or focus. Cells of two members of the same
    bloc carry `b` so the blocs show as outlined squares on the diagonal.
    """
    index = {d: i for i, d in enumerate(scores.delegations)}
    rows = [index[d] for d in order]
    adjusted = scores.adjusted[np.ix_(rows, rows)]
    shared = scores.shared[np.ix_(rows, rows)]
    percent = np.rint(adjusted * 100).astype(int)
    tenths = np.rint(adjusted * 10).astype(int)
    blocs = [bloc_of.get(d, -1 - i) for i, d in enumerate(order)]
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
        cells = [f'<tr><th scope=row title="{escape(name)}">{escape(code)}{mark}</th>']
        mine = blocs[i]
        cells.extend(
            f'<td class="a{t} b" data-s={p} data-n={n}>'
            if bloc == mine
            else f"<td class=a{t} data-s={p} data-n={n}>"
            for t, p, n, bloc in zip(
                tenths[i].tolist(), percent[i].tolist(), shared[i].tolist(), blocs, strict=True
            )
        )
        cells.append("</tr>\n")
        body.append("".join(cells))
    return mark_safe("".join(head)), mark_safe("".join(body))  # noqa: S308 (escaped above)
