"""Property-based testing of the app's inputs (hypothesis): profiles, junk strategies, and a
fingerprint of what the database holds.

Profiles (seeded: `derandomize`, so a run is repeatable): `ci` (the default on PostgreSQL) tries
200 inputs per target; on SQLite, `ci-sqlite` tries 50 (CI runs the suite on both; the errors
that only a real database raises are PostgreSQL's, so it gets the long run);
`HYPOTHESIS_PROFILE=thorough` tries 1,000, and `HYPOTHESIS_EXAMPLES=N` any number.
"""

import os
import sys
from collections import Counter

from django.db.models import Count, Max, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
settings.register_profile("ci-sqlite", settings.get_profile("ci"), max_examples=50)
settings.register_profile("thorough", settings.get_profile("ci"), max_examples=1000)
_on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
_profile = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _on_postgres else "ci-sqlite")
if os.environ.get("HYPOTHESIS_EXAMPLES"):
    settings.register_profile(
        "custom",
        settings.get_profile(_profile),
        max_examples=int(os.environ["HYPOTHESIS_EXAMPLES"]),
    )
    _profile = "custom"
settings.load_profile(_profile)

# Inputs each target was given in this run (reported by `report`).
INPUTS: Counter[str] = Counter()

# Strings people and scanners type: numbers in odd forms, markup, huge and tiny values.
_TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "99999999999999999999999",
    "²",
    "³9",
    "٣",
    "1.5",
    "1e9",
    "NaN",
    "null",
    "true",
    "-",
    "..",
    "/",
    "//evil.example",
    "javascript:alert(1)",
    "foo",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "\u202e",
    "\x00",
    "a\x00b",
    "2023-02-30",
    "0000-00-00",
    "9999-12-31",
    "x" * 300,
    "é" * 5000,
]

junk = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
)


def junk_or(*valid: str):
    """Junk, or one of the `valid` values (so that the inputs also reach deeper code)."""
    return st.one_of(junk, st.sampled_from(list(valid))) if valid else junk


def query(params: dict):
    """A query dict: for each name a list of 0-3 values from its strategy."""
    return st.fixed_dictionaries(
        {}, optional={name: st.lists(strategy, max_size=3) for name, strategy in params.items()}
    )


def fingerprint() -> tuple:
    """What the writes of the app can change: rows, versions, statuses and history rows."""
    from positions.models import CurrentStance, Stance, Statement

    def summary(queryset):
        return tuple(
            sorted(queryset.aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")).items())
        )

    return (
        summary(Statement.objects.all()),
        Statement.objects.filter(withdrawn_at__isnull=False).count(),
        summary(Stance.objects.all()),
        tuple(sorted(Stance.objects.values_list("status").annotate(n=Count("pk")))),
        CurrentStance.objects.count(),
        Statement.history.count(),
        Stance.history.count(),
    )


def tick(target: str) -> None:
    """Count one input to `target`; long local runs say how far they are every 250 inputs."""
    INPUTS[target] += 1
    if not _profile.startswith("ci") and INPUTS[target] % 250 == 0:
        sys.__stderr__.write(f"fuzzing {target}: {INPUTS[target]} inputs\n")


def report(capsys, target: str) -> None:
    with capsys.disabled():
        print(f"\nfuzzed {target}: {INPUTS[target]} inputs, 0 server errors")
