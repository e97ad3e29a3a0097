"""Personas and statements for the extraction service and review queue tests.

alice: staff for Japan; bob: staff for France (an EU member, so he also reviews the EU's);
charlie: an analyst (no delegation); root: an administrator.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from delegations.models import Delegate, Delegation
from positions.models import Statement
from positions.services import statement_extract_stances
from provisions.models import Session

PASSWORD = "a-long-test-password"

# What the extractor reads here (see test_extraction_service for the proposals it makes):
# art-54 + technical-assistance support, art-39 + transfer-of-proceedings oppose,
# content-offences oppose, safeguards-human-rights qualified.
TEXT = """Mr. Chair,

Japan strongly supports the chapter on technical assistance and capacity-building.

We object to the transfer of criminal proceedings. The Convention should not cover content-related offences.

Human rights safeguards should apply only where domestic law provides for them."""


def make_user(
    username: str,
    *,
    delegation: str | None = None,
    group: str | None = None,
    password: str | None = None,
):
    """A user; without a password (tests sign in with ``force_login``, and hashing is slow)."""
    user = User.objects.create_user(username, password=password)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if delegation:
        Delegate.objects.create(user=user, delegation=Delegation.objects.get(code=delegation))
    return user


def personas() -> dict[str, User]:
    return {
        "alice": make_user("alice", delegation="JPN", group="staff"),
        "bob": make_user("bob", delegation="FRA", group="staff"),
        "charlie": make_user("charlie", group="analyst"),
        "root": User.objects.create_superuser("root", password=None),
    }


def make_statement(code: str = "JPN", *, text: str = TEXT, extract: bool = True, **fields):
    statement = Statement.objects.create(
        delegation=Delegation.objects.get(code=code),
        session=fields.pop("session", None) or Session.objects.get(code="AHC-1"),
        title=fields.pop("title", f"Statement of {code} on the draft"),
        text=text,
        **fields,
    )
    if extract:
        statement_extract_stances(statement=statement)
    return statement
