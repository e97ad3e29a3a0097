"""A django-tables2 base whose pagination accepts any `?per_page=` and `?page=` without error."""

import django_tables2 as tables

MAX_PER_PAGE = 500  # a larger `per_page` is cut down: a page must stay cheap to render


class BoundedTable(tables.Table):
    """`?per_page=` is kept within 1..MAX_PER_PAGE and `?page=` at 1 or more.

    django-tables2 takes both as `int(...)` of the query string, so "-1" or "0" reached the
    paginator and raised EmptyPage (a 500) where a person expects the first page.
    """

    def paginate(self, *args, per_page=None, page=1, **kwargs):
        per_page = max(1, min(per_page or self._meta.per_page, MAX_PER_PAGE))
        page = page if isinstance(page, int) and page >= 1 else 1
        return super().paginate(*args, per_page=per_page, page=page, **kwargs)
