from django.conf import settings

from positions.models import Stance, Statement
from positions.services import seed_load

SEEDS = settings.BASE_DIR / "fixtures" / "seeds.json"


def test_seeds_load_two_statements_and_22_confirmed_stances(db):
    assert Statement.objects.count() == 2
    assert Stance.objects.confirmed().count() == 22
    assert set(Stance.objects.values_list("delegation__code", flat=True)) == {"JPN"}
    assert set(Statement.objects.values_list("session__code", flat=True)) == {"AHC-1", "CCPCJ-24"}


def test_second_seed_load_changes_nothing(db):
    history_before = (Statement.history.count(), Stance.history.count())
    result = seed_load(path=SEEDS)
    assert (result.statements_created, result.stances_created) == (0, 0)
    assert Statement.objects.count() == 2
    assert Stance.objects.count() == 22
    assert (Statement.history.count(), Stance.history.count()) == history_before


def test_every_seed_stance_evidence_is_found_at_its_offsets(db):
    for stance in Stance.objects.select_related("statement"):
        assert stance.evidence
        assert stance.statement.text[stance.evidence_start : stance.evidence_end] == stance.evidence


def test_second_seed_statement_stops_before_the_unrelated_news_item(db):
    statement = Statement.objects.get(session__code="CCPCJ-24")
    assert statement.delivered_on.isoformat() == "2015-05-21"
    assert "Export Control Workshop" not in statement.text
    assert statement.text.rstrip().endswith(
        "by supporting technical assistance activities to this end."
    )


def test_seed_stances_read_as_sentences(db):
    stance = Stance.objects.get(provision__slug="transfer-of-proceedings")
    assert str(stance) == "Japan opposes Transfer of criminal proceedings"
    assert stance.session.code == "AHC-1"


def test_current_returns_the_latest_stance_per_provision(db):
    current = Stance.objects.current()
    assert current.count() == 18
    new_instrument = current.get(provision__slug="new-instrument")
    # 2022 (AHC-1, support) supersedes 2015 (CCPCJ-24, oppose); the 2015 stance stays on record.
    assert new_instrument.position == "support"
    assert Stance.objects.filter(provision__slug="new-instrument").count() == 2


def test_seed_fixture_matches_the_shared_files(shared_dir):
    from provisions.reference import build_seeds

    rebuilt = build_seeds(shared_dir / "seeds", shared_dir / "eval" / "seeds-gold.jsonl")
    import json

    committed = json.loads(SEEDS.read_text(encoding="utf-8"))
    assert rebuilt["stances"] == committed["stances"]
    assert [s["text"] for s in rebuilt["statements"]] == [
        s["text"] for s in committed["statements"]
    ]


def test_loading_keeps_a_snapshot_day_for_every_session_with_its_positions(db):
    # The reference data arrives after the migrations: load_seed_data keeps a day for each
    # session's last day, so positions "as of" a session are read from the kept snapshots.
    from positions.models import CurrentStance, PositionSnapshot, SnapshotDay
    from provisions.models import Session

    days = set(Session.objects.values_list("end_date", flat=True))
    assert days
    assert set(SnapshotDay.objects.values_list("day", flat=True)) == days
    last_day = max(days)
    # Every seed stance was stated before the last session ended: that day's positions are
    # the current ones (one per delegation and provision).
    assert PositionSnapshot.objects.filter(day=last_day).count() == CurrentStance.objects.count()
    assert CurrentStance.objects.count() > 0


def test_snapshot_days_sync_rebuilds_only_when_the_sessions_days_changed(db):
    from positions.models import PositionSnapshot, SnapshotDay
    from positions.services import snapshot_days_sync

    assert snapshot_days_sync() is False
    SnapshotDay.objects.all().delete()
    PositionSnapshot.objects.all().delete()
    assert snapshot_days_sync() is True
    assert SnapshotDay.objects.exists()
    assert PositionSnapshot.objects.exists()
    assert snapshot_days_sync() is False
