"""API authentication: DRF's token authentication, with the account's ASN profile
read in the same query.

DRF's TokenAuthentication reads the token with its user (one join); nearly every
authenticated API request then asks `employee_of(user)` (the self-service
permission, the services acting for the ASN), a second query. Here the token,
the user and the profile (with the unit, position and supervisor that
`accounts.selectors.employee_for_user` loads) come in one statement, and the
profile is cached where `accounts.rules.employee_of` looks for it.

The statement is written out once (names from the models' _meta) and its rows
become model instances through `Model.from_db` with the same converters the ORM
applies: building this six-model join through the ORM for every request cost
more CPU (about 1.3 ms) than the rest of the authentication, and in an enrolment
rush the web processes' CPU is the limit (issue 13).
"""

from functools import cache

from django.db import connections
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from .models import Employee, OrgUnit, Position, User

# (alias, model, (the alias and foreign key it joins on); None: the FROM table).
# The profile's relations are those employee_for_user() loads with it.
_TABLES = (
    ("t", Token, None),
    ("u", User, ("t", Token, "user")),
    ("e", Employee, ("u", Employee, "user")),  # the reverse one-to-one: e.user_id = u.id
    ("ou", OrgUnit, ("e", Employee, "org_unit")),
    ("p", Position, ("e", Employee, "position")),
    ("sup", Employee, ("e", Employee, "supervisor")),
)


@cache
def _statement(alias: str):
    """The SQL, and per table its slice of the row, its field names, the position
    of its primary key and the converters of its columns."""
    connection = connections[alias]
    q = connection.ops.quote_name
    columns, parts, layout = [], [], []
    for table_alias, model, on in _TABLES:
        fields = model._meta.concrete_fields
        start = len(columns)
        converters = []
        for field in fields:
            columns.append(f"{table_alias}.{q(field.column)}")
            col = field.get_col(table_alias)
            converters.append((connection.ops.get_db_converters(col) + col.get_db_converters(connection), col))
        pk_index = [f.attname for f in fields].index(model._meta.pk.attname)
        layout.append((model, slice(start, len(columns)), [f.attname for f in fields], pk_index, converters))
        table = f"{q(model._meta.db_table)} {table_alias}"
        if on is None:
            parts.append(table)
            continue
        other, fk_model, fk_name = on
        fk = q(fk_model._meta.get_field(fk_name).column)
        pk = q(model._meta.pk.column)
        if fk_model is model and table_alias == "e":  # the profile: its user_id points back at u
            condition = f"{table_alias}.{fk} = {other}.{q(User._meta.pk.column)}"
        else:
            condition = f"{table_alias}.{pk} = {other}.{fk}"
        parts.append(f"{'JOIN' if model is User else 'LEFT JOIN'} {table} ON {condition}")
    where = f"t.{q(Token._meta.pk.column)} = %s"
    return f"SELECT {', '.join(columns)} FROM {' '.join(parts)} WHERE {where}", layout  # noqa: S608 - names from _meta


def _load(key: str, alias: str):
    """(token, user, employee or None) for `key`, or None."""
    connection = connections[alias]
    sql, layout = _statement(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        row = cursor.fetchone()
    if row is None:
        return None
    objs = []
    for model, part, attnames, pk_index, converters in layout:
        values = list(row[part])
        if values[pk_index] is None:  # a LEFT JOIN that found nothing
            objs.append(None)
            continue
        for i, (funcs, col) in enumerate(converters):
            for func in funcs:
                values[i] = func(values[i], col, connection)
        objs.append(model.from_db(alias, attnames, values))
    token, user, employee, org_unit, position, supervisor = objs
    Token._meta.get_field("user").set_cached_value(token, user)
    Employee._meta.get_field("user").remote_field.set_cached_value(user, employee)
    if employee is not None:
        Employee._meta.get_field("user").set_cached_value(employee, user)
        Employee._meta.get_field("org_unit").set_cached_value(employee, org_unit)
        Employee._meta.get_field("position").set_cached_value(employee, position)
        Employee._meta.get_field("supervisor").set_cached_value(employee, supervisor)
    return token, user, employee


class TokenWithEmployeeAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's; an unknown token or an inactive
    account gets DRF's own answer (its check runs again for those only)."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        found = _load(key, model.objects.db) if model is Token else None
        if found is None or not found[1].is_active:
            return super().authenticate_credentials(key)  # DRF's lookup; raises AuthenticationFailed
        token, user, employee = found
        user._asn_employee = employee
        return user, token
