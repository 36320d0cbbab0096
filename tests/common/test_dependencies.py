"""The lock files pin the whole dependency tree; they must agree with pyproject.toml and with each other.

`make install` and CI install requirements.lock (runtime + dev), the Docker image requirements-runtime.lock,
both with --require-hashes. A package added to pyproject.toml without `make lock` would never be installed.
"""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, str]:
    """{normalised name: version}; every pin must carry hashes."""
    pins, current = {}, None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _name(match[1])
            pins[current] = match[2]
            assert line.rstrip().endswith("\\"), f"{path.name}: {current} has no hashes"
        elif line.strip().startswith("--hash=sha256:"):
            assert current, f"{path.name}: a hash without a package"
    return pins


def direct(group: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] if group == "runtime" else project["optional-dependencies"][group]
    pins = {}
    for spec in specs:
        name, version = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)", spec).groups()
        pins[_name(name)] = version
    return pins


def test_every_direct_dependency_is_locked_at_its_pinned_version():
    lock = locked(ROOT / "requirements.lock")
    stale = {
        name: (version, lock.get(name))
        for name, version in {**direct("runtime"), **direct("dev")}.items()
        if lock.get(name) != version
    }
    assert not stale, f"pyproject.toml and requirements.lock differ (pinned, locked): {stale}; run `make lock`"


def test_the_runtime_lock_is_the_runtime_part_of_the_full_lock():
    full, runtime = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-runtime.lock")
    assert {n: v for n, v in direct("runtime").items() if runtime.get(n) != v} == {}, "run `make lock`"
    assert {n: (v, full.get(n)) for n, v in runtime.items() if full.get(n) != v} == {}, "run `make lock`"
    # Test-only tools stay out of the image.
    assert not {"pytest", "ruff", "selenium", "factory-boy", "pip-tools"} & runtime.keys()
