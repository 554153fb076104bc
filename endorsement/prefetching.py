"""Loading the rows of one object's one-to-many relations without a query for each empty one.

A page about one application reads a dozen kinds of rows (degrees, fees, decisions, exam
sittings …), and most applications have none of most kinds. Each empty read still costs a
query and the building of its SQL, the larger part of such a page's time. One query of
`EXISTS` probes, each an index lookup on the relation's foreign key, tells which relations have
rows; only those are read.
"""

import functools

from django.db import connections
from django.db.models import Prefetch, prefetch_related_objects


def _relation(model, name):
    """The reverse foreign key `name` of `model` (a one-to-many relation)."""
    relation = model._meta.get_field(name)
    if not (relation.one_to_many and relation.auto_created):
        raise ValueError(f"{model.__name__}.{name} is not a reverse foreign key.")
    return relation


@functools.cache
def _probe_sql(model, names, alias):
    quote = connections[alias].ops.quote_name
    probes = []
    for name in names:
        field = _relation(model, name).field
        table, column = quote(field.model._meta.db_table), quote(field.column)
        # Names from the models' own metadata, quoted; the value is a parameter.
        probes.append(f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)")  # noqa: S608
    return "SELECT " + ", ".join(probes)


def related_present(instance, names):
    """The `names` of `instance`'s reverse foreign keys that hold at least one row (one query)."""
    names = tuple(names)
    if not names:
        return set()
    alias = instance._state.db or "default"
    sql = _probe_sql(type(instance), names, alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [instance.pk] * len(names))
        found = cursor.fetchone()
    return {name for name, present in zip(names, found, strict=True) if present}


def _top(lookup):
    path = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
    return path.split("__")[0]


def mark_empty(instance, name):
    """`instance.<name>.all()` is read as no rows, without a query (what prefetching leaves)."""
    empty = getattr(instance, name).all()
    empty._result_cache = []
    empty._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[_relation(type(instance), name).field.remote_field.cache_name] = empty


def prefetch_present(instance, lookups, *, also=()):
    """`prefetch_related_objects([instance], *lookups)` for the relations that hold rows; the
    others are marked empty. Each lookup starts with a reverse foreign key of `instance`; `also`
    names more of them to probe in the same query. Returns the names, of both, that hold rows."""
    tops = dict.fromkeys([*(_top(lookup) for lookup in lookups), *also])
    present = related_present(instance, tops)
    for name in {_top(lookup) for lookup in lookups} - present:
        mark_empty(instance, name)
    wanted = [lookup for lookup in lookups if _top(lookup) in present]
    if wanted:
        prefetch_related_objects([instance], *wanted)
    return present


def rows_of(instance, names, *, also=()):
    """({name: [rows]}, present): the rows of `instance`'s reverse foreign keys `names`, read
    from what was prefetched where it was, else probed together and read only where they hold
    rows; `present` is the names (with `also`, probed in the same query) that hold rows.
    Nothing is left cached on `instance`, so a caller that adds rows later reads them."""
    cached = getattr(instance, "_prefetched_objects_cache", {})
    known = {
        name for name in names if _relation(type(instance), name).field.remote_field.cache_name in cached
    }
    present = related_present(instance, [name for name in (*names, *also) if name not in known]) | known
    rows = {name: list(getattr(instance, name).all()) if name in present else [] for name in names}
    return rows, present
