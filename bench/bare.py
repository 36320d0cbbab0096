"""The baseline of the public write path: a Django view that parses the same
JSON body and does one INSERT, nothing else (same middleware, same settings)."""

import json

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLE = "bench_bare_insert"


def ensure_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, body jsonb NOT NULL)")


@csrf_exempt
@require_POST
def bare_insert(request):
    body = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (body) VALUES (%s) RETURNING id", [json.dumps(body)])  # noqa: S608
        (pk,) = cursor.fetchone()
    return JsonResponse({"tracking_code": str(pk)}, status=201)
