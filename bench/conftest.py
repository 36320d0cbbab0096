"""Benchmarks: `make bench`. Each prints the ratio of a measured path against a
baseline measured in the same run, on the same machine; nothing here asserts a time."""

import statistics
import time

import pytest


def measure(fn, *, repeat: int = 5, number: int = 1) -> float:
    """Median seconds of `number` calls of fn, over `repeat` rounds (after one warm-up)."""
    fn()
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append(time.perf_counter() - started)
    return statistics.median(rounds)


def report(name: str, *, subject: float, baseline: float, subject_label: str, baseline_label: str):
    ratio = baseline / subject if subject else float("inf")
    print(
        f"\n[bench] {name}: {subject_label} {subject * 1000:.1f} ms, {baseline_label} {baseline * 1000:.1f} ms"
        f" -> {ratio:.1f}x"
    )
    return ratio


@pytest.fixture
def bench_report():
    return report
