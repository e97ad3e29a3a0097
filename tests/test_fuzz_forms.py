"""Every form fed generated input: never a server error, and input the form refuses changes
nothing in the database. (Property-based: see tests/fuzzing.py for the profiles.)

Edit and withdraw forms get any version but the current one, so no input of theirs is valid;
add forms may meet valid input by chance, and then save (a redirect), which is allowed.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from common.parsing import parse_int
from positions.models import Stance, Statement
from tests.fuzzing import fingerprint, junk, junk_or, report, tick

pytestmark = pytest.mark.django_db


def jpn_statement():
    return Statement.objects.filter(delegation__code="JPN").order_by("pk").first()


def jpn_stance():
    return Stance.objects.filter(statement=jpn_statement()).live().order_by("pk").first()


def not_version(current: int):
    return junk.filter(lambda value: parse_int(value.strip()) != current)


def form_targets():
    """(name, url, field strategies, may_save) for each form, built from the seed data."""
    statement, stance = jpn_statement(), jpn_stance()
    ids = [str(statement.delegation_id), str(statement.pk), str(statement.session_id)]
    text = statement.text
    statement_fields = {
        "delegation": junk_or(*ids),
        "on_behalf_of": junk_or(*ids),
        "session": junk_or(*ids),
        "agenda_item": junk,
        "speaker": junk,
        "delivered_on": junk_or("2023-01-10"),
        "language": junk_or("en", "fr"),
        "title": junk_or("A title"),
        "source_url": junk_or("https://example.org/x.pdf"),
        "text": junk_or(text[:200]),
        "pending_document": junk,
        "preview": junk,
        "save": junk_or("1"),
    }
    stance_fields = {
        "delegation": junk_or(*ids),
        "statement": junk_or(*ids),
        "provision": junk_or("art-39", "art-54", "Article 39", "39"),
        "position": junk_or("support", "oppose", "qualified", "neutral"),
        "session": junk_or(*ids),
        "evidence": junk_or(text[:60], text[10:90]),
        "note": junk,
    }
    confirm = {"version": not_version(statement.version), "reason": junk, "confirm": junk}
    return {
        "statement-create": ("/statements/new/", statement_fields, True),
        "statement-edit": (
            f"/statements/{statement.pk}/edit/",
            {**statement_fields, "version": not_version(statement.version)},
            False,
        ),
        "statement-withdraw": (f"/statements/{statement.pk}/withdraw/", confirm, False),
        "stance-create": ("/stances/new/", stance_fields, True),
        "stance-edit": (
            f"/stances/{stance.pk}/edit/",
            {**stance_fields, "version": not_version(stance.version)},
            False,
        ),
        "stance-withdraw": (
            f"/stances/{stance.pk}/withdraw/",
            {**confirm, "version": not_version(stance.version)},
            False,
        ),
        "sign-in": ("/accounts/login/", {"username": junk, "password": junk, "next": junk}, True),
        "password-reset": ("/accounts/password_reset/", {"email": junk}, True),
    }


uploads = st.one_of(
    st.none(),
    st.builds(
        lambda name, data: SimpleUploadedFile(name, data),
        st.sampled_from(["s.txt", "s.pdf", "s.docx", "s", "s.exe", "x" * 300 + ".txt"]),
        st.one_of(
            st.binary(max_size=3000),
            st.sampled_from([b"%PDF-1.4\n%junk", b"PK\x03\x04junk", b"plain text\n%PDF-1.7"]),
        ),
    ),
)


@pytest.mark.parametrize(
    "name",
    [
        "statement-create",
        "statement-edit",
        "statement-withdraw",
        "stance-create",
        "stance-edit",
        "stance-withdraw",
        "sign-in",
        "password-reset",
    ],
)
def test_forms_never_answer_a_server_error_and_refused_input_writes_nothing(
    client, alice, media_root, settings, name, capsys
):
    settings.AXES_FAILURE_LIMIT = settings.AXES_IP_FAILURE_LIMIT = 10**6  # keep signing in
    settings.DOCUMENT_PARSE_TIMEOUT_SECONDS = 10
    url, fields, may_save = form_targets()[name]
    signed_in = name not in {"sign-in", "password-reset"}
    strategy = st.fixed_dictionaries({}, optional=fields)
    if name == "statement-create":
        strategy = st.tuples(strategy, uploads).map(
            lambda pair: {**pair[0], "upload": pair[1]} if pair[1] else pair[0]
        )

    @given(data=strategy)
    def check(data):
        tick(name)
        if signed_in:
            client.force_login(alice)
        before = fingerprint()
        if "upload" in data:
            data["upload"].seek(0)
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)
        if not (may_save and response.status_code == 302):
            assert fingerprint() == before, (name, data)

    check()
    report(capsys, name)
