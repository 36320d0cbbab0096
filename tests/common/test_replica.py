"""Dashboards read from a streaming replica when DATABASE_REPLICA_URL is set (issue 13, item 7).

The fixture starts a small PostgreSQL primary of its own (initdb as the postgres
user, a free port, replication allowed in its own pg_hba.conf) and a replica of
it (pg_basebackup -R), so the shared server's configuration is left alone. The
probe process (tests/common/replica_probe.py) runs Django against that pair."""

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from asn_competency.common import replica as replica_module

ROOT = Path(__file__).resolve().parents[2]


def _bindir() -> Path | None:
    found = shutil.which("pg_config")
    if found:
        bindir = Path(subprocess.run([found, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """PostgreSQL clusters under a temporary folder, run as the postgres user when we are root."""

    def __init__(self, bindir: Path, base: Path):
        self.bindir, self.base = bindir, base

    def run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, cwd=self.base, timeout=120)

    def conf(self, data: Path, port: int, **extra: str) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(port),
            "unix_socket_directories": f"'{self.base}'",
            "fsync": "off",
            "shared_buffers": "32MB",
            "max_connections": "30",
            **extra,
        }
        with open(data / "postgresql.auto.conf", "a") as f:
            f.writelines(f"{k} = {v}\n" for k, v in settings.items())

    def start(self, data: Path) -> None:
        self.run("pg_ctl", "-D", str(data), "-l", str(data / "server.log"), "-w", "-t", "60", "start")

    def stop(self, data: Path) -> None:
        self.run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")


@pytest.fixture(scope="module")
def primary_and_replica():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the replica test runs in the PostgreSQL run (DATABASE_URL=postgres://...)")
    bindir = _bindir()
    if bindir is None:
        message = "needs PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {message}", pytrace=False)
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="km-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    cluster = Cluster(bindir, base)
    primary, standby = base / "primary", base / "replica"
    p_port, r_port = _free_port(), _free_port()
    started = []
    try:
        cluster.run("initdb", "-D", str(primary), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        (primary / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
        )
        cluster.conf(primary, p_port, wal_level="replica", max_wal_senders="4")
        cluster.start(primary)
        started.append(primary)
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(p_port), "-U", "postgres", "km")
        cluster.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(p_port), "-U", "postgres",
            "-D", str(standby), "-R", "-X", "stream", "--checkpoint=fast",
        )  # fmt: skip
        cluster.conf(standby, r_port, hot_standby="on")
        cluster.start(standby)
        started.append(standby)
        urls = {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{p_port}/km",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{r_port}/km",
        }
        env = dict(os.environ, **urls, DJANGO_SETTINGS_MODULE="asn_competency.settings.test", PYTHONPATH=str(ROOT))
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
        )
        yield cluster, env, standby
    finally:
        for data in reversed(started):
            with contextlib.suppress(subprocess.CalledProcessError):
                cluster.stop(data)
        shutil.rmtree(base, ignore_errors=True)


def _probe(env, mode):
    done = subprocess.run(
        [sys.executable, "-m", "tests.common.replica_probe", mode],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_dashboard_reads_through_a_streaming_replica_and_falls_back_to_the_primary(primary_and_replica):
    cluster, env, standby = primary_and_replica
    seen = _probe(env, "stream")
    # Written on the primary, read through the replica, and only there.
    assert seen["after_one_write"] == 1
    assert seen["replica_queries"] > 0
    assert seen["primary_queries"] == []
    # Replay paused: the replica still shows one session, the primary two; the
    # dashboard shows the replica's figure, so its reads went there.
    assert seen["paused_via_replica"] == 1
    assert seen["paused_on_primary"] == 2
    assert seen["resumed_via_replica"] == 2

    # The replica stops: the dashboard answers from the primary.
    cluster.stop(standby)
    seen = _probe(env, "fallback")
    assert seen["replica_down"] == 3
    assert seen["primary_queries"] > 0


class _Model:
    class _meta:  # noqa: N801  (stands in for a model's _meta)
        app_label = "evaluation"
        label = "evaluation.Response"


class _SessionModel:
    class _meta:  # noqa: N801  (stands in for a model's _meta)
        app_label = "sessions"
        label = "sessions.Session"


@pytest.mark.django_db
def test_router_routes_only_asked_reads_outside_transactions_and_never_writes():
    from django.db import connections

    router = replica_module.ReplicaRouter()
    connections.settings.setdefault(replica_module.REPLICA, {})  # configured for the router's check
    try:
        assert router.db_for_read(_Model) is None  # not asked
        with replica_module.replica_reads():
            assert router.db_for_write(_Model) == "default"
            assert router.db_for_read(_SessionModel) is None  # log-ins and sessions: primary only
            # pytest-django runs this test inside a transaction: reads stay on the primary.
            assert connections["default"].in_atomic_block
            assert router.db_for_read(_Model) is None
        assert router.allow_migrate(replica_module.REPLICA, "evaluation") is False
        assert router.allow_migrate("default", "evaluation") is True
    finally:
        connections.settings.pop(replica_module.REPLICA, None)
