"""Writing a few new rows that belong together in one round trip.

`insert_linked(a, b, c)` INSERTs unsaved model instances in the given order. On
PostgreSQL it is ONE statement (a chain of data-modifying CTEs), atomic by
itself even in autocommit: no BEGIN, no COMMIT, no statement per row, which on a
busy host is most of what a short public write costs. Elsewhere each instance
is saved in turn inside a transaction.

A field of a later instance may refer to an earlier one's primary key, unknown
until the INSERT: a foreign key whose related object (cached on the instance)
is an earlier, unsaved instance of the call, or `PkOf(earlier)` / a JSON list
`PkList(earlier, ...)` as the field's value. Afterwards every instance has its
primary key and its references, as after `save()`.

Like `save()` for a new instance: every field's `pre_save` runs (auto_now and
auto_now_add set the times), except for the fields named in `keep` (e.g. a
creation time given by the caller), whose value is stored as it is. No model
signals are sent and `full_clean()` is not called: use it for models that have
neither (validate first, as the services do).
"""

import json

from django.db import connections, transaction
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.db.models.sql import InsertQuery


class PkOf:
    """The primary key of an earlier instance of the same insert_linked() call."""

    def __init__(self, obj: Model):
        self.obj = obj


class PkList:
    """A JSON list of the primary keys of earlier instances and plain JSON values
    (e.g. a task's arguments: PkList(enrollment, "confirmed"))."""

    def __init__(self, *items):
        self.items = items

    def resolved(self) -> list:
        return [item.pk if isinstance(item, Model) else item for item in self.items]


def _references(obj: Model, earlier: list[Model]) -> dict:
    """{attname: marker} of `obj`'s fields that refer to earlier instances."""
    refs = {}
    for field in obj._meta.concrete_fields:
        value = obj.__dict__.get(field.attname)
        if isinstance(value, PkOf | PkList):
            refs[field.attname] = value
        elif field.is_relation and field.many_to_one and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if any(related is e for e in earlier):
                refs[field.attname] = PkOf(related)
    return refs


def _pk_of(obj: Model, objs: list[Model], connection) -> str:
    """SQL for the primary key of `obj`, inserted by the CTE _row<its position>."""
    position = next(i for i, o in enumerate(objs) if o is obj)
    return f"(SELECT {connection.ops.quote_name(obj._meta.pk.column)} FROM _row{position})"  # noqa: S608 - names only


def insert_linked(*objs: Model, keep: dict | None = None, using: str = "default") -> None:
    """INSERT `objs` (new instances) in order; see the module docstring. `keep`:
    {position of an instance in `objs`: [field names whose value is stored as
    given, without pre_save]} (unsaved instances are not hashable)."""
    objs, keep = list(objs), keep or {}
    connection = connections[using]
    refs = [_references(obj, objs[:i]) for i, obj in enumerate(objs)]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=using):
            for i, (obj, obj_refs) in enumerate(zip(objs, refs, strict=True)):
                for attname, ref in obj_refs.items():
                    value = ref.obj.pk if isinstance(ref, PkOf) else ref.resolved()
                    setattr(obj, attname, value)
                kept = {name: getattr(obj, name) for name in keep.get(i, ())}
                obj.save(force_insert=True, using=using)
                if kept:
                    type(obj)._base_manager.using(using).filter(pk=obj.pk).update(**kept)
                    for name, value in kept.items():
                        setattr(obj, name, value)
        return

    ctes, params = [], []
    for i, (obj, obj_refs) in enumerate(zip(objs, refs, strict=True)):
        meta = obj._meta
        fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
        kept = set(keep.get(i, ()))
        for field in fields:  # what save() stores: pre_save values (auto times), references as subqueries
            if field.attname in obj_refs:
                ref = obj_refs[field.attname]
                if isinstance(ref, PkOf):
                    sql, sql_params = _pk_of(ref.obj, objs, connection), ()
                else:
                    parts = [
                        _pk_of(item, objs, connection) if isinstance(item, Model) else "%s::jsonb" for item in ref.items
                    ]
                    sql_params = tuple(json.dumps(item) for item in ref.items if not isinstance(item, Model))
                    sql = f"jsonb_build_array({', '.join(parts)})"
                setattr(obj, field.attname, RawSQL(sql, sql_params))  # noqa: S611 - names and placeholders only
            elif field.name not in kept:
                setattr(obj, field.attname, field.pre_save(obj, add=True))
        query = InsertQuery(type(obj))
        query.insert_values(fields, [obj], raw=True)
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = [meta.pk]
        ((sql, sql_params),) = compiler.as_sql()
        ctes.append(f"_row{i} AS ({sql})")
        params.extend(sql_params)
    ids = ", ".join(_pk_of(obj, objs, connection) for obj in objs)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} SELECT {ids}", params)
        pks = cursor.fetchone()
    for obj, pk, obj_refs in zip(objs, pks, refs, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, using
        for attname, ref in obj_refs.items():
            setattr(obj, attname, ref.obj.pk if isinstance(ref, PkOf) else ref.resolved())
