"""The analysts' reads: one documented function per question a page asks.

Views call these and render what they return; they never build a query themselves. Each
selector says how many queries it runs, since every analyst page has a pinned query budget.
Chainable filters stay on the models' querysets (`Stance.objects.confirmed().current()`); a
selector is where several of them, or a hand-tuned query, answer one page's question.
"""

from .agreement import cohen_kappa, extractor_agreement
from .coalitions import (
    base_positions,
    compare_rows,
    delegation_positions_by_session,
    delegations_by_codes,
    group_divergences,
    matrix_cells_with_groups,
    member_group_positions,
    memberships,
    position_arrays,
    positions_as_of,
    provision_positions_by_session,
    provision_sessions,
    session_for_as_of,
    stances_with_inferred,
)
from .delegations import (
    delegation_group_members,
    delegation_list,
    delegation_memberships,
    delegation_position_changes,
    delegation_statements,
)
from .home import database_summary, stance_status_counts
from .positions import position_cells
from .provisions import (
    provision_get,
    provision_neighbours,
    provision_positions,
    provision_timeline,
    provision_tree,
)
from .stances import (
    ResultCount,
    current_positions,
    delegation_current_positions,
    matrix_cells,
    result_count,
    stance_table_rows,
    support_grid_rows,
)

__all__ = [
    "ResultCount",
    "cohen_kappa",
    "extractor_agreement",
    "base_positions",
    "compare_rows",
    "delegation_positions_by_session",
    "delegations_by_codes",
    "group_divergences",
    "matrix_cells_with_groups",
    "member_group_positions",
    "memberships",
    "position_arrays",
    "positions_as_of",
    "provision_positions_by_session",
    "provision_sessions",
    "session_for_as_of",
    "stances_with_inferred",
    "current_positions",
    "database_summary",
    "delegation_current_positions",
    "delegation_group_members",
    "delegation_list",
    "delegation_memberships",
    "delegation_position_changes",
    "delegation_statements",
    "matrix_cells",
    "position_cells",
    "result_count",
    "provision_get",
    "provision_neighbours",
    "provision_positions",
    "provision_timeline",
    "provision_tree",
    "stance_status_counts",
    "stance_table_rows",
    "support_grid_rows",
]
