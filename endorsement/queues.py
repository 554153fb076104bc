"""What the staff queues (applications, renewals) share: a page whose count is already known
from the counts per status, and the query strings their links keep."""

from django.core.paginator import Paginator


def counted_page(rows, *, total, number, per_page):
    """Page `number` of `rows`, which hold `total` rows: the counts per status said so, which
    spares the paginator its COUNT query."""
    paginator = Paginator(rows, per_page)
    paginator.count = total
    return paginator.get_page(number)


def filter_links(params):
    """The query strings of a queue's links: every filter but the page (for the pages and the
    sorts), and the same without the status (for the status tabs)."""
    query = params.copy()
    query.pop("page", None)
    without_status = query.copy()
    without_status.pop("status", None)
    return {"query": query.urlencode(), "status_query": without_status.urlencode()}
