"""Personas and statements for the extraction service and review queue tests.

alice: staff for Japan; bob: staff for France (an EU member, so he also reviews the EU's);
charlie: an analyst (no delegation); root: an administrator.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from delegations.models import Delegate, Delegation
from delegations.roles import user_assign_role
from positions.models import Statement
from positions.services import statement_extract_stances
from provisions.models import Session

PASSWORD = "a-long-test-password"

# What the extractor reads here (see test_extraction_service for the proposals it makes), one
# proposal per passage: technical-assistance support (noting art-54), transfer-of-proceedings
# oppose (noting art-39; no article is named), content-offences oppose, safeguards-human-rights
# qualified. NAMED_TEXT names article 39: art-39 is proposed, noting its issue.
TEXT = """Mr. Chair,

Japan strongly supports the chapter on technical assistance and capacity-building.

We object to the transfer of criminal proceedings. The Convention should not cover content-related offences.

Human rights safeguards should apply only where domestic law provides for them."""

NAMED_TEXT = TEXT.replace(
    "We object to the transfer of criminal proceedings.",
    "We object to draft article 39 on the transfer of criminal proceedings.",
)


def make_user(
    username: str,
    *,
    delegation: str | None = None,
    group: str | None = None,
    password: str | None = None,
):
    """A user in a role ("staff", "analyst") through the app's own role code."""
    user = User.objects.create_user(username, password=password)
    linked = Delegation.objects.get(code=delegation) if delegation else None
    if group:
        user_assign_role(user=user, role=group, delegation=linked)
    elif linked:
        Delegate.objects.create(user=user, delegation=linked)
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
