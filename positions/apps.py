from django.apps import AppConfig


class PositionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "positions"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .review_access import menu_remember

        # At sign-in, not on every page: the menu's Review link costs the pages no query.
        user_logged_in.connect(menu_remember, dispatch_uid="positions.menu_remember")
