"""Create (or update) a user account with one role."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from delegations.models import Delegation
from delegations.roles import Role, user_assign_role


class Command(BaseCommand):
    help = (
        "Create a user with a role (staff, analyst or admin); staff need --delegation CODE. "
        "The password comes from --password, else the TRACKER_PASSWORD environment variable, "
        "else a prompt. An existing user is updated (role, delegation, password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help="staff, analyst or admin")
        parser.add_argument("--delegation", help="Delegation code for staff, e.g. JPN")
        parser.add_argument("--password", help="Prefer TRACKER_PASSWORD: argv is visible to ps")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, delegation, password, email, **options):
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}: choose one of {', '.join(Role.values)}.")
        role = Role(role)
        found = None
        if delegation:
            found = Delegation.objects.filter(code=delegation.upper()).first()
            if found is None:
                raise CommandError(
                    f"Unknown delegation {delegation!r}: give its code, e.g. JPN, FRA, EU."
                )
        if role == Role.STAFF and found is None:
            raise CommandError("Delegation staff need --delegation CODE.")
        if role != Role.STAFF and found is not None:
            raise CommandError(f"--delegation is only for staff, not {role.label.lower()}.")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, email=email)
        password = password or os.environ.get("TRACKER_PASSWORD") or self.ask_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        if email:
            user.email = email
        try:
            user_assign_role(user=user, role=role, delegation=found)
        except ValueError as error:
            raise CommandError(str(error)) from None
        where = f" for {found.code}" if found else ""
        self.stdout.write(
            f"{'Created' if created else 'Updated'} {username} as {role.value}{where}."
        )

    def ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("No password: give --password or set TRACKER_PASSWORD.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return first
