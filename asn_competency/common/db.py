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

import datetime
import itertools
import json
import re

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Model


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


_MARKERS = (PkOf, PkList)


def _references(obj: Model, earlier: list[Model]) -> dict:
    """{attname: marker} of `obj`'s fields that refer to earlier instances."""
    refs = {}
    values = obj.__dict__
    for attname, field in _plan(type(obj)).links:
        value = values.get(attname)
        if type(value) in _MARKERS:
            refs[attname] = value
        elif field is not None and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if any(related is e for e in earlier):
                refs[attname] = PkOf(related)
    return refs


def _pk_of(obj: Model, objs: list[Model], connection) -> str:
    """SQL for the primary key of `obj`, inserted by the CTE _row<its position>."""
    position = next(i for i, o in enumerate(objs) if o is obj)
    return f"(SELECT {connection.ops.quote_name(obj._meta.pk.column)} FROM _row{position})"  # noqa: S608 - names only


# Values that Django's own preparation would pass on unchanged to PostgreSQL, by (exact)
# field class: a str (or a str enum, such as a TextChoices member) for text fields, an
# int for integer fields and integer foreign keys, a bool for booleans, a date for date
# fields, an aware datetime for datetime fields; None for all of these (SQL NULL).
# Anything else goes through field.get_db_prep_save, as in save().
_TEXT = (models.CharField, models.TextField, models.SlugField, models.EmailField)
_INTEGER = (
    models.IntegerField, models.SmallIntegerField, models.BigIntegerField, models.PositiveIntegerField,
    models.PositiveSmallIntegerField, models.PositiveBigIntegerField, models.AutoField, models.BigAutoField,
)  # fmt: skip
_NULLABLE = (*_TEXT, *_INTEGER, models.BooleanField, models.DateField, models.DateTimeField, models.ForeignKey)


def _passes_unchanged(field) -> type | None:
    kind = type(field)
    if kind is models.ForeignKey:
        kind = type(field.target_field)
    if kind in _TEXT:
        return str
    if kind in _INTEGER:
        return int
    if kind is models.BooleanField:
        return bool
    if kind is models.DateField:
        return datetime.date
    if kind is models.DateTimeField:
        return datetime.datetime
    return None


def _unchanged(value, kind: type, unchanged: type | None) -> bool:
    """Whether `value` goes to the database as it is (see _passes_unchanged)."""
    if kind is unchanged:
        return kind is not datetime.datetime or value.tzinfo is not None  # a naive one is made aware
    return unchanged is str and isinstance(value, str)


class _Plan:
    """What insert_linked writes for a model, worked out once per process: the
    columns, the statement's fixed text, and per field whether pre_save must run
    (auto times, custom fields) and which value type needs no preparation. The
    statement is not compiled by the ORM on every call (most of a short public
    write's CPU)."""

    def __init__(self, model: type[Model], connection):
        meta, quote = model._meta, connection.ops.quote_name
        fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
        if any(hasattr(f, "get_placeholder") for f in fields):
            raise TypeError(f"insert_linked: {model.__name__} has a field with its own SQL placeholder")
        self.fields = [
            (
                field,
                field.attname,
                field.name,
                type(field).pre_save is not models.Field.pre_save
                and (not isinstance(field, models.DateField) or field.auto_now or field.auto_now_add),
                _passes_unchanged(field),
                type(field) in _NULLABLE,
            )
            for field in fields
        ]
        # Fields that may hold a reference to an earlier instance (PkOf/PkList values, or
        # a cached related object of a foreign key).
        self.links = [(f.attname, f if f.is_relation and f.many_to_one else None) for f in meta.concrete_fields]
        # Each column's type, for the prepared statement's parameters (see _prepared).
        self.types = {f.attname: f.db_type(connection) for f in fields}
        columns = ", ".join(quote(f.column) for f in fields)
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) "
        self.tail = f" RETURNING {quote(meta.pk.column)}"


_plans: dict = {}


def _plan(model: type[Model], connection=None) -> _Plan:
    plan = _plans.get(model)
    if plan is None:
        plan = _plans[model] = _Plan(model, connection or connections["default"])
    return plan


_statement_numbers = itertools.count(1)


def _prepared(connection, sql: str, types: list[str]) -> tuple[str, bool]:
    """`sql` (with %s placeholders) as an EXECUTE of a statement this database
    session has prepared, and whether the returned text prepares it (PREPARE in
    the same round trip, the first time in a session for each shape of call).
    `sql` itself when INSERT_LINKED_PREPARED is off (behind a PgBouncer in
    transaction mode, whose server sessions are not the client's).

    A public submission's statement is long (three INSERTs, a guard, ~45 values):
    PostgreSQL spent more time parsing and planning it than running it (0.2 ms
    of 0.4). Prepared, it is planned once per session; the values still travel
    as parameters. Their types are the columns' (the values of INSERT ... SELECT
    get none from their context). A prepared statement outlives a rollback."""
    if not settings.INSERT_LINKED_PREPARED:
        return sql, False
    state = getattr(connection, "_insert_linked_prepared", None)
    if state is None or state["session"] is not connection.connection:  # a new session: nothing prepared
        state = connection._insert_linked_prepared = {"session": connection.connection, "names": {}}
    arguments = f" ({', '.join(['%s'] * len(types))})" if types else ""
    name = state["names"].get(sql)
    if name is not None:
        return f"EXECUTE {name}{arguments}", False
    name = state["names"][sql] = f"insert_linked_{next(_statement_numbers)}"  # unique in this process
    numbered = iter(range(1, len(types) + 1))
    text = re.sub(r"%s", lambda _m: f"${next(numbered)}", sql)
    declared = f" ({', '.join(types)})" if types else ""
    return f"PREPARE {name}{declared} AS {text}; EXECUTE {name}{arguments}", True


def _unprepared(connection, sql: str) -> None:
    """Forget a statement whose first EXECUTE failed: the next call prepares it
    again under a new name (whether or not PREPARE itself went through)."""
    connection._insert_linked_prepared["names"].pop(sql, None)


def insert_linked(
    *objs: Model, keep: dict | None = None, guard: tuple[str, list] | None = None, using: str = "default"
) -> bool:
    """INSERT `objs` (new instances) in order; see the module docstring. `keep`:
    {position of an instance in `objs`: [field names whose value is stored as
    given, without pre_save]} (unsaved instances are not hashable).

    `guard`: (SQL condition, params), e.g. that a referenced row still exists and is
    active, checked by the same statement: when it does not hold, nothing is
    written and False is returned (True otherwise). Callers may then validate
    against cached objects and let the database decide."""
    objs, keep = list(objs), keep or {}
    connection = connections[using]
    refs = [_references(obj, objs[:i]) for i, obj in enumerate(objs)]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=using):
            if guard is not None:
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT 1 WHERE {guard[0]}", guard[1])
                    if cursor.fetchone() is None:
                        return False
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
        return True

    ctes, params, types = [], [], []
    if guard is not None:
        ctes.append(f"_guard AS (SELECT 1 WHERE {guard[0]})")
        params.extend(guard[1])
        types.extend(["unknown"] * len(guard[1]))  # compared with columns: PostgreSQL infers them
    for i, (obj, obj_refs) in enumerate(zip(objs, refs, strict=True)):
        plan = _plan(type(obj), connection)
        kept, values, state = keep.get(i, ()), [], obj.__dict__
        for field, attname, name, pre_save, unchanged, nullable in plan.fields:
            ref = obj_refs.get(attname) if obj_refs else None
            if ref is None:  # what save() stores: pre_save values (auto times), prepared for the database
                value = field.pre_save(obj, add=True) if pre_save and name not in kept else state[attname]
                state[attname] = value
                values.append("%s")
                types.append(plan.types[attname])
                kind = type(value)
                if (value is None and nullable) or _unchanged(value, kind, unchanged):
                    params.append(value)
                else:
                    params.append(field.get_db_prep_save(value, connection=connection))
            elif isinstance(ref, PkOf):  # a reference: the earlier row's key, from its CTE
                values.append(_pk_of(ref.obj, objs, connection))
            else:
                parts = [
                    _pk_of(item, objs, connection) if isinstance(item, Model) else "%s::jsonb" for item in ref.items
                ]
                params.extend(json.dumps(item) for item in ref.items if not isinstance(item, Model))
                types.extend("text" for item in ref.items if not isinstance(item, Model))
                values.append(f"jsonb_build_array({', '.join(parts)})")
        placeholders = ", ".join(values)  # placeholders and subqueries of primary keys only
        rows = f"SELECT {placeholders} FROM _guard" if guard is not None else f"VALUES ({placeholders})"  # noqa: S608
        ctes.append(f"_row{i} AS ({plan.head}{rows}{plan.tail})")
    ids = ", ".join(_pk_of(obj, objs, connection) for obj in objs)
    sql = f"WITH {', '.join(ctes)} SELECT {ids}"
    statement, preparing = _prepared(connection, sql, types)
    with connection.cursor() as cursor:
        try:
            cursor.execute(statement, params)
        except Exception:
            if preparing:
                _unprepared(connection, sql)
            raise
        pks = cursor.fetchone()
    if pks[0] is None:  # the guard did not hold: nothing was written
        return False
    for obj, pk, obj_refs in zip(objs, pks, refs, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, using
        for attname, ref in obj_refs.items():
            setattr(obj, attname, ref.obj.pk if isinstance(ref, PkOf) else ref.resolved())
    return True
