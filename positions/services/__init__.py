"""Every write to statements and stances. Views, admin, commands and tests all go through these.

By subject: `statements`, `stances`, `review`, `extraction` (the extractor's proposals),
`extractor_models` (versioned learned heads),
`current` (the current-position table), `versions` (optimistic locking and conflicts), `seed`.
Importing from `positions.services` keeps working for each public name.
"""

from .current import current_stances_refresh, snapshot_days_sync, stance_pairs
from .extraction import ExtractionResult, statement_extract_stances, statements_extract_stances
from .extractor_models import (
    TrainingResult,
    extractor_model_activate,
    extractor_model_create,
    extractor_model_train,
    extractor_model_undo,
)
from .review import (
    BulkAcceptResult,
    stance_accept,
    stance_bulk_accept,
    stance_reject,
    stance_revise_and_accept,
)
from .seed import SeedLoadResult, seed_load
from .stances import (
    evidence_place,
    stance_create,
    stance_save,
    stance_stated_on,
    stance_update,
    stance_withdraw,
)
from .statements import (
    DuplicateStatementError,
    statement_create,
    statement_save,
    statement_update,
    statement_withdraw,
)
from .versions import (
    STANCE_TRACKED_FIELDS,
    STATEMENT_TRACKED_FIELDS,
    ConflictError,
    FieldChange,
    changes_since,
    claim_version,
    set_history,
)

__all__ = [
    "STANCE_TRACKED_FIELDS",
    "STATEMENT_TRACKED_FIELDS",
    "BulkAcceptResult",
    "ConflictError",
    "DuplicateStatementError",
    "ExtractionResult",
    "FieldChange",
    "SeedLoadResult",
    "TrainingResult",
    "changes_since",
    "claim_version",
    "current_stances_refresh",
    "snapshot_days_sync",
    "evidence_place",
    "extractor_model_activate",
    "extractor_model_create",
    "extractor_model_train",
    "extractor_model_undo",
    "seed_load",
    "set_history",
    "stance_accept",
    "stance_bulk_accept",
    "stance_create",
    "stance_pairs",
    "stance_reject",
    "stance_revise_and_accept",
    "stance_save",
    "stance_stated_on",
    "stance_update",
    "stance_withdraw",
    "statement_create",
    "statement_extract_stances",
    "statements_extract_stances",
    "statement_save",
    "statement_update",
    "statement_withdraw",
]
