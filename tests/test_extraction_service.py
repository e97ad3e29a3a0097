"""statement_extract_stances: the proposals it writes and the rules for running it again."""

import pytest
from django.contrib.auth.models import User
from django.db import connection

from positions import extraction_inputs
from positions.models import Stance
from positions.services import (
    stance_accept,
    stance_create,
    stance_reject,
    statement_extract_stances,
)
from provisions.models import Provision
from tests.review_helpers import NAMED_TEXT, TEXT, make_statement

pytestmark = pytest.mark.django_db

# One proposal per passage: the issues, their articles noted (no article is named in TEXT).
EXPECTED = {
    "technical-assistance": "support",
    "transfer-of-proceedings": "oppose",
    "content-offences": "oppose",
    "safeguards-human-rights": "qualified",
}


def proposals(statement):
    return {s.provision.slug: s for s in statement.stances.proposed().select_related("provision")}


def test_extraction_writes_proposals_with_evidence_confidence_and_cue():
    statement = make_statement(extract=False)

    result = statement_extract_stances(statement=statement)

    assert (result.candidates, result.created, result.deleted) == (4, 4, 0)
    found = proposals(statement)
    assert {slug: s.position for slug, s in found.items()} == EXPECTED
    assert found["technical-assistance"].cue.endswith("(also art-54)")
    assert found["transfer-of-proceedings"].cue.endswith("(also art-39)")
    for stance in found.values():
        assert stance.origin == Stance.Origin.EXTRACTED
        assert stance.status == Stance.Status.PROPOSED
        assert stance.delegation == statement.delegation
        assert statement.text[stance.evidence_start : stance.evidence_end] == stance.evidence
        assert 0 < stance.confidence <= 1
        assert stance.cue
        assert stance.stated_on == statement.session.start_date
    assert found["transfer-of-proceedings"].evidence == (
        "We object to the transfer of criminal proceedings."
    )
    assert found["transfer-of-proceedings"].history.first().history_change_reason == (
        "Extracted automatically"
    )


def test_running_again_keeps_unchanged_proposals_as_they_are():
    statement = make_statement()
    before = {slug: (s.pk, s.version) for slug, s in proposals(statement).items()}

    result = statement_extract_stances(statement=statement)

    assert (result.created, result.updated, result.unchanged, result.deleted) == (0, 0, 4, 0)
    assert {slug: (s.pk, s.version) for slug, s in proposals(statement).items()} == before


def test_running_again_after_an_edit_replaces_only_the_proposals():
    statement = make_statement()
    statement.text = TEXT.replace("We object to the transfer", "We support the transfer").replace(
        "Human rights safeguards should apply only where domestic law provides for them.", ""
    )
    statement.save()
    old = proposals(statement)

    result = statement_extract_stances(statement=statement)

    now = proposals(statement)
    assert now["transfer-of-proceedings"].position == "support"
    assert now["transfer-of-proceedings"].pk == old["transfer-of-proceedings"].pk
    assert now["transfer-of-proceedings"].version == old["transfer-of-proceedings"].version + 1
    assert "safeguards-human-rights" not in now
    assert not Stance.objects.filter(pk=old["safeguards-human-rights"].pk).exists()
    assert result.deleted == 1
    # The deletion is on record.
    assert Stance.history.filter(id=old["safeguards-human-rights"].pk, history_type="-").exists()


def test_changed_and_stale_proposals_are_written_in_a_few_queries(
    django_assert_max_num_queries,
):
    statement = make_statement()
    # As if the extractor had changed: every stored reading differs, and one is no longer found.
    Stance.objects.filter(statement=statement).update(confidence=0.01)
    gone = statement.stances.proposed().order_by("pk").first()
    Stance.objects.filter(pk=gone.pk).update(provision=Provision.objects.get(slug="art-1"))
    versions = dict(statement.stances.values_list("pk", "version"))

    # Whatever the number of proposals, a delete, an update and an insert, each with its history
    # rows: in one statement each on PostgreSQL, two elsewhere; besides a constant number of
    # reads and the savepoint. 17: one of the reads is the active heads' row
    # (positions.extraction_inputs).
    with django_assert_max_num_queries(17) as queries:
        result = statement_extract_stances(statement=statement)

    postgresql = connection.vendor == "postgresql"
    assert len(_writes(queries.captured_queries)) == (3 if postgresql else 6)

    assert (result.created, result.updated, result.deleted) == (1, 3, 1)
    for stance in statement.stances.proposed():
        if stance.pk in versions:
            assert stance.version == versions[stance.pk] + 1 and stance.confidence > 0.01
            latest = stance.history.first()
            assert (latest.history_type, latest.history_change_reason) == (
                "~",
                "Extracted again: reading changed",
            )
            assert latest.version == stance.version
    deletion = Stance.history.get(id=gone.pk, history_type="-")
    assert deletion.history_change_reason == "Extracted again: no longer found"


def test_running_again_never_touches_confirmed_rejected_or_manual_stances():
    user = User.objects.create_user("reviewer")
    statement = make_statement()
    found = proposals(statement)
    accepted = stance_accept(
        stance=found["technical-assistance"],
        user=user,
        expected_version=found["technical-assistance"].version,
    )
    rejected = stance_reject(
        stance=found["transfer-of-proceedings"],
        user=user,
        expected_version=found["transfer-of-proceedings"].version,
    )
    found["content-offences"].delete()  # an analyst logs it by hand instead, still to check
    manual = stance_create(
        delegation=statement.delegation,
        provision=Provision.objects.get(slug="content-offences"),
        position="neutral",
        statement=statement,
        status=Stance.Status.PROPOSED,
    )

    result = statement_extract_stances(statement=statement)

    assert sorted(result.skipped) == [
        "content-offences",
        "technical-assistance",
        "transfer-of-proceedings",
    ]
    for stance, status in [(accepted, "confirmed"), (rejected, "rejected"), (manual, "proposed")]:
        fresh = Stance.objects.get(pk=stance.pk)
        assert (fresh.status, fresh.version, fresh.position) == (
            status,
            stance.version,
            stance.position,
        )
    assert set(proposals(statement)) == {
        "safeguards-human-rights",
        "content-offences",  # the manual one
    }
    assert statement.stances.filter(provision__slug="transfer-of-proceedings").count() == 1
    assert not statement.stances.filter(provision__slug="art-39").exists()


def test_offsets_point_into_the_whole_text_when_it_opens_with_a_header():
    header = "Delegation: Japan\nDate: 2022-03-01\n\n"
    statement = make_statement(text=header + TEXT)

    stance = proposals(statement)["transfer-of-proceedings"]

    assert stance.evidence_start > len(header)
    assert statement.text[stance.evidence_start : stance.evidence_end] == stance.evidence


def test_a_statement_without_session_reads_every_provision():
    statement = make_statement(session=None, extract=False)
    statement.session = None
    statement.save()

    statement_extract_stances(statement=statement)

    assert set(proposals(statement)) == set(EXPECTED)


def test_changing_the_statements_delegation_replaces_the_proposals():
    statement = make_statement()
    statement.delegation = statement.delegation.__class__.objects.get(code="CHN")
    statement.save()

    statement_extract_stances(statement=statement)

    assert set(statement.stances.values_list("delegation__code", flat=True)) == {"CHN"}


def test_compiled_extractor_is_reused_until_keywords_change():
    extraction_inputs.clear_extractor_cache()
    statement = make_statement(text="Japan welcomes the zebra clause.", extract=False)
    statement_extract_stances(statement=statement)
    first = extraction_inputs.compiled_provisions(negotiation=statement.session.negotiation)
    assert statement.stances.count() == 0
    assert extraction_inputs.compiled_provisions(negotiation=statement.session.negotiation) is first

    provision = Provision.objects.get(slug="new-instrument")
    provision.keywords += "\nzebra clause"
    provision.save()
    result = statement_extract_stances(statement=statement)

    again = extraction_inputs.compiled_provisions(negotiation=statement.session.negotiation)
    assert again is not first
    assert result.created == 1
    assert proposals(statement)["new-instrument"].position == "support"


def test_seed_statements_only_get_proposals_where_nothing_is_confirmed():
    from positions.models import Statement

    for statement in Statement.objects.all():
        confirmed = set(statement.stances.confirmed().values_list("provision_id", flat=True))
        statement_extract_stances(statement=statement)
        proposed = set(statement.stances.proposed().values_list("provision_id", flat=True))
        assert not confirmed & proposed


def test_saving_a_statement_in_the_admin_proposes_its_stances(client):
    from delegations.models import Delegation
    from positions.models import Statement
    from provisions.models import Session

    client.force_login(User.objects.create_superuser("root"))
    response = client.post(
        "/admin/positions/statement/add/",
        {
            "delegation": Delegation.objects.get(code="JPN").pk,
            "session": Session.objects.get(code="AHC-1").pk,
            "title": "Statement on the draft",
            "text": TEXT,
            "language": "en",
            "stances-TOTAL_FORMS": "0",
            "stances-INITIAL_FORMS": "0",
            "stances-MIN_NUM_FORMS": "0",
            "stances-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )

    assert response.status_code == 200
    statement = Statement.objects.get(title="Statement on the draft")
    assert set(proposals(statement)) == set(EXPECTED)
    assert "Stance extraction: 4 candidates: 4 proposed" in response.content.decode()


def test_a_named_article_is_proposed_once_noting_its_issue():
    statement = make_statement(text=NAMED_TEXT)

    found = proposals(statement)

    assert {slug: s.position for slug, s in found.items()} == {
        "technical-assistance": "support",
        "art-39": "oppose",
        "content-offences": "oppose",
        "safeguards-human-rights": "qualified",
    }
    assert found["art-39"].cue.endswith("(also transfer-of-proceedings)")
    assert found["art-39"].evidence == (
        "We object to draft article 39 on the transfer of criminal proceedings."
    )


def test_a_passage_whose_family_was_decided_is_not_proposed_again():
    """Proposed both ways before (the article and its issue): once the issue is decided, the
    article named in the same passage is not put to the reviewers again."""
    user = User.objects.create_user("reviewer")
    statement = make_statement()
    issue = proposals(statement)["transfer-of-proceedings"]
    stance_accept(stance=issue, user=user, expected_version=issue.version)
    statement.text = NAMED_TEXT
    statement.save()

    result = statement_extract_stances(statement=statement)

    assert result.skipped == ("art-39",)
    assert not statement.stances.filter(provision__slug="art-39").exists()
    assert Stance.objects.get(pk=issue.pk).status == Stance.Status.CONFIRMED


# Twenty paragraphs, each naming an article: twenty proposals against TEXT's four.
MANY_TEXT = "Mr. Chair,\n\n" + "\n\n".join(
    f"Japan {'supports' if n % 2 else 'objects to'} draft article {n}." for n in range(7, 27)
)


def _writes(queries) -> list[str]:
    """The statements that wrote (a WITH that inserts, updates or deletes counts as one)."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        or (q["sql"].startswith("WITH ") and " AS (" in q["sql"][:40])
    ]


@pytest.mark.parametrize(("text", "count"), [(TEXT, 4), (MANY_TEXT, 20)])
def test_a_statements_proposals_are_written_in_as_many_queries_whatever_their_number(
    text, count, django_assert_num_queries
):
    statement = make_statement(text=text, extract=False)
    Stance.history.filter(statement=statement).delete()

    # A savepoint and its release, the statement (locked), the extractor's check (provisions,
    # their links, the active heads), the statement's stances, and the writes: on PostgreSQL
    # one statement inserts the proposals and their history rows; elsewhere two.
    postgresql = connection.vendor == "postgresql"
    with django_assert_num_queries(8 if postgresql else 9) as queries:
        result = statement_extract_stances(statement=statement)

    assert (result.created, result.updated, result.deleted) == (count, 0, 0)
    assert len(_writes(queries.captured_queries)) == (1 if postgresql else 2)
    stances = {s.pk: s for s in statement.stances.proposed()}
    assert len(stances) == count
    # Exactly the history rows simple-history writes: one "+" per proposal, with the reason,
    # every tracked field as the proposal is.
    history = list(Stance.history.filter(statement=statement))
    assert sorted(h.id for h in history) == sorted(stances)
    for record in history:
        assert (record.history_type, record.history_change_reason) == (
            "+",
            "Extracted automatically",
        )
        assert record.history_user_id is None
        stance = stances[record.id]
        for field in Stance.history.model.tracked_fields:
            assert getattr(record, field.attname) == getattr(stance, field.attname), field.name


def test_changed_and_withdrawn_proposals_leave_one_history_row_each_as_the_row_is():
    user = User.objects.create_user("runner")
    statement = make_statement(text=MANY_TEXT)
    Stance.objects.filter(statement=statement).update(confidence=0.01)
    gone = statement.stances.proposed().order_by("pk").first()
    Stance.objects.filter(pk=gone.pk).update(provision=Provision.objects.get(slug="art-1"))
    gone.refresh_from_db()

    result = statement_extract_stances(statement=statement, user=user)

    assert (result.created, result.updated, result.deleted) == (1, 19, 1)
    tracked = Stance.history.model.tracked_fields
    for stance in statement.stances.proposed():
        latest = stance.history.order_by("-history_id").first()
        assert latest.history_user_id == user.pk
        assert latest.history_type == ("+" if stance.version == 1 else "~")
        for field in tracked:
            assert getattr(latest, field.attname) == getattr(stance, field.attname), field.name
        if latest.history_type == "~":
            assert latest.history_date == stance.updated_at
    deletion = Stance.history.get(id=gone.pk, history_type="-")
    assert (deletion.history_user_id, deletion.history_change_reason) == (
        user.pk,
        "Extracted again: no longer found",
    )
    for field in tracked:
        assert getattr(deletion, field.attname) == getattr(gone, field.attname), field.name
