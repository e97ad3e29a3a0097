"""Uploaded originals: served by a view that checks who may read them, under unguessable names,
with no /media/ route; abandoned previews and files of failed saves are removed."""

import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from positions.models import Statement
from positions.storage import PENDING_DIR, safe_filename
from tests.documents import STATEMENT_PAGES, make_pdf

pytestmark = pytest.mark.django_db
URL = reverse("positions:statement-create")


def fields(alice, **extra):
    return {
        "delegation": alice.delegate.delegation_id,
        "language": "en",
        "title": "Statement of Japan",
        "text": "",
        **extra,
    }


def preview(client, alice, name="japan.pdf", data=None):
    upload = SimpleUploadedFile(name, data or make_pdf(STATEMENT_PAGES), "application/pdf")
    response = client.post(URL, fields(alice, upload=upload, preview="1"))
    assert response.status_code == 200
    form = response.context["form"]
    return form["pending_document"].value(), form["text"].value()


def pending_files():
    try:
        return default_storage.listdir(PENDING_DIR)[1]
    except FileNotFoundError:
        return []


def save(client, alice, token, text):
    return client.post(URL, {**fields(alice, text=text, pending_document=token), "save": "1"})


def test_original_is_stored_under_an_unguessable_name_and_served_to_readers(
    client, alice, bob, charlie, media_root
):
    client.force_login(alice)
    token, text = preview(client, alice)
    assert save(client, alice, token, text).status_code == 302
    statement = Statement.objects.latest("pk")
    folder, name = statement.document.name.split("/")[1:]
    assert len(folder) == 32 and name == "japan.pdf"
    assert pending_files() == []  # the preview's copy is gone once saved

    url = reverse("positions:statement-document", args=[statement.pk])
    detail = client.get(reverse("positions:statement-detail", args=[statement.pk]))
    assert url.encode() in detail.content
    for user in (alice, bob, charlie):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="japan.pdf"')
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


def test_pending_upload_is_served_to_its_uploader_only(client, alice, bob, admin_user, media_root):
    client.force_login(alice)
    token, _ = preview(client, alice)
    url = reverse("positions:statement-pending-document", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for other in (bob, admin_user):
        client.force_login(other)
        assert client.get(url).status_code == 404
    assert client.get(url[:-3] + "abc/").status_code == 404


@pytest.mark.parametrize("debug", [True, False])
def test_media_files_are_not_served_by_path(client, alice, media_root, debug):
    client.force_login(alice)
    token, text = preview(client, alice)
    save(client, alice, token, text)
    statement = Statement.objects.latest("pk")
    with override_settings(DEBUG=debug):
        response = client.get(f"/media/{statement.document.name}")
    assert response.status_code == 404


def test_a_new_preview_replaces_the_earlier_pending_file(client, alice, media_root):
    client.force_login(alice)
    token, _ = preview(client, alice)
    assert len(pending_files()) == 1
    upload = SimpleUploadedFile("again.pdf", make_pdf(STATEMENT_PAGES), "application/pdf")
    client.post(URL, fields(alice, upload=upload, preview="1", pending_document=token))
    assert len(pending_files()) == 1


def test_abandoned_previews_are_purged(client, alice, media_root):
    client.force_login(alice)
    preview(client, alice)
    preview(client, alice)
    old = pending_files()[0]
    stale = time.time() - 25 * 3600
    os.utime(media_root / PENDING_DIR / old, (stale, stale))
    out = io.StringIO()
    call_command("purge_pending_uploads", stdout=out)
    assert "Removed 1 pending upload(s)" in out.getvalue()
    assert len(pending_files()) == 1 and old not in pending_files()
    # A new preview also sweeps the stale ones.
    for name in pending_files():
        os.utime(media_root / PENDING_DIR / name, (stale, stale))
    preview(client, alice)
    assert len(pending_files()) == 1


def test_a_refused_statement_edit_leaves_no_new_file(client, alice, media_root):
    statement = Statement.objects.filter(delegation__code="JPN").first()
    stance = statement.stances.live().exclude(evidence="").first()
    assert stance is not None
    client.force_login(alice)
    token, _ = preview(client, alice)
    files_before = sorted(p.name for p in media_root.rglob("*") if p.is_file())
    # New text without the stance's evidence: the service refuses the edit after storing the file.
    data = {
        "delegation": statement.delegation_id,
        "language": statement.language,
        "title": statement.title,
        "text": "Entirely new text that quotes nothing of the earlier statement.",
        "pending_document": token,
        "version": statement.version,
        "save": "1",
    }
    response = client.post(reverse("positions:statement-edit", args=[statement.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    files_after = sorted(p.name for p in media_root.rglob("*") if p.is_file())
    assert files_after == files_before  # the pending copy stays for a retry; nothing new


def test_a_300_character_file_name_keeps_its_extension(client, alice, media_root):
    client.force_login(alice)
    name = "x" * 296 + ".pdf"
    token, text = preview(client, alice, name=name)
    assert save(client, alice, token, text).status_code == 302
    stored = Statement.objects.latest("pk").document.name
    assert stored.endswith(".pdf") and len(stored) <= 255
    assert safe_filename(name).endswith(".pdf") and len(safe_filename(name)) == 150


def test_safe_filename_drops_folders_and_control_characters():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\x\\statement.docx") == "statement.docx"
    assert safe_filename("a\x00b\nc.txt") == "abc.txt"
    assert safe_filename("") == "document"


def test_the_admin_links_the_original_through_the_download_view(client, admin_user, media_root):
    from django.core.files.base import ContentFile

    statement = Statement.objects.order_by("pk").first()
    statement.document.save("japan.txt", ContentFile(b"Statement"), save=False)
    Statement.objects.filter(pk=statement.pk).update(document=statement.document.name)
    client.force_login(admin_user)
    response = client.get(reverse("admin:positions_statement_change", args=[statement.pk]))
    assert response.status_code == 200
    assert reverse("positions:statement-document", args=[statement.pk]).encode() in response.content
    assert b"/media/" not in response.content
