"""train_extractor --from-reviews: reviewed proposals as labels, the most recent held out, new
heads scored next to the active ones, activated only when not worse."""

import io

import pytest
from django.core.management import call_command

from extraction.learned.training import LabelledSet
from positions.learning import format_training, review_labels
from positions.management.commands import train_extractor
from positions.models import ExtractorModel, Stance
from positions.services import (
    extractor_model_train,
    stance_accept,
    stance_create,
    stance_reject,
    stance_revise_and_accept,
)
from provisions.models import Provision
from tests.learning_helpers import PROBE, QUALIFIED, activate_tiny_heads, tiny_set
from tests.review_helpers import NAMED_TEXT, make_statement

pytestmark = pytest.mark.django_db

COOPERATION = "international-cooperation"


def review_as_qualified(statement, user):
    """The reviewer reads the cooperation passage as qualified support: corrects the proposal
    (or accepts it when it says so already, or logs it by hand when nothing was proposed) and
    rejects the other proposals."""
    found = False
    for stance in statement.stances.proposed().select_related("provision"):
        version = stance.version
        if stance.provision.slug != COOPERATION:
            stance_reject(stance=stance, user=user, expected_version=version)
        elif stance.position == "qualified":
            stance_accept(stance=stance, user=user, expected_version=version)
            found = True
        else:
            stance_revise_and_accept(
                stance=stance,
                user=user,
                expected_version=version,
                position="qualified",
                provision=stance.provision,
                evidence=stance.evidence,
            )
            found = True
    if not found:
        stance_create(
            delegation=statement.delegation,
            statement=statement,
            provision=Provision.objects.get(slug=COOPERATION),
            position="qualified",
            evidence=statement.text,
            created_by=user,
        )


@pytest.fixture
def reviewed(admin_user):
    """The tiny heads active; four statements proposed on, then reviewed as qualified."""
    activate_tiny_heads()
    statements = [
        make_statement("JPN", text=text, title=f"Q{i}") for i, text in enumerate(QUALIFIED)
    ]
    for statement in statements:
        review_as_qualified(statement, admin_user)
    return statements


def decided_proposals() -> tuple[int, int]:
    """(revised, accepted): confirmed proposals whose position or provision the reviewer
    changed, and those confirmed as proposed."""
    confirmed = Stance.objects.filter(origin="extracted", status="confirmed")
    revised = sum(
        s.position != (s.proposed_position or s.position)
        or s.provision_id != (s.proposed_provision_id or s.provision_id)
        for s in confirmed
    )
    return revised, confirmed.count() - revised


def cooperation_on_probe():
    statement = make_statement("JPN", text=PROBE, title="Probe")
    return statement.stances.get(provision__slug=COOPERATION)


def test_reviews_become_labels_and_the_most_recent_are_held_out(admin_user):
    first = make_statement("JPN", title="first")
    pending = make_statement("JPN", title="pending")
    last = make_statement("JPN", title="last")
    for statement in (first, last):
        stances = list(statement.stances.proposed().order_by("pk"))
        stance_reject(stance=stances[0], user=admin_user, expected_version=stances[0].version)
        for stance in stances[1:]:
            stance_accept(stance=stance, user=admin_user, expected_version=stance.version)

    labels = review_labels(holdout=0.2)

    held = set(labels.held_out.texts)
    trained = set(labels.train.texts)
    assert held == {f"statement-{last.pk}.txt"}  # the most recent decisions, never trained on
    assert f"statement-{first.pk}.txt" in trained
    assert f"statement-{pending.pk}.txt" not in trained | held  # still awaiting review
    assert labels.rejected == 2
    accepted = Stance.objects.filter(statement__in=[first, last], status="confirmed").count()
    assert labels.accepted == accepted
    issues = set(Provision.objects.filter(kind="issue").values_list("slug", flat=True))
    records = [r for r in labels.train.records if r["statement"] == f"statement-{first.pk}.txt"]
    rejected = Stance.objects.get(statement=first, status="rejected").provision.slug
    assert records and all(r["provision"] in issues for r in records)
    assert rejected not in {r["provision"] for r in records}  # a negative: no record


def test_decisions_on_articles_are_labels_for_their_issues(admin_user):
    """The heads propose issues: a reviewed proposal for a named article teaches them its issue
    (the one the proposal noted), as a hand-logged stance on an article linked to one issue
    does; an article linked to several issues teaches none, and the issue's own decision wins."""
    named = make_statement("JPN", text=NAMED_TEXT, title="named")
    article = named.stances.proposed().get(provision__slug="art-39")
    assert "(also transfer-of-proceedings)" in article.cue
    assert not named.stances.filter(provision__slug="transfer-of-proceedings").exists()
    stance_revise_and_accept(
        stance=article,
        user=admin_user,
        expected_version=article.version,
        position="qualified",
        provision=article.provision,
        evidence=article.evidence,
    )
    for stance in named.stances.proposed():
        stance_accept(stance=stance, user=admin_user, expected_version=stance.version)
    logged = make_statement("JPN", text="Japan supports article 37 on extradition.", title="l")
    for stance in logged.stances.proposed():
        stance_reject(stance=stance, user=admin_user, expected_version=stance.version)
    for slug, position in (("art-37", "support"), ("art-14", "oppose"), ("extradition", "neutral")):
        stance_create(
            delegation=logged.delegation,
            statement=logged,
            provision=Provision.objects.get(slug=slug),
            position=position,
            evidence=logged.text,
            created_by=admin_user,
        )

    labels = review_labels(holdout=0.0)

    def records(statement):
        return {
            r["provision"]: r["stance"]
            for r in labels.train.records
            if r["statement"] == f"statement-{statement.pk}.txt"
        }

    assert records(named)["transfer-of-proceedings"] == "qualified"  # the reviewer's reading
    assert "art-39" not in records(named)  # issues only
    # art-37 is linked to extradition alone, but the issue's own stance wins; art-14 is linked
    # to three issues: which one the position is on is not known.
    assert records(logged) == {"extradition": "neutral"}


def test_learning_from_reviews_changes_the_proposal_it_should(reviewed):
    before = cooperation_on_probe()
    assert before.position == "support"

    result = extractor_model_train(sets=[tiny_set()], yardstick=[], holdout=0.0, force=True)

    assert result.activated and result.model.active
    labels = result.labels
    assert (labels.revised, labels.accepted) == decided_proposals()
    assert labels.revised >= 1  # a correction to learn from
    # One logged here, the rest by the seed statements' authors: all with their evidence.
    logged = Stance.objects.filter(origin="manual", status="confirmed").exclude(evidence="")
    assert labels.logged == logged.count() >= 1
    after = cooperation_on_probe()
    assert after.position == "qualified"
    assert after.extractor_model == result.model


def test_training_from_reviews_is_deterministic_byte_for_byte(reviewed):
    first = extractor_model_train(sets=[tiny_set()], yardstick=[], holdout=0.0, force=True)
    second = extractor_model_train(sets=[tiny_set()], yardstick=[], holdout=0.0, force=True)

    assert first.model.heads == second.model.heads
    assert first.model.heads_digest == second.model.heads_digest
    assert first.model.version + 1 == second.model.version


def _support_yardstick() -> LabelledSet:
    """A labelled set, not trained on, that calls the probe's passage plain support."""
    return LabelledSet(
        "support-yardstick",
        [{"statement": "p.txt", "provision": COOPERATION, "stance": "support", "evidence": PROBE}],
        {"p.txt": PROBE},
        header=False,
    )


def test_worse_heads_are_recorded_but_not_activated_unless_forced(reviewed):
    # A yardstick that calls the probe's passage plain support: the reviews make it worse.
    yardstick = _support_yardstick()
    active = ExtractorModel.objects.active().get()

    refused = extractor_model_train(sets=[tiny_set()], yardstick=[yardstick], holdout=0.0)

    assert not refused.activated
    assert refused.new_scores["all"]["strict_f1"] < refused.active_scores["all"]["strict_f1"]
    assert ExtractorModel.objects.active().get() == active
    forced = extractor_model_train(
        sets=[tiny_set()], yardstick=[yardstick], holdout=0.0, force=True
    )
    assert forced.activated and ExtractorModel.objects.active().get() == forced.model


def test_only_the_sets_not_trained_on_decide_the_activation(reviewed):
    """The training set is scored as a record, but a fit to it is no evidence: with the set the
    heads were trained on in the yardstick too, the set they were not trained on decides."""
    unseen = _support_yardstick()
    active = ExtractorModel.objects.active().get()

    refused = extractor_model_train(sets=[tiny_set()], yardstick=[tiny_set(), unseen], holdout=0.0)

    assert refused.unseen == ("support-yardstick",)
    assert not refused.activated and ExtractorModel.objects.active().get() == active
    assert refused.new_scores["unseen"] == refused.new_scores["support-yardstick"] | {
        "statements": 1
    }
    assert refused.new_scores["tiny"]["strict_f1"] >= refused.active_scores["tiny"]["strict_f1"]
    assert "not trained on" in format_training(refused)


def test_command_prints_both_heads_scores_and_records_a_version(reviewed, monkeypatch, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setattr(train_extractor, "CORPUS", corpus)
    monkeypatch.setattr(train_extractor, "golden_cases_set", tiny_set)
    heads_file = tmp_path / "heads.json"
    out = io.StringIO()

    call_command(
        "train_extractor",
        "--from-reviews",
        "--corpus-only",
        "--holdout=0.25",
        f"--shared={tmp_path}",
        f"--output={heads_file}",
        stdout=out,
    )

    text = out.getvalue()
    revised = decided_proposals()[0]
    assert revised >= 1 and f"{revised} revised" in text and "held out" in text
    assert "reviews-held-out" in text and "tiny" in text and "all" in text
    assert "active -> new" in text
    assert ExtractorModel.objects.count() == 2
    assert not heads_file.exists()  # a version row, not the repository's file
