"""Another version of a statement (as prepared and as delivered, a corrected upload) is named as a
near copy: on the statement's page, and at the check step of an upload, before it is saved. It
does not stop the save (the versions may both be right to keep); the page says why it matters:
two versions count the speech's positions twice.

The texts are the two real statements by Japan in `../shared/seeds/`."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delegations.models import Delegation
from positions.models import Statement
from positions.selectors import statement_near_copies
from positions.services import statement_create, statement_withdraw
from positions.text_digest import (
    NEAR_COPY_RESEMBLANCE,
    resemblance,
    word_shingles,
)
from provisions.models import Session
from tests.documents import make_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(shared_dir):
    first, second = sorted((shared_dir / "seeds").glob("*.txt"))
    return first.read_text(), second.read_text()


def as_delivered(text: str) -> str:
    """The version a delegation's web page carries after the meeting: no heading block, a
    paragraph left out, a few words changed in the delivery, a closing added."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = paragraphs[2:]  # the title and the speaker's lines were not spoken
    del body[len(body) // 2]  # one paragraph cut for time
    changed = "\n\n".join(body)
    for old, new in (("Madam Chair", "Chair"), ("believes", "considers"), ("should", "must")):
        changed = changed.replace(old, new, 2)
    return changed + "\n\nI thank you, Chair."


def statement(text, *, code="JPN", session=None, title="Japan, agenda item 6", user=None):
    return statement_create(
        delegation=Delegation.objects.get(code=code),
        session=session,
        title=title,
        text=text,
        created_by=user,
        extract=False,
    )


def test_two_versions_of_a_speech_resemble_and_two_speeches_do_not(seeds):
    prepared, other_speech = seeds
    delivered = as_delivered(prepared)
    assert resemblance(word_shingles(prepared), word_shingles(delivered)) >= NEAR_COPY_RESEMBLANCE
    # Two statements of the same delegation share their formulas, not their text.
    assert resemblance(word_shingles(prepared), word_shingles(other_speech)) < 0.2
    # A text too short to tell resembles nothing, even itself.
    assert word_shingles("Thank you, Chair. Japan supports article 39.") == frozenset()


def test_the_selector_names_other_versions_in_the_session_most_alike_first(seeds):
    prepared, other_speech = seeds
    session = Session.objects.order_by("start_date").first()
    later = Session.objects.order_by("start_date")[1]
    original = statement(prepared, session=session)
    unrelated = statement(other_speech, session=session, title="Japan, agenda item 7")
    elsewhere = statement(prepared + "\n\nAnnex.", session=later)  # another session: not compared
    france = statement(as_delivered(prepared), code="FRA", session=session)
    withdrawn = statement(prepared.replace("Japan", "Japan's delegation"), session=session)
    statement_withdraw(statement=withdrawn, expected_version=withdrawn.version)

    found = statement_near_copies(
        text=as_delivered(prepared), delegation=original.delegation, session=session
    )
    assert [near.statement for near in found] == [original]
    assert found[0].same_words is False
    assert NEAR_COPY_RESEMBLANCE <= found[0].resemblance < 1
    assert all(s not in [n.statement for n in found] for s in (unrelated, elsewhere, france))

    # The same words are listed as such, and a statement never resembles itself.
    same = statement_near_copies(
        text=prepared, delegation=original.delegation, session=session, exclude=original
    )
    assert same == []
    twin = statement_near_copies(
        text=prepared.upper(), delegation=original.delegation, session=session
    )
    assert [(n.statement, n.same_words, n.percent) for n in twin] == [(original, True, 100)]


def test_the_statement_page_names_its_near_copies(client, alice, seeds):
    prepared, other_speech = seeds
    session = Session.objects.order_by("start_date").first()
    original = statement(prepared, session=session)
    delivered = statement(as_delivered(prepared), session=session, title="Japan, as delivered")
    unrelated = statement(other_speech, session=session, title="Japan, agenda item 7")
    client.force_login(alice)

    html = client.get(reverse("positions:statement-detail", args=[delivered.pk])).content.decode()
    assert 'id="near-copies"' in html
    percent = statement_near_copies(
        text=delivered.text, delegation=delivered.delegation, session=session, exclude=delivered
    )[0].percent
    assert f"#{original.pk} {original.title}" in html
    assert f"{percent}% of their runs of three words in common" in html
    assert f"#{unrelated.pk} " not in html

    html = client.get(reverse("positions:statement-detail", args=[unrelated.pk])).content.decode()
    assert 'id="near-copies"' not in html


def test_an_uploaded_version_is_named_before_saving_and_still_saves(
    client, alice, seeds, media_root
):
    prepared, _ = seeds
    session = Session.objects.order_by("start_date").first()
    original = statement(prepared, session=session)
    delivered = as_delivered(prepared)
    saved_before = Statement.objects.count()
    client.force_login(alice)
    fields = {
        "delegation": original.delegation.pk,
        "session": session.pk,
        "language": "en",
        "title": "Japan, as delivered",
    }
    upload = SimpleUploadedFile(
        "japan-as-delivered.docx",
        make_docx([p for p in re.split(r"\n\s*\n", delivered) if p.strip()]),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response = client.post(
        reverse("positions:statement-create"), {**fields, "upload": upload, "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Before you save: the delegation has statements nearly the same as this text." in html
    assert f"#{original.pk} {original.title}" in html
    assert Statement.objects.count() == saved_before  # nothing saved at the check step

    # Not a duplicate: saving needs no confirmation.
    token = response.context["pending_token"]
    response = client.post(
        reverse("positions:statement-create"),
        {
            **fields,
            "text": response.context["form"].data["text"],
            "pending_document": token,
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert Statement.objects.count() == saved_before + 1


def test_analysts_reading_a_statement_see_its_near_copies_too(analyst_client, seeds):
    prepared, _ = seeds
    original = statement(prepared)
    delivered = statement(as_delivered(prepared), title="Japan, as delivered")
    html = analyst_client.get(
        reverse("positions:statement-detail", args=[delivered.pk])
    ).content.decode()
    assert f"#{original.pk} {original.title}" in html
