"""The JSON API (/api/v1/): reads through the analysts' querysets and FilterSets, writes through
the pages' forms (validation, the choices a person may use) and the positions services.

Writes answer 403 exactly where the pages do (positions.permissions, positions.review_access);
edits carry the version they started from and answer 409 with what changed.
"""

from .aggregates import CurrentPositionViewSet, MatrixView, PopoloView, SupportView
from .coalitions import CoalitionView, CompareView
from .reference import DelegationViewSet, ProvisionViewSet, SessionViewSet
from .stances import StanceViewSet
from .statements import StatementViewSet

__all__ = [
    "CoalitionView",
    "CompareView",
    "CurrentPositionViewSet",
    "DelegationViewSet",
    "MatrixView",
    "PopoloView",
    "ProvisionViewSet",
    "SessionViewSet",
    "StanceViewSet",
    "StatementViewSet",
    "SupportView",
]
