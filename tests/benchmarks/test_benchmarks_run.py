"""Every benchmark runs at a small size and ends with its figures as one JSON line (``--json``), so
a script can compare runs; the figures themselves are measured by hand (docs/benchmarks.md), never
asserted here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SMALL = {
    "order_import.py": (["--orders", "60"], {"orders_per_s_cpu", "raw_limit_orders_per_s_cpu", "ratio"}),
    "quiet_tick.py": (
        ["--orders", "60"],
        {"tick_getOrder_calls", "tick_cpu_s_median", "cli_sync_cpu_s_median", "cli_own_cpu_s_median"},
    ),
    "product_push.py": (["--products", "300"], {"no_change", "first_push"}),
    "product_list.py": (
        ["--products", "400", "--runs", "1", "--list", "orders"],
        {
            "first_paint_s_median",
            "filter_s_median",
            "start_cpu_s_median",
            "bare_window_cpu_s_median",
            "core_window_cpu_s_median",
            "orm_window_cpu_s_median",
            "start_ratio",
            "own_cpu_s_median",
        },
    ),
    "huge_answer.py": (["--mb", "2"], {"announced", "chunked"}),
}
# The invoice list's data (NAV reports, payments) is built by a path of its own.
RUNS = [(script, args, keys) for script, (args, keys) in SMALL.items()] + [
    ("product_list.py", ["--products", "400", "--runs", "1", "--list", "invoices"], {"peak_rss_mb"})
]


def test_every_benchmark_is_listed_here() -> None:
    found = {p.name for p in BENCHMARKS.glob("*.py") if p.name != "bench_shop.py"}
    assert found == set(SMALL)


@pytest.mark.parametrize(("script", "args", "keys"), RUNS, ids=[" ".join([r[0], *r[1][-1:]]) for r in RUNS])
def test_a_benchmark_prints_one_json_line(
    script: str, args: list[str], keys: set[str], tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOLTHID_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert keys <= set(figures), figures
