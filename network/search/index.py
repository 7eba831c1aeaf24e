"""The PostgreSQL search index (network.SearchEntry): one stored tsvector per row, its
text and the names of its themes, stakes and communes (kind.related, weight D), so one
GIN lookup finds a row by either.

Rows saved or deleted one by one are re-indexed by signals, and so are rows whose related
names change (m2m_changed, a renamed theme or commune); after a bulk_create or a queryset
update(), run `manage.py rebuild_search_index` (load_demo and the nightly beat task do).
On other databases search folds text on the fly; only the vocabulary (the words that
"Vouliez-vous dire …" picks from, network.search.vocabulary) is kept, on every database.
"""

from django.apps import apps
from django.db import connection as default_connection
from django.db.models.signals import m2m_changed, post_delete, post_save

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
    for name in kind.related:
        parts.append(
            f"setweight(to_tsvector('french'::regconfig, unaccent({_related_names_sql(model, name, qn)})),"
            f" 'D')"
        )
    return " || ".join(parts)


def _related_names_sql(model, name: str, qn) -> str:
    """SQL for the names reached by `name` ("themes__name", "commune__name") from row t."""
    relation, _name_field = name.split("__")
    field = model._meta.get_field(relation)
    target = field.related_model._meta
    column = qn(target.get_field("name").column)
    if field.many_to_many:
        through = qn(field.remote_field.through._meta.db_table)
        return (
            f"coalesce((SELECT string_agg(r.{column}, ' ') FROM {through} m"
            f" JOIN {qn(target.db_table)} r ON r.{qn(target.pk.column)} = m.{qn(field.m2m_reverse_name())}"
            f" WHERE m.{qn(field.m2m_column_name())} = t.{qn(model._meta.pk.column)}), '')"
        )
    return (
        f"coalesce((SELECT r.{column} FROM {qn(target.db_table)} r"
        f" WHERE r.{qn(target.pk.column)} = t.{qn(field.column)}), '')"
    )


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
    with connection.cursor() as cursor:
        # Fresh statistics, or the planner guesses a handful of rows and skips the GIN index.
        cursor.execute("ANALYZE network_searchentry")
    return count


def _on_save(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return
    kind = _KIND_OF[sender._meta.label]
    searched = {name for name, _w in kind.fields} | {n.split("__")[0] for n in kind.related}
    if update_fields is not None and not searched & set(update_fields):
        return  # a save that touched no searched text (a status, a counter...)
    vocabulary.remember(getattr(instance, kind.title_field))
    if default_connection.vendor == "postgresql":
        _upsert(kind, default_connection, ids=[instance.pk])


def _on_taxonomy_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    vocabulary.remember(instance.name)
    if created or default_connection.vendor != "postgresql":
        return
    # A renamed theme, stake or commune: the rows that name it are indexed again.
    for kind, relation in _RELATED_BY.get(sender._meta.label, []):
        ids = _model(kind).objects.filter(**{relation: instance}).values_list("pk", flat=True)
        _upsert(kind, default_connection, ids=list(ids))


def _on_m2m_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    if default_connection.vendor != "postgresql" or action not in (
        "post_add",
        "post_remove",
        "post_clear",
    ):
        return
    for kind in _KINDS_OF_THROUGH[sender]:
        if not reverse:
            _upsert(kind, default_connection, ids=[instance.pk])
        elif pk_set:
            _upsert(kind, default_connection, ids=list(pk_set))
        else:  # a theme's rows cleared from its side: which were they? Index the kind again.
            _upsert(kind, default_connection)


def _on_delete(sender, instance, **kwargs) -> None:
    if default_connection.vendor == "postgresql":
        kind = _KIND_OF[sender._meta.label]
        SearchEntry.objects.filter(kind=kind.key, object_id=instance.pk).delete()


_KIND_OF = {}
_KINDS_OF_THROUGH = {}  # m2m through model -> the kinds whose vector reads it
_RELATED_BY = {}  # "alliance.Theme" -> [(kind, "themes"), ...]


def connect_signals() -> None:
    for kind in KINDS:
        _KIND_OF[kind.model] = kind
        model = _model(kind)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"network_index_{kind.key}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"network_unindex_{kind.key}")
        for name in kind.related:
            field = model._meta.get_field(name.split("__")[0])
            _RELATED_BY.setdefault(field.related_model._meta.label, []).append((kind, field.name))
            if field.many_to_many:
                through = field.remote_field.through
                _KINDS_OF_THROUGH.setdefault(through, []).append(kind)
                m2m_changed.connect(
                    _on_m2m_changed,
                    sender=through,
                    dispatch_uid=f"network_m2m_{through._meta.label}",
                )
    for label in vocabulary.TAXONOMY:
        post_save.connect(_on_taxonomy_save, sender=apps.get_model(label), dispatch_uid=label)
