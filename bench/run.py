"""`make bench`: city-scale benchmarks as ratios against baselines measured in the same run.

For each scale (0.1 and 1.0 by default) a throwaway database next to
DATABASE_URL's is created, migrated and filled by `seed_city`; then every row of
issue 13's table is measured against its baseline, interleaved (subject,
baseline, subject, ...), median of --repeat rounds after a warm-up:

- the program-revision report of the current year against one hand-written SQL
  GROUP BY of the same per-program/per-question means;
- IKM of all units against the raw SQL sums;
- pages (HR's training needs, staff feedback list, JP report, evaluation
  dashboard, HR sessions list, public IKM page with a cold cache) against the
  log-in page, in-process through Django's test client;
- with --http: the public POST under gunicorn (2 sync workers, 8 concurrent
  clients) against a bare one-INSERT view (bench/bare.py), and an enrolment
  rush (500 concurrent ASN on a 30-seat session, 4 workers x 8 threads).

Writes bench/results.json and bench/results.md (with EXPLAIN (ANALYZE, BUFFERS)
of the heaviest queries), prints the table and exits 1 when a target is missed.
Nothing here is a unit test; timings are never asserted by the test suite.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGES = {
    "needs": ("/planning/needs/", "hr"),
    "feedback-staff": ("/feedback/staff/", "hr"),
    "jp": ("/planning/jp/", "hr"),
    "dashboard": ("/evaluation/", "hr"),
    "hr-sessions": ("/training/hr/sessions/", "hr"),
    "ikm-cold": ("/feedback/ikm/", None),
}
PAGE_RATIO_MAX = 20.0  # x the log-in page
GROWTH_MAX = 1.5  # x its own time at 1/10 of the data
REPORT_RATIO_MAX = 2.0
IKM_RATIO_MAX = 1.5
POST_RATIO_MIN = 0.5
RUSH_RATE_MIN = 100.0


def _db_url(name: str) -> str:
    parts = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(parts._replace(path=f"/{name}"))


def _env(db: str, **extra) -> dict:
    env = dict(os.environ, DATABASE_URL=_db_url(db), PYTHONPATH=str(ROOT), **extra)
    env.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    env["FEEDBACK_RATE_LIMIT"] = ""  # the load client is one address; limits are not what is measured
    return env


def _psql_admin(sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(_db_url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def prepare(scale: float, db: str) -> float:
    """Create, migrate and seed the throwaway database; returns the seeding time."""
    _psql_admin(f'DROP DATABASE IF EXISTS "{db}"')
    _psql_admin(f'CREATE DATABASE "{db}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=_env(db), check=True)
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", "seed_city", "--scale", str(scale), "--force"], cwd=ROOT, env=_env(db), check=True
    )
    return time.monotonic() - started


# --- measurement (inside a process set up for one database) ---------------------------------


def interleaved(fns: dict, repeat: int) -> dict:
    """Median seconds of each callable, measured in turns (after one warm-up each)."""
    for fn in fns.values():
        fn()
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _heaviest(fn) -> tuple[float, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    selects = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    if not selects:
        return 0.0, ""
    query = max(selects, key=lambda q: float(q["time"]))
    return float(query["time"]), query["sql"]


def measure(scale: float, repeat: int) -> dict:
    import datetime

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from evaluation import services as evaluation_services
    from evaluation.selectors.periods import aware_bounds, period_bounds
    from feedback.selectors import ikm_by_unit

    out = {"scale": scale, "rows": {}, "explain": {}}
    # The worker's periodic jobs have run, as in a running deployment: the IKM summary
    # table (closed days and months) and the staff list's status counts snapshot.
    from feedback.services import feedback_status_counts_refresh, ikm_summary_refresh

    started = time.monotonic()
    periods = ikm_summary_refresh()
    feedback_status_counts_refresh()
    print(
        f"[bench] scale {scale}: worker jobs ({periods} IKM summary periods) {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    hr = User.objects.get(username="hr")
    staff, anonymous = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    staff.force_login(hr)

    def page(url, client, cold=False):
        def get():
            if cold:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    # Two interleaved groups, each with the log-in page: the pages measured with
    # a cold cache clear it, which must not turn the others' cached figures
    # (e.g. the staff list's IKM) into misses.
    fns, medians = {}, {}
    for group_cold in (False, True):
        group = {"login": page("/accounts/login/", anonymous)}
        for name, (url, who) in PAGES.items():
            cold = name.endswith("cold") or name == "dashboard"
            if cold == group_cold:
                group[name] = fns[name] = page(url, staff if who else anonymous, cold=cold)
        for name, value in interleaved(group, repeat).items():
            medians[(name, group_cold) if name == "login" else name] = value
    for name in PAGES:
        cold = name.endswith("cold") or name == "dashboard"
        out["rows"][f"page:{name}"] = {"subject": medians[name], "baseline": medians[("login", cold)]}
        seconds, sql = _heaviest(fns[name])
        if sql and seconds > 0.02:
            out["explain"][f"page {name} ({seconds * 1000:.0f} ms)"] = (sql, _explain(sql))

    # The program-revision report of the current year against one hand-written GROUP BY.
    today = timezone.localdate()
    start, end = period_bounds(kind="year", day=today)
    lo, hi = aware_bounds(start, end)
    hi = min(hi, timezone.now())

    def report():
        run = evaluation_services.report_request(period_kind="year", day=today, enqueue=False)
        evaluation_services.report_run_execute(run_id=run.pk)

    hand_sql = """
        SELECT s.program_id, a.question_id, AVG(a.value), COUNT(*)
        FROM evaluation_answer a
        JOIN evaluation_response r ON r.id = a.response_id
        JOIN training_session s ON s.id = r.session_id
        JOIN evaluation_question q ON q.id = a.question_id
        WHERE s."end" >= %s AND s."end" < %s AND s.status <> 'cancelled' AND q.kind IN ('likert', 'rating')
        GROUP BY s.program_id, a.question_id
    """

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(hand_sql, [lo, hi])
            cursor.fetchall()

    medians = interleaved({"report": report, "hand": hand}, repeat)
    out["rows"]["report"] = {"subject": medians["report"], "baseline": medians["hand"]}
    from evaluation.selectors import aggregation

    sessions = list(aggregation.sessions_in_period(start=start, end=end).values_list("pk", flat=True))
    programs = sorted(set(aggregation.sessions_in_period(start=start, end=end).values_list("program_id", flat=True)))
    for label, fn in (
        ("report survey figures", lambda: aggregation.survey_figures(sessions=sessions)),
        ("report citizen feedback", lambda: aggregation.citizen_figures(program_ids=programs, start=start, end=end)),
    ):
        seconds, sql = _heaviest(fn)
        if sql:
            out["explain"][f"{label} ({seconds * 1000:.0f} ms)"] = (sql, _explain(sql))

    # IKM of every unit over the last twelve months against the raw sums.
    ikm_start = today - datetime.timedelta(days=365)
    ikm_lo = timezone.make_aware(datetime.datetime.combine(ikm_start, datetime.time.min))
    raw_ikm = "SELECT unit_id, COUNT(*), " + ", ".join(f"SUM(u{i})" for i in range(1, 10))
    raw_ikm += " FROM feedback_feedback WHERE created_at >= %s GROUP BY unit_id"

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(raw_ikm, [ikm_lo])
            return cursor.fetchall()

    medians = interleaved({"ikm": lambda: ikm_by_unit(start=ikm_start, end=today), "raw": raw}, repeat)
    out["rows"]["ikm-all-units"] = {"subject": medians["ikm"], "baseline": medians["raw"]}
    figures = {r["unit_id"]: r["responses"] for r in ikm_by_unit(start=ikm_start, end=today)}
    out["ikm_identical_counts"] = figures == {row[0]: row[1] for row in raw()}
    return out


# --- HTTP rows ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, db: str, *, workers: int, threads: int = 1):
        self.port = _free_port()
        args = [PYTHON, "-m", "gunicorn", "bench.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(workers)]
        if threads > 1:
            args += ["-k", "gthread", "--threads", str(threads)]
        self.proc = subprocess.Popen(args + ["--log-level", "warning"], cwd=ROOT, env=_env(db))
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and its workers (Linux /proc)."""
        pids = [self.proc.pid]
        try:
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                pids += [int(p) for p in (task / "children").read_text().split()]
            ticks = os.sysconf("SC_CLK_TCK")
            total = 0
            for pid in pids:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError):
            return float("nan")
        return total / ticks

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)


def _summary(results: list[tuple[int, float, str]], wall: float, cpu: float) -> dict:
    """Rate, p99 latency and status counts of a load run's (status, seconds, body) results."""
    latencies = sorted(r[1] for r in results)
    statuses = {}
    for status, _t, _body in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "rate": len(results) / wall,
        "wall": wall,
        "client_cpu": cpu,
        "p99": latencies[int(0.99 * (len(latencies) - 1))],
        "statuses": statuses,
        "bodies": [r[2] for r in results],
    }


def _load(url: str, bodies: list[tuple[dict, dict]], concurrency: int) -> dict:
    """POST each (json body, headers) with `concurrency` clients; rate, p99, statuses.

    Each client keeps its HTTP connection (a requests.Session per thread), as a
    browser or app does: opening a TCP connection per request cost the client
    (on the same cores as the server) more than some of the requests measured."""
    import threading

    import requests

    local = threading.local()

    def one(item):
        body, headers = item
        if not hasattr(local, "session"):
            local.session = requests.Session()
        started = time.perf_counter()
        response = local.session.post(url, json=body, headers=headers, timeout=60)
        return response.status_code, time.perf_counter() - started, response.text

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, bodies))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return _summary(results, wall, cpu)


def _load_async(url: str, headers: list[dict], concurrency: int, *, method: str = "POST") -> dict:
    """As _load, with a small asyncio HTTP/1.1 client: `concurrency` kept-alive
    connections, one request in flight on each. The client shares the cores with
    the server; a thread and a requests.Session per client cost it about 1.2 ms of
    CPU per request (a tenth of an enrolment's), this about a fifth of that."""
    import asyncio

    parts = urlparse(url)
    body = b"{}" if method == "POST" else b""

    def request(extra: dict) -> bytes:
        lines = [f"{method} {parts.path} HTTP/1.1", f"Host: {parts.netloc}", f"Content-Length: {len(body)}"]
        if body:
            lines.append("Content-Type: application/json")
        lines += [f"{k}: {v}" for k, v in extra.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def exchange(reader, writer, data: bytes) -> tuple[int, bytes, bool]:
        writer.write(data)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
        length = int(fields.get("content-length", 0))
        content = await reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), content, fields.get("connection", "").lower() == "close"

    async def run():
        queue = asyncio.Queue()
        for h in headers:
            queue.put_nowait(request(h))
        results = []

        async def client():
            reader = writer = None
            while not queue.empty():
                data = queue.get_nowait()
                started = time.perf_counter()
                for attempt in range(2):  # a kept connection the server closed: open another once
                    if writer is None:
                        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                    try:
                        status, content, close = await exchange(reader, writer, data)
                        break
                    except (asyncio.IncompleteReadError, ConnectionError):
                        writer.close()
                        writer = None
                        if attempt:
                            raise
                results.append((status, time.perf_counter() - started, content.decode()))
                if close:
                    writer.close()
                    writer = None
            if writer is not None:
                writer.close()

        await asyncio.gather(*(client() for _ in range(concurrency)))
        return results

    started, cpu = time.perf_counter(), time.process_time()
    results = asyncio.run(run())
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return _summary(results, wall, cpu)


def http_rows(db: str, repeat: int, *, rush_only: bool = False) -> dict:
    import django

    django.setup()
    if rush_only:
        return {"enrolment-rush": _rush(db, repeat=repeat)}
    from accounts.models import OrgUnit
    from bench.bare import ensure_table

    ensure_table()
    unit = OrgUnit.objects.filter(serves_public=True, code="disdukcapil").first()
    body = {
        "unit": unit.code,
        "scores": {f"U{i}": 3 + (i % 2) for i in range(1, 10)},
        "kind": "complaint",
        "message": "Antrean perekaman KTP-el sangat panjang hari ini.",
        "anonymous": True,
    }
    rows = {}
    from feedback.models import Feedback

    newest = Feedback.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    server = Gunicorn(db, workers=2)
    try:
        n = 400
        _load(f"{server.url}/api/v1/feedback/", [(body, {})] * 40, 8)  # warm-up
        _load(f"{server.url}/bench/bare/", [(body, {})] * 40, 8)
        subject, baseline = [], []
        for _ in range(repeat):
            subject.append(_load(f"{server.url}/api/v1/feedback/", [(body, {})] * n, 8))
            baseline.append(_load(f"{server.url}/bench/bare/", [(body, {})] * n, 8))
        rate = statistics.median(r["rate"] for r in subject)
        base_rate = statistics.median(r["rate"] for r in baseline)
        rows["public-post"] = {
            "subject_rate": rate,
            "baseline_rate": base_rate,
            "subject_p99": statistics.median(r["p99"] for r in subject),
            "baseline_p99": statistics.median(r["p99"] for r in baseline),
            "errors": sum(v for r in subject for k, v in r["statuses"].items() if k != 201),
        }
    finally:
        server.stop()
        _forget_posted(newest)
    rows["enrolment-rush"] = _rush(db, repeat=min(repeat, 3))
    return rows


def _forget_posted(newest: int) -> None:
    """Delete the submissions the POST rows made (thousands in one day): a database
    measured again (--reuse) must not show pages a day out of proportion."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        gone = "SELECT id FROM feedback_feedback WHERE id > %s"
        cursor.execute(f"DELETE FROM feedback_feedbackevent WHERE feedback_id IN ({gone})", [newest])  # noqa: S608
        cursor.execute(
            "DELETE FROM common_outboxmessage WHERE task LIKE 'feedback.%%' AND sent_at IS NULL "
            "AND created_at >= now() - interval '1 hour'"
        )
        cursor.execute("DELETE FROM feedback_feedback WHERE id > %s", [newest])
    with connection.cursor() as cursor:  # their dead rows must not slow today's reads either
        for table in ("feedback_feedback", "feedback_feedbackevent", "common_outboxmessage"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def _rush(db: str, repeat: int) -> dict:
    import datetime

    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import Employee
    from training.models import Enrollment, EnrollmentEvent, Session

    now = timezone.now()
    session = (
        Session.objects.filter(
            status="scheduled", start__gt=now + datetime.timedelta(days=5), program__status="published"
        )
        .order_by("start")
        .first()
    )
    # 500 ASN with no enrolment overlapping the session (their requests must all be valid).
    busy = Enrollment.objects.filter(session__start__lt=session.end, session__end__gt=session.start).values("employee")
    employees = list(
        Employee.objects.filter(is_active=True, user__isnull=False).exclude(pk__in=busy).order_by("pk")[:500]
    )
    tokens = {}
    for employee in employees:
        tokens[employee.pk] = Token.objects.get_or_create(user_id=employee.user_id)[0].key
    runs = []
    for _ in range(repeat):
        EnrollmentEvent.objects.filter(enrollment__session=session).delete()
        Enrollment.objects.filter(session=session).delete()
        Session.objects.filter(pk=session.pk).update(
            capacity=30, enrollment_opens=now - datetime.timedelta(days=1), enrollment_closes=session.start
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE training_enrollment")
        server = Gunicorn(db, workers=4, threads=8)
        try:
            # A running server, as at the hour the enrolment opens, not one still booting: its
            # workers loaded and each thread's connections open (the session page, read by
            # the same ASN just before), so the rush measures the enrolments only.
            headers = [{"Authorization": f"Token {tokens[e.pk]}"} for e in employees]
            _load_async(f"{server.url}/api/v1/sessions/{session.pk}/", headers, 64, method="GET")
            url = f"{server.url}/api/v1/sessions/{session.pk}/enroll/"
            server_cpu = server.cpu_seconds()
            result = _load_async(url, headers, 64)
            server_cpu = server.cpu_seconds() - server_cpu
        finally:
            server.stop()
        counts = dict(Enrollment.objects.filter(session=session).values_list("status").annotate(n=Count("id")))
        runs.append(
            {
                "rate": result["rate"],
                "statuses": result["statuses"],
                # CPU seconds of the load client and of gunicorn during the rush, against its wall time
                # (the client runs on the same cores as the server and PostgreSQL).
                "wall": result["wall"],
                "client_cpu": result["client_cpu"],
                "server_cpu": server_cpu,
                "enrolled": counts.get("enrolled", 0),
                "waitlisted": counts.get("waitlisted", 0),
            }
        )
    return {
        "rate": statistics.median(r["rate"] for r in runs),
        "runs": runs,
        "exact": all(r["enrolled"] == 30 and r["waitlisted"] == len(employees) - 30 for r in runs),
        "errors_5xx": sum(v for r in runs for k, v in r["statuses"].items() if k >= 500),
        "clients": len(employees),
    }


# --- the table ---------------------------------------------------------------------------------


def table(results: dict) -> tuple[list[dict], bool]:
    rows, ok = [], True
    scales = sorted(results["scales"], key=float)
    for scale in scales:
        data = results["scales"][scale]
        for key, row in data["rows"].items():
            ratio = row["subject"] / row["baseline"] if row["baseline"] else float("inf")
            if key.startswith("page:"):
                target, passed = f"<= {PAGE_RATIO_MAX:g}x login", ratio <= PAGE_RATIO_MAX
            elif key == "report":
                target, passed = f"<= {REPORT_RATIO_MAX:g}x", ratio <= REPORT_RATIO_MAX
            else:
                target, passed = f"<= {IKM_RATIO_MAX:g}x", ratio <= IKM_RATIO_MAX
            rows.append(
                {"what": key, "scale": scale, "subject_ms": row["subject"] * 1000, "baseline_ms": row["baseline"] * 1000,
                 "ratio": ratio, "target": target, "ok": passed}
            )  # fmt: skip
            ok &= passed
        for key, row in data.get("http", {}).items():
            if key == "public-post":
                ratio = row["subject_rate"] / row["baseline_rate"]
                passed = ratio >= POST_RATIO_MIN and row["errors"] == 0
                rows.append(
                    {"what": "public POST req/s (p99 ms)", "scale": scale, "subject_ms": row["subject_rate"],
                     "baseline_ms": row["baseline_rate"], "ratio": ratio, "target": f">= {POST_RATIO_MIN:g}x",
                     "ok": passed,
                     "note": f"p99 {row['subject_p99'] * 1000:.0f} vs {row['baseline_p99'] * 1000:.0f} ms"}
                )  # fmt: skip
            else:
                passed = row["rate"] >= RUSH_RATE_MIN and row["exact"] and row["errors_5xx"] == 0
                rows.append(
                    {"what": "enrolment rush /s", "scale": scale, "subject_ms": row["rate"], "baseline_ms": None,
                     "ratio": None, "target": f">= {RUSH_RATE_MIN:g}/s, exact, 0 5xx", "ok": passed,
                     "note": f"exact={row['exact']} 5xx={row['errors_5xx']} clients={row['clients']}"}
                )  # fmt: skip
            ok &= passed
    if len(scales) >= 2:
        small, large = results["scales"][scales[0]], results["scales"][scales[-1]]
        for key in small["rows"]:
            if key.startswith("page:"):
                growth = large["rows"][key]["subject"] / small["rows"][key]["subject"]
                passed = growth <= GROWTH_MAX
                rows.append(
                    {"what": f"{key} growth", "scale": f"{scales[-1]}/{scales[0]}", "subject_ms": None,
                     "baseline_ms": None, "ratio": growth, "target": f"<= {GROWTH_MAX:g}x", "ok": passed}
                )  # fmt: skip
                ok &= passed
    return rows, ok


def markdown(results: dict, rows: list[dict]) -> str:
    def num(value, fmt="{:.1f}"):
        return "" if value is None else fmt.format(value)

    lines = [
        "# make bench: latest results",
        "",
        f"Run {results['when']} on {results['machine']}; scales {', '.join(results['scales'])}; "
        f"median of {results['repeat']} interleaved rounds. {results.get('note', '')}",
        "",
        "| what | scale | subject | baseline | ratio | target | ok |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        note = f" ({r['note']})" if r.get("note") else ""
        lines.append(
            f"| {r['what']}{note} | {r['scale']} | {num(r['subject_ms'])} | {num(r['baseline_ms'])} "
            f"| {num(r['ratio'], '{:.2f}')} | {r['target']} | {'yes' if r['ok'] else '**no**'} |"
        )
    lines += ["", "Page and report figures are milliseconds; HTTP rows are requests per second.", ""]
    for scale, data in results["scales"].items():
        for label, (sql, plan) in data.get("explain", {}).items():
            lines += [f"## EXPLAIN (ANALYZE, BUFFERS), scale {scale}: {label}", "", "```sql", sql[:3000], "```", "",
                      "```", plan, "```", ""]  # fmt: skip
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.1,1.0")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--http", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--reuse", action="append", default=[], help="SCALE=DBNAME: measure an already seeded database")
    parser.add_argument("--keep", action="store_true", help="Keep the throwaway databases.")
    parser.add_argument(
        "--only-rush", action="store_true",
        help="Measure only the enrolment rush (--repeat runs); for work on the enrolment path.",
    )  # fmt: skip
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--measure-http", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(float(args.measure), args.repeat)))
        return 0
    if args.measure_http:
        print(json.dumps(http_rows(args.measure_http, args.repeat, rush_only=args.only_rush), default=str))
        return 0
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("make bench needs DATABASE_URL=postgres://... (a server it may create databases on)", file=sys.stderr)
        return 2
    base = urlparse(os.environ["DATABASE_URL"]).path.lstrip("/") or "km"
    reuse = dict(item.split("=", 1) for item in args.reuse)
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores",
        "repeat": args.repeat,
        "scales": {},
        "seed_seconds": {},
    }
    for scale in args.scales.split(","):
        db = reuse.get(scale) or f"{base}_bench_{scale.replace('.', '')}"
        if scale not in reuse:
            results["seed_seconds"][scale] = prepare(float(scale), db)
        print(f"[bench] scale {scale}: measuring on {db}", file=sys.stderr)
        if args.only_rush:
            results["scales"][scale] = {"rows": {}}
        else:
            done = subprocess.run(
                [PYTHON, str(Path(__file__)), "--measure", scale, "--repeat", str(args.repeat)],
                cwd=ROOT, env=_env(db), check=True, capture_output=True, text=True,
            )  # fmt: skip
            results["scales"][scale] = json.loads(done.stdout.strip().splitlines()[-1])
        if args.http or args.only_rush:
            only = ["--only-rush"] if args.only_rush else []
            done = subprocess.run(
                [PYTHON, str(Path(__file__)), "--measure-http", db, "--repeat", str(args.repeat), *only],
                cwd=ROOT, env=_env(db), check=True, capture_output=True, text=True,
            )  # fmt: skip
            http = json.loads(done.stdout.strip().splitlines()[-1])
            results["scales"][scale]["http"] = http
        if scale not in reuse and not args.keep:
            _psql_admin(f'DROP DATABASE IF EXISTS "{db}"')
    rows, ok = table(results)
    results["table"] = rows
    results["ok"] = ok
    if reuse:
        results["note"] = "Reused seeded databases: " + ", ".join(f"{s}={d}" for s, d in reuse.items()) + "."
    if args.only_rush:  # a partial run: printed, the results files keep the last full one
        print(json.dumps(results["scales"], indent=1, default=str))
        print(markdown(results, rows).split("\n## ")[0])
        return 0 if ok else 1
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, default=str))
    text = markdown(results, rows)
    (ROOT / "bench" / "results.md").write_text(text)
    print(text.split("\n## ")[0])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
