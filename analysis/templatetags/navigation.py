"""The main menu (`_nav_items.html`), rendered once per process for each state it can be in.

Every page has it: 13 `{% url %}` reversals and a dozen comparisons, about a tenth of a page's
CPU on the cheapest pages. What it shows depends only on which entry is active (the path's
first segment, whether it is the home page, the view's name) and on whether the user reviews
(`nav.review`), so that is the key. Kept only for resolved pages (a bounded set of keys).
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix

register = template.Library()

MENU_TEMPLATE = "_nav_items.html"
MAX_ENTRIES = 1000
_rendered: dict = {}


@receiver(setting_changed)
def _forget(**kwargs):  # URLs or templates may differ (tests)
    _rendered.clear()


@register.simple_tag(takes_context=True)
def nav_items(context):
    request = context["request"]
    path = request.path
    match = request.resolver_match
    nav = context.get("nav")
    review = bool(nav and nav.get("review"))
    key = (
        get_script_prefix(),
        path == "/",
        path[: path.find("/", 1) + 1],  # "/statements/" for "/statements/12/"
        match.view_name if match else None,
        review,
    )
    html = _rendered.get(key)
    if html is None:
        with context.push():
            html = context.template.engine.get_template(MENU_TEMPLATE).render(context)
        if match is not None and len(_rendered) < MAX_ENTRIES:
            _rendered[key] = html
    return html
