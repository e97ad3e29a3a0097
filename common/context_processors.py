"""Template context every page shares."""

from django.utils.functional import SimpleLazyObject

NAV_KEY = "nav"  # written at sign-in by positions.review_access.menu_remember


def navigation(request) -> dict:
    """`nav`: what the menu offers the signed-in user beyond the reading pages (which every
    signed-in user may open): `nav.review` for those who review proposals (staff, admins).

    Worked out at sign-in and kept in the session, so that the menu costs the pages no query
    (every page has a pinned query budget). A session from before that (or a role changed
    since) is worked out here once from the permissions, then kept. The views check access on
    every request; the menu only saves people a 403.
    """

    def compute() -> dict:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return {}
        nav = request.session.get(NAV_KEY)
        if not nav or nav.get("user") != user.pk:
            nav = {"user": user.pk, "review": user.has_perm("positions.add_stance")}
            request.session[NAV_KEY] = nav
        return nav

    return {"nav": SimpleLazyObject(compute)}
