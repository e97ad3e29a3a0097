#!/usr/bin/env python
"""Print a session key signed in as a superuser, for load tests (every page needs sign-in).

Uses the first active superuser, or creates `bench` (no usable password). Run it with the same
DATABASE_URL and SECRET_KEY as the server: the session lives in the database and is tied to the
user's password hash through SECRET_KEY.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user_model = get_user_model()
    user = user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        user = user_model(username="bench", is_staff=True, is_superuser=True)
        user.set_unusable_password()
        user.save()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(session.session_key)


if __name__ == "__main__":
    main()
