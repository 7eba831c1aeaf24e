"""The PostgreSQL search index (network.SearchEntry): one stored tsvector per row.

Rows saved or deleted one by one are re-indexed by signals; after a bulk_create or a
queryset update(), run `manage.py rebuild_search_index` (the nightly beat task does).
On other databases search folds text on the fly; only the vocabulary (the words that
"Vouliez-vous dire …" picks from, network.search.vocabulary) is kept, on every database.
"""

from django.apps import apps
from django.db import connection as default_connection
from django.db.models.signals import post_delete, post_save

from network.models import SearchEntry, SearchWord
from network.search import vocabulary
from network.search.kinds import KINDS

WEIGHTS = "ABCD"


def _model(kind):
    return apps.get_model(kind.model)


def _vector_sql(kind, qn) -> str:
    model = _model(kind)
    parts = []
    for name, weight in kind.fields:
        column = qn(model._meta.get_field(name).column)
        parts.append(
            f"setweight(to_tsvector('french'::regconfig, unaccent(coalesce(t.{column}::text, ''))),"
            f" '{weight}')"
        )
    return " || ".join(parts)


def _upsert(kind, connection, ids=None) -> int:
    qn = connection.ops.quote_name
    table = qn(_model(kind)._meta.db_table)
    pk = qn(_model(kind)._meta.pk.column)
    where = f"WHERE t.{pk} = ANY(%s)" if ids is not None else ""
    sql = (
        f"INSERT INTO network_searchentry (kind, object_id, vector) "
        f"SELECT %s, t.{pk}, {_vector_sql(kind, qn)} FROM {table} t {where} "
        f"ON CONFLICT (kind, object_id) DO UPDATE SET vector = EXCLUDED.vector"
    )
    params = [kind.key] + ([list(ids)] if ids is not None else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def rebuild(connection=None, kinds=None) -> int:
    """Indexes every row of every kind again and forgets deleted rows."""
    connection = connection or default_connection
    # Migration 0003 builds the index before 0006 creates the vocabulary's table.
    if SearchWord._meta.db_table in connection.introspection.table_names():
        vocabulary.rebuild()
    if connection.vendor != "postgresql":
        return 0
    count = 0
    for kind in KINDS:
        if kinds and kind.key not in kinds:
            continue
        qn = connection.ops.quote_name
        table = qn(_model(kind)._meta.db_table)
        pk = qn(_model(kind)._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM network_searchentry e WHERE e.kind = %s AND NOT EXISTS "
                f"(SELECT 1 FROM {table} t WHERE t.{pk} = e.object_id)",
                [kind.key],
            )
        count += _upsert(kind, connection)
    return count


def _on_save(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return
    kind = _KIND_OF[sender._meta.label]
    if update_fields is not None and not {name for name, _w in kind.fields} & set(update_fields):
        return  # a save that touched no searched text (a status, a counter...)
    vocabulary.remember(getattr(instance, kind.title_field))
    if default_connection.vendor == "postgresql":
        _upsert(kind, default_connection, ids=[instance.pk])


def _on_taxonomy_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        vocabulary.remember(instance.name)


def _on_delete(sender, instance, **kwargs) -> None:
    if default_connection.vendor == "postgresql":
        kind = _KIND_OF[sender._meta.label]
        SearchEntry.objects.filter(kind=kind.key, object_id=instance.pk).delete()


_KIND_OF = {}


def connect_signals() -> None:
    for kind in KINDS:
        _KIND_OF[kind.model] = kind
        model = _model(kind)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"network_index_{kind.key}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"network_unindex_{kind.key}")
    for label in vocabulary.TAXONOMY:
        post_save.connect(_on_taxonomy_save, sender=apps.get_model(label), dispatch_uid=label)
