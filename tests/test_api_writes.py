"""The API's writes: statements (text or document), stances (create, edit with the version
it started from, 409 with what changed), review of proposals (accept, reject, revise)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from positions.models import Stance, Statement
from positions.services import stance_update

from .api_helpers import assert_problem, bearer
from .documents import make_docx, make_scanned_pdf
from .review_helpers import TEXT, make_statement

pytestmark = pytest.mark.django_db


def _statement(**extra):
    return {"delegation": "JPN", "session": "AHC-1", "title": "API statement", **extra}


def test_staff_add_a_statement_by_text_and_its_proposals_follow(client, alice):
    response = client.post(
        "/api/v1/statements/",
        _statement(text=TEXT),
        content_type="application/json",
        **bearer(alice),
    )
    assert response.status_code == 201, response.content
    statement = Statement.objects.get(pk=response.json()["id"])
    assert statement.created_by == alice and statement.text == TEXT
    assert statement.stances.proposed().exists()


def test_staff_upload_a_document_through_the_same_checks(client, alice, media_root):
    upload = SimpleUploadedFile("statement.docx", make_docx(TEXT.split("\n\n")))
    response = client.post(
        "/api/v1/statements/", {**_statement(), "document": upload}, **bearer(alice)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["has_document"] and "transfer of criminal proceedings" in body["text"]
    scanned = SimpleUploadedFile("scan.pdf", make_scanned_pdf())
    before = Statement.objects.count()
    problem = assert_problem(
        client.post("/api/v1/statements/", {**_statement(), "document": scanned}, **bearer(alice)),
        400,
    )
    assert "document" in problem["errors"]
    assert Statement.objects.count() == before


def test_staff_cannot_add_a_statement_for_another_delegation(client, bob):
    before = Statement.objects.count()
    response = client.post(
        "/api/v1/statements/", _statement(text=TEXT), content_type="application/json", **bearer(bob)
    )
    assert_problem(response, 403)
    assert Statement.objects.count() == before


def test_stance_create_locates_evidence_or_refuses(client, alice):
    statement = make_statement("JPN", extract=False)
    headers = bearer(alice)
    ok = client.post(
        "/api/v1/stances/",
        {
            "delegation": "JPN",
            "statement": statement.pk,
            "provision": "art-39",
            "position": "oppose",
            "evidence": "We object to the   transfer of criminal proceedings.",
        },
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 201, ok.content
    stance = Stance.objects.get(pk=ok.json()["id"])
    assert stance.status == "confirmed" and stance.evidence_start is not None
    bad = client.post(
        "/api/v1/stances/",
        {
            "delegation": "JPN",
            "statement": statement.pk,
            "provision": "art-40",
            "position": "oppose",
            "evidence": "Not there.",
        },
        content_type="application/json",
        **headers,
    )
    assert "evidence" in assert_problem(bad, 400)["errors"]


def test_stance_edit_with_a_stale_version_is_a_409_listing_what_changed(client, alice):
    stance = (
        Stance.objects.filter(delegation__code="JPN", status="confirmed").order_by("pk").first()
    )
    started_from = stance.version
    stance_update(
        stance=stance,
        expected_version=started_from,
        delegation=stance.delegation,
        provision=stance.provision,
        position="neutral",
        statement=stance.statement,
        evidence=stance.evidence,
        note="someone else's edit",
    )
    response = client.patch(
        f"/api/v1/stances/{stance.pk}/",
        {"version": started_from, "position": "oppose"},
        content_type="application/json",
        **bearer(alice),
    )
    problem = assert_problem(response, 409)
    assert {c["field"] for c in problem["changes"]} >= {"position", "note"}
    assert problem["current_version"] == started_from + 1
    stance.refresh_from_db()
    assert stance.position == "neutral"
    again = client.patch(
        f"/api/v1/stances/{stance.pk}/",
        {"version": stance.version, "position": "oppose"},
        content_type="application/json",
        **bearer(alice),
    )
    assert again.status_code == 200 and again.json()["position"] == "oppose"


def test_version_is_required_to_edit(client, alice):
    stance = Stance.objects.filter(delegation__code="JPN").order_by("pk").first()
    response = client.patch(
        f"/api/v1/stances/{stance.pk}/",
        {"position": "oppose"},
        content_type="application/json",
        **bearer(alice),
    )
    assert "version" in assert_problem(response, 400)["errors"]


def test_review_accept_reject_revise_and_conflicts(client, alice):
    statement = make_statement("JPN")
    proposals = list(statement.stances.proposed().order_by("pk"))
    assert len(proposals) >= 3
    headers = bearer(alice)
    first, second, third = proposals[:3]
    accepted = client.post(
        f"/api/v1/stances/{first.pk}/accept/",
        {"version": first.version},
        content_type="application/json",
        **headers,
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "confirmed"
    twice = client.post(
        f"/api/v1/stances/{first.pk}/accept/",
        {"version": first.version},
        content_type="application/json",
        **headers,
    )
    assert "already confirmed" in assert_problem(twice, 409)["detail"]
    rejected = client.post(
        f"/api/v1/stances/{second.pk}/reject/",
        {"version": second.version},
        content_type="application/json",
        **headers,
    )
    assert rejected.json()["status"] == "rejected"
    revised = client.post(
        f"/api/v1/stances/{third.pk}/revise/",
        {
            "version": third.version,
            "position": "neutral",
            "provision": third.provision.slug,
            "evidence": third.evidence,
        },
        content_type="application/json",
        **headers,
    )
    assert revised.status_code == 200, revised.content
    assert revised.json()["position"] == "neutral" and revised.json()["status"] == "confirmed"


def test_staff_of_another_delegation_cannot_review(client, bob):
    statement = make_statement("JPN")
    proposal = statement.stances.proposed().first()
    response = client.post(
        f"/api/v1/stances/{proposal.pk}/accept/",
        {"version": proposal.version},
        content_type="application/json",
        **bearer(bob),
    )
    assert_problem(response, 403)
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_session_writes_need_the_csrf_token(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    response = browser.post(
        "/api/v1/statements/", _statement(text=TEXT), content_type="application/json"
    )
    assert "CSRF" in assert_problem(response, 403)["detail"]
