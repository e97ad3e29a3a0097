"""Make sure an administrator account exists (used by `make run`)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the admin account if it is missing. Username from ADMIN_USERNAME (default admin), "
        "password from ADMIN_PASSWORD (when set it is also applied to an existing account); "
        "otherwise a random password is generated and printed once. Prints where to sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="The address the app is served on.")

    def handle(self, *args, url: str, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME") or "admin"
        password = os.environ.get("ADMIN_PASSWORD") or ""
        user = User.objects.filter(username=username).first()
        if user is None:
            generated = not password
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email="", password=password)
            shown = (
                f"{password}   (generated now, shown once)" if generated else "from ADMIN_PASSWORD"
            )
        elif password:
            user.set_password(password)
            user.is_staff = user.is_superuser = True
            user.save()
            shown = "from ADMIN_PASSWORD (set again now)"
        else:
            shown = "unchanged (shown on the first run; ADMIN_PASSWORD=... make run resets it)"
        # The newcomer's three facts, set apart at the end of the setup output.
        lines = ["", "=" * 72]
        if url:
            lines.append(f"  Address:   {url}")
        lines += [f"  User:      {username}", f"  Password:  {shown}", "=" * 72, ""]
        self.stdout.write("\n".join(lines))
