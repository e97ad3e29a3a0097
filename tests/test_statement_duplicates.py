"""A statement whose text the delegation already has is shown as a likely duplicate before it is
saved (the page, the upload's check step, the edit, the API); "Save anyway" saves it.

Same text means the same words in the same order (`positions.text_digest`); withdrawn statements
do not count (withdrawing and logging again is how a wrong statement is replaced).
"""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delegations.models import Delegate, Delegation
from positions.models import Statement
from positions.services import statement_create, statement_withdraw
from positions.text_digest import text_digest
from positions.uploads import pending_upload_find
from tests.api_helpers import assert_problem, bearer
from tests.documents import make_docx
from tests.fuzzing import fingerprint

pytestmark = pytest.mark.django_db

URL = reverse("positions:statement-create")
TEXT = (
    "Mr. Chair,\n\nJapan supports draft article 39 on the transfer of criminal proceedings, "
    "provided that the requested State keeps its discretion.\n\nThank you."
)
# The same text as pasted from an e-mail: other line breaks, spacing, case and quotes.
RETYPED = (
    "MR. CHAIR, Japan supports draft article 39 on the transfer of criminal\nproceedings, "
    "provided  that the requested State keeps its discretion. Thank you"
)


def existing(user, code="JPN", text=TEXT, title="Japan on article 39", extract=True):
    return statement_create(
        delegation=Delegation.objects.get(code=code),
        title=title,
        text=text,
        created_by=user,
        extract=extract,
    )


def form(**extra):
    data = {
        "delegation": Delegation.objects.get(code="JPN").pk,
        "language": "en",
        "title": "Japan on transfer of proceedings (second reading)",
        "speaker": "Ms. Hanako Example",
        "agenda_item": "Chapter IV",
        "text": RETYPED,
        "save": "1",
    }
    data.update(extra)
    return data


@pytest.fixture
def staff_client(client, alice, media_root):
    client.force_login(alice)
    return client


def test_the_digest_ignores_spacing_case_and_punctuation_but_not_words():
    assert text_digest(TEXT) == text_digest(RETYPED)
    assert text_digest(TEXT) == text_digest(TEXT.replace("Chair", "Chair\u00a0").upper())
    assert text_digest(TEXT) != text_digest(TEXT.replace("supports", "opposes"))
    assert text_digest(TEXT) != text_digest(TEXT.replace("article 39", "article 40"))
    assert text_digest(" .,;\n") == ""  # no words: matches nothing


def test_pasting_a_text_the_delegation_has_warns_names_it_and_saves_nothing(staff_client, alice):
    first = existing(alice)
    before = fingerprint()
    response = staff_client.post(URL, form())
    assert response.status_code == 200
    assert fingerprint() == before
    page = response.content.decode()
    assert 'id="duplicate-warning"' in page and "Not saved:" in page
    assert f'href="/statements/{first.pk}/"' in page and f"#{first.pk} Japan on article 39" in page
    assert response.context["duplicates"] == [first]
    # Everything typed is still there, and the "Save anyway" box is offered.
    bound = response.context["form"]
    assert bound["text"].value() == RETYPED
    assert bound["speaker"].value() == "Ms. Hanako Example"
    assert 'name="confirm_duplicate"' in page


def test_save_anyway_saves_the_statement(staff_client, alice):
    first = existing(alice)
    response = staff_client.post(URL, form(confirm_duplicate="on"))
    assert response.status_code == 302
    saved = Statement.objects.latest("pk")
    assert saved.pk != first.pk and saved.text == RETYPED
    assert saved.text_digest == first.text_digest
    assert response["Location"] == f"/statements/{saved.pk}/"


def test_the_box_is_not_offered_without_a_duplicate(staff_client):
    response = staff_client.post(URL, form(title=""))  # refused for the missing title
    assert response.status_code == 200
    assert 'name="confirm_duplicate"' not in response.content.decode()
    assert response.context["duplicates"] is None


def test_another_delegations_identical_text_does_not_warn(staff_client, alice, bob):
    existing(bob, code="FRA")
    before = Statement.objects.count()
    response = staff_client.post(URL, form())
    assert response.status_code == 302
    assert Statement.objects.count() == before + 1


def test_a_withdrawn_statement_does_not_count(staff_client, alice):
    first = existing(alice)
    statement_withdraw(statement=first, expected_version=first.version, withdrawn_by=alice)
    response = staff_client.post(URL, form())
    assert response.status_code == 302
    assert Statement.objects.active().filter(text_digest=first.text_digest).count() == 1


def test_a_double_submit_still_saves_once_without_a_warning(staff_client, alice):
    first = staff_client.post(URL, form())
    second = staff_client.post(URL, form())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Statement.objects.filter(title=form()["title"]).count() == 1


def test_an_upload_is_warned_about_at_its_check_and_keeps_its_file(staff_client, alice):
    first = existing(alice)
    upload = SimpleUploadedFile("japan.docx", make_docx(RETYPED.split("\n")))
    before = fingerprint()
    checked = staff_client.post(URL, form(text="", upload=upload, preview="1", save=""))
    assert checked.status_code == 200
    assert "Before you save:" in checked.content.decode()
    assert checked.context["duplicates"] == [first]
    token = checked.context["form"]["pending_document"].value()
    assert pending_upload_find(token=token, user=alice) is not None

    # Saving without ticking the box: refused again, the file still kept for the next try.
    text = checked.context["form"]["text"].value()
    refused = staff_client.post(URL, form(text=text, pending_document=token))
    assert refused.status_code == 200
    assert "Not saved:" in refused.content.decode()
    assert "and the uploaded file," in refused.content.decode()
    assert refused.context["form"]["pending_document"].value() == token
    path, _name = pending_upload_find(token=token, user=alice)
    assert default_storage.exists(path)
    assert fingerprint() == before

    saved = staff_client.post(URL, form(text=text, pending_document=token, confirm_duplicate="on"))
    assert saved.status_code == 302
    statement = Statement.objects.latest("pk")
    assert statement.pk != first.pk and statement.document.name.endswith("japan.docx")
    assert not default_storage.exists(path)  # the kept file went to the statement


def test_a_refused_save_leaves_no_stored_copy_of_the_file(staff_client, alice, media_root):
    existing(alice)
    upload = SimpleUploadedFile("japan.docx", make_docx([RETYPED]))
    checked = staff_client.post(URL, form(text="", upload=upload, preview="1", save=""))
    token = checked.context["form"]["pending_document"].value()
    text = checked.context["form"]["text"].value()
    staff_client.post(URL, form(text=text, pending_document=token))
    stored = [p for p in (media_root / "statements").rglob("*") if p.is_file()]
    assert [p.parent.name for p in stored] == ["pending"]


def test_editing_a_text_into_another_statements_text_warns(staff_client, alice):
    first = existing(alice)
    # (Not read by the extractor: its proposals would quote a passage the edit removes.)
    other = existing(
        alice, text="Japan opposes draft article 54.", title="On article 54", extract=False
    )
    url = reverse("positions:statement-edit", args=[other.pk])
    data = form(title=other.title, version=other.version)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["duplicates"] == [first]
    other.refresh_from_db()
    assert other.text == "Japan opposes draft article 54." and other.version == 1

    response = staff_client.post(url, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.text == RETYPED and other.text_digest == first.text_digest


def test_editing_other_fields_of_a_statement_saved_anyway_does_not_warn_again(staff_client, alice):
    existing(alice)
    second = existing(alice, text=RETYPED, title="Saved anyway")  # services: no check asked
    url = reverse("positions:statement-edit", args=[second.pk])
    response = staff_client.post(url, form(title="Renamed", version=second.version))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.title == "Renamed"


def test_a_statement_the_user_may_not_read_is_not_named(client, alice, media_root):
    existing(alice)
    writer = User.objects.create_user("writer")
    writer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="positions",
            codename__in=["add_statement", "change_statement", "add_stance"],
        )
    )
    Delegate.objects.create(user=writer, delegation=Delegation.objects.get(code="JPN"))
    client.force_login(writer)
    response = client.post(URL, form())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="duplicate-warning"' in page and "you may not open" in page
    assert "Japan on article 39" not in page and 'data-role="duplicates"' not in page


def test_the_api_answers_409_with_the_duplicates_unless_confirmed(client, alice):
    first = existing(alice)
    payload = {"delegation": "JPN", "title": "API again", "text": RETYPED}
    before = fingerprint()
    problem = assert_problem(
        client.post(
            "/api/v1/statements/", payload, content_type="application/json", **bearer(alice)
        ),
        409,
    )
    assert problem["duplicates"] == [{"id": first.pk, "title": first.title}]
    assert f"#{first.pk}" in problem["detail"]
    assert fingerprint() == before

    response = client.post(
        "/api/v1/statements/",
        {**payload, "confirm_duplicate": True},
        content_type="application/json",
        **bearer(alice),
    )
    assert response.status_code == 201, response.content
    assert response.json()["id"] != first.pk
