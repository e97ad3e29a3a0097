"""A statement's language: detected when it is saved, shown by name; English, Spanish and French
are read; a language the extractor does not read gets no proposals, and the statement page and
the review queue say so."""

import pytest

from delegations.models import Delegation
from positions.services import statement_create, statement_update
from provisions.models import Session

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Thank you, Mr. Chair. Japan strongly supports the chapter on technical assistance and "
    "capacity-building, and we object to the transfer of criminal proceedings."
)
SPANISH = (
    "Gracias, señor Presidente. México apoya firmemente el capítulo sobre asistencia técnica y "
    "creación de capacidades, y se opone a la remisión de actuaciones penales."
)
FRENCH = (
    "Merci, Monsieur le Président. La France soutient pleinement le chapitre sur l'assistance "
    "technique et le renforcement des capacités, et s'oppose au transfert des procédures pénales."
)
PORTUGUESE = (
    "Obrigado, Senhor Presidente. O Brasil apoia firmemente o capítulo sobre assistência técnica "
    "e capacitação, e opõe-se à transferência de processos penais entre os Estados."
)
GERMAN = (
    "Vielen Dank, Herr Vorsitzender. Deutschland unterstützt nachdrücklich das Kapitel über "
    "technische Hilfe und den Aufbau von Kapazitäten und lehnt die Übertragung von Strafverfahren ab."
)


def save(text, code="JPN"):
    return statement_create(
        delegation=Delegation.objects.get(code=code),
        session=Session.objects.get(code="AHC-1"),
        title="Statement on the draft",
        text=text,
    )


@pytest.mark.parametrize(
    "text, code, name",
    [(ENGLISH, "en", "English"), (SPANISH, "es", "Spanish"), (FRENCH, "fr", "French")],
)
def test_language_is_detected_on_save_and_shown_by_name(analyst_client, text, code, name):
    statement = save(text)

    statement.refresh_from_db()
    assert statement.language == code
    assert statement.language_name == name
    html = analyst_client.get(f"/statements/{statement.pk}/").content.decode()
    assert f'data-role="language">{name}' in html


@pytest.mark.parametrize(
    "text, expected",
    [
        (ENGLISH, {("technical-assistance", "support"), ("transfer-of-proceedings", "oppose")}),
        (SPANISH, {("technical-assistance", "support"), ("transfer-of-proceedings", "oppose")}),
        (FRENCH, {("technical-assistance", "support"), ("transfer-of-proceedings", "oppose")}),
    ],
    ids=["english", "spanish", "french"],
)
def test_english_spanish_and_french_statements_are_read_and_proposed(client, alice, text, expected):
    statement = save(text)

    assert {(s.provision.slug, s.position) for s in statement.stances.all()} >= expected
    client.force_login(alice)
    html = client.get(f"/statements/{statement.pk}/").content.decode()
    assert "language-unread" not in html
    assert f"/statements/{statement.pk}/" not in _unread_list(client)


@pytest.mark.parametrize("text, name", [(PORTUGUESE, "Portuguese"), (GERMAN, "German")])
def test_a_language_the_extractor_does_not_read_gets_no_proposals_and_says_so(
    client, alice, text, name
):
    statement = save(text)

    assert not statement.stances.exists()
    client.force_login(alice)
    page = client.get(f"/statements/{statement.pk}/").content.decode()
    assert 'data-role="language-unread"' in page
    assert f"the extractor does not read {name}" in page
    queue = client.get("/review/").content.decode()
    assert 'data-role="unread-languages"' in queue
    assert f"/statements/{statement.pk}/" in queue


def _unread_list(client) -> str:
    """The review queue's list of statements in languages the extractor does not read."""
    queue = client.get("/review/").content.decode()
    start = queue.find('data-role="unread-languages"')
    return queue[start : queue.find("</div>", start)] if start >= 0 else ""


def test_the_queue_lists_only_the_reviewers_own_unread_statements(client, alice):
    statement = save(PORTUGUESE, code="CHN")

    client.force_login(alice)
    assert f"/statements/{statement.pk}/" not in client.get("/review/").content.decode()


def test_an_english_translation_is_detected_and_read():
    statement = save(PORTUGUESE)
    assert not statement.stances.exists()

    statement = statement_update(
        statement=statement, expected_version=statement.version, text=ENGLISH
    )

    statement.refresh_from_db()
    assert statement.language == "en"
    assert statement.stances.exists()
