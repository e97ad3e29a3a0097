"""Make sure an administrator account exists (used by `make run`)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the admin account if it is missing. Username from ADMIN_USERNAME (default admin), "
        "password from ADMIN_PASSWORD (when set it is also applied to an existing account); "
        "otherwise a random password is generated and printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME") or "admin"
        password = os.environ.get("ADMIN_PASSWORD") or ""
        user = User.objects.filter(username=username).first()
        if user is None:
            generated = not password
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email="", password=password)
            shown = password if generated else "from ADMIN_PASSWORD"
            self.stdout.write(f"Created admin account '{username}' (password: {shown}).")
        elif password:
            user.set_password(password)
            user.is_staff = user.is_superuser = True
            user.save()
            self.stdout.write(
                f"Admin account '{username}' exists; password set from ADMIN_PASSWORD."
            )
        else:
            self.stdout.write(
                f"Admin account '{username}' exists (password unchanged; set ADMIN_PASSWORD to reset it)."
            )
