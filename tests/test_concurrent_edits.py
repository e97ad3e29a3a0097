"""No lost updates: two edits from the same starting version; the second is refused."""

import pytest
from django.urls import reverse

from positions.models import Stance, Statement
from positions.services import ConflictError, stance_update


@pytest.fixture
def stance(db):
    return Stance.objects.get(provision__slug="transfer-of-proceedings")


def stance_form_data(stance, **changes):
    data = {
        "delegation": stance.delegation_id,
        "statement": stance.statement_id,
        "provision": stance.provision.slug,
        "position": stance.position,
        "evidence": stance.evidence,
        "note": stance.note,
        "session": "",
        "version": stance.version,
    }
    data.update(changes)
    return data


def test_second_edit_from_the_same_version_is_refused_with_what_changed(client, alice, stance):
    client.force_login(alice)
    url = reverse("positions:stance-edit", args=[stance.pk])
    loaded = stance_form_data(stance)  # both editors loaded version 1

    first = client.post(url, {**loaded, "position": "qualified", "note": "First editor"})
    assert first.status_code == 302
    second = client.post(url, {**loaded, "position": "support", "note": "Second editor"})

    assert second.status_code == 200
    stance.refresh_from_db()
    assert (stance.position, stance.note, stance.version) == ("qualified", "First editor", 2)
    conflict = second.context["conflict"]
    changed = {change.field: (change.before, change.now) for change in conflict.changes}
    assert changed == {"position": ("Oppose", "Qualified support"), "note": ("—", "First editor")}
    content = second.content.decode()
    assert "changed by someone else" in content and "Qualified support" in content
    form = second.context["form"]
    assert form["note"].value() == "Second editor"  # what the user typed is kept
    assert form["version"].value() == "2"  # saving again is a deliberate overwrite


def test_saving_again_after_a_conflict_applies_the_users_version(client, alice, stance):
    client.force_login(alice)
    url = reverse("positions:stance-edit", args=[stance.pk])
    loaded = stance_form_data(stance)
    client.post(url, {**loaded, "note": "First editor"})
    second = client.post(url, {**loaded, "note": "Second editor"})
    again = client.post(url, {**loaded, "note": "Second editor", "version": 2})
    assert second.status_code == 200 and again.status_code == 302
    stance.refresh_from_db()
    assert (stance.note, stance.version) == ("Second editor", 3)


def test_service_refuses_a_stale_version_atomically(stance, alice):
    fields = {
        "delegation": stance.delegation,
        "provision": stance.provision,
        "statement": stance.statement,
        "evidence": stance.evidence,
    }
    stance_update(stance=stance, expected_version=1, position="support", updated_by=alice, **fields)
    with pytest.raises(ConflictError) as error:
        stance_update(
            stance=stance, expected_version=1, position="neutral", updated_by=alice, **fields
        )
    assert error.value.current.position == "support"
    stance.refresh_from_db()
    assert (stance.position, stance.version) == ("support", 2)
    assert stance.history.count() == 2  # the refused save wrote no history either


def test_statement_edit_conflict_keeps_the_first_save(client, alice):
    statement = Statement.objects.get(session__code="AHC-1")
    client.force_login(alice)
    url = reverse("positions:statement-edit", args=[statement.pk])
    data = {
        "delegation": statement.delegation_id,
        "session": statement.session_id,
        "agenda_item": statement.agenda_item,
        "speaker": statement.speaker,
        "delivered_on": statement.delivered_on or "",
        "language": statement.language,
        "title": "First title",
        "source_url": "",
        "text": statement.text,
        "version": statement.version,
        "save": "1",
    }
    assert client.post(url, data).status_code == 302
    second = client.post(url, {**data, "title": "Second title"})
    assert second.status_code == 200
    assert "First title" in second.content.decode()
    statement.refresh_from_db()
    assert statement.title == "First title"


def test_an_admin_change_moves_the_version_on(admin_client, stance):
    url = reverse("admin:positions_stance_change", args=[stance.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["note"] = "Admin fix"
    assert admin_client.post(url, data).status_code == 302
    stance.refresh_from_db()
    assert stance.version == 2
    with pytest.raises(ConflictError):  # a form opened before the admin's change
        stance_update(
            stance=stance,
            expected_version=1,
            delegation=stance.delegation,
            provision=stance.provision,
            position="support",
        )


def test_simultaneous_saves_in_two_connections_let_exactly_one_through(live_data):
    """Two threads (two database connections) save from version 1 at the same moment."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and concurrent connections (PostgreSQL)")
    stance = Stance.objects.get(provision__slug="transfer-of-proceedings")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(note):
        try:
            barrier.wait()
            stance_update(
                stance=stance,
                expected_version=1,
                delegation=stance.delegation,
                provision=stance.provision,
                statement=stance.statement,
                evidence=stance.evidence,
                position="support",
                note=note,
            )
            outcomes.append(("saved", note))
        except ConflictError:
            outcomes.append(("conflict", note))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(note,)) for note in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    saved_note = next(note for kind, note in outcomes if kind == "saved")
    stance.refresh_from_db()
    assert (stance.note, stance.version) == (saved_note, 2)
    assert stance.history.count() == 2
