"""Versioned heads: recorded, activated, undone; proposals say which heads made them."""

import pytest
from django.urls import reverse

from positions.models import ExtractorModel
from positions.services import (
    extractor_model_activate,
    extractor_model_create,
    extractor_model_undo,
    statement_extract_stances,
)
from tests.learning_helpers import PROBE, activate_tiny_heads
from tests.review_helpers import make_statement

pytestmark = pytest.mark.django_db


def heads(n):
    return extractor_model_create(heads_json=f'{{"n": {n}}}')


def active():
    return ExtractorModel.objects.active().first()


def test_versions_count_up_and_start_inactive():
    first, second = heads(1), heads(2)

    assert (first.version, second.version) == (1, 2)
    assert not first.active and not second.active
    assert len(first.heads_digest) == 64 and first.heads_digest != second.heads_digest


def test_activation_keeps_one_active_row_and_undo_goes_back_one_at_a_time():
    a, b, c = heads(1), heads(2), heads(3)
    extractor_model_activate(model=a)
    extractor_model_activate(model=b)
    extractor_model_activate(model=c)
    assert active() == c
    assert ExtractorModel.objects.filter(active=True).count() == 1

    assert extractor_model_undo() == b
    assert active() == b
    assert extractor_model_undo() == a
    assert extractor_model_undo() is None  # back to the repository's heads file
    assert active() is None
    assert extractor_model_undo() is None


def test_proposals_record_the_active_heads_and_follow_a_new_activation():
    model = activate_tiny_heads()
    statement = make_statement("JPN", text=PROBE)

    learned = statement.stances.get(provision__slug="international-cooperation")
    assert learned.extractor_model == model
    assert learned.cue.startswith("learned:")
    assert (learned.proposed_position, learned.proposed_provision_id) == (
        learned.position,
        learned.provision_id,
    )

    again = extractor_model_create(heads_json=model.heads, note="same heads", activate=True)
    result = statement_extract_stances(statement=statement)

    assert result.updated >= 1
    learned.refresh_from_db()
    assert learned.extractor_model == again


def test_with_no_active_row_proposals_name_no_version(settings):
    settings.EXTRACTOR_LEARNED = False
    statement = make_statement("JPN")

    assert statement.stances.exists()
    assert not statement.stances.filter(extractor_model__isnull=False).exists()


def test_the_review_queue_shows_which_heads_proposed(client, alice):
    activate_tiny_heads()
    make_statement("JPN", text=PROBE)

    client.force_login(alice)
    html = client.get(reverse("positions:review")).content.decode()

    assert 'data-role="heads">rules + heads v1<' in html


def test_admin_activates_and_undoes(admin_client):
    a, b = heads(1), heads(2)
    url = reverse("admin:positions_extractormodel_changelist")
    assert admin_client.get(url).status_code == 200

    admin_client.post(url, {"action": "activate", "_selected_action": [a.pk]})
    admin_client.post(url, {"action": "activate", "_selected_action": [b.pk]})
    assert active() == b
    admin_client.post(url, {"action": "undo_activation", "_selected_action": [b.pk]})
    assert active() == a
    for page in ("change", "history"):
        response = admin_client.get(reverse(f"admin:positions_extractormodel_{page}", args=[a.pk]))
        assert response.status_code == 200
    assert admin_client.get(reverse("admin:positions_extractormodel_add")).status_code == 403
