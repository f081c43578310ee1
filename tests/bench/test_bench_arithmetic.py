"""The pure parts of the benchmark scripts: arguments, percentiles, verdicts and ratios (no load, no database)."""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` as ``bench_<name>``; the scripts import their helpers (``_common``, ``seeding``,
    ``serving``) as top-level modules, as they do when run from ``bench/``."""
    if f"bench_{name}" in sys.modules:
        return sys.modules[f"bench_{name}"]
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


load = _bench_module("load")
scale = _bench_module("scale")


def summary(rps: float, p95_ms: float, errors: int = 0) -> object:
    """A load summary of 100 s with every latency at ``p95_ms``."""
    requests = round(rps * 100)
    return load.Summary("x", requests, 100.0, [round(p95_ms * 1000)] * 20, errors)


# --- bench/load.py --------------------------------------------------------------------------------

def test_load_parse_args_defaults() -> None:
    args = load.parse_args([])
    assert (args.workers, args.duration, args.rounds, args.no_fail) == ([3], 60, 6, False)


def test_load_parse_args_quick_setting_gives_five_second_rounds() -> None:
    args = load.parse_args(["--duration", "10", "--rounds", "2", "--no-fail"])
    assert load.round_seconds(args.duration, args.rounds) == 5


def test_load_parse_args_reads_a_list_of_worker_counts() -> None:
    assert load.parse_args(["--workers", "2,3"]).workers == [2, 3]


@pytest.mark.parametrize("argv", [["--workers", "0"], ["--workers", "two"], ["--rounds", "0"],
                                  ["--duration", "3", "--rounds", "4"]])
def test_load_parse_args_refuses_nonsense(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        load.parse_args(argv)


def test_load_percentile_is_nearest_rank_in_ms() -> None:
    micros = [n * 1000 for n in range(1, 101)]
    assert (load.percentile(micros, 50), load.percentile(micros, 95)) == (50.0, 95.0)


def test_load_percentile_of_nothing_is_nan() -> None:
    assert math.isnan(load.percentile([], 95))


def test_load_verdicts_met_at_the_boundaries() -> None:
    found = load.verdicts(summary(100, 30), summary(200, 10))
    assert [v.met for v in found] == [True, True, True]


def test_load_verdict_fails_under_half_the_minimal_pages_throughput() -> None:
    found = {v.name: v.met for v in load.verdicts(summary(99, 10), summary(200, 10))}
    assert found == {"requests/s": False, "p95": True, "errors": True}


def test_load_verdict_fails_over_three_times_the_minimal_pages_p95() -> None:
    found = {v.name: v.met for v in load.verdicts(summary(200, 31), summary(200, 10))}
    assert found == {"requests/s": True, "p95": False, "errors": True}


def test_load_verdict_fails_on_one_error_of_the_minimal_page() -> None:
    found = {v.name: v.met for v in load.verdicts(summary(200, 10), summary(200, 10, errors=1))}
    assert found == {"requests/s": True, "p95": True, "errors": False}


def test_load_exit_status_is_one_when_a_verdict_fails() -> None:
    found = load.verdicts(summary(10, 10), summary(200, 10))
    assert load.exit_status(found, no_fail=False) == 1


def test_load_exit_status_is_zero_with_no_fail() -> None:
    found = load.verdicts(summary(10, 10), summary(200, 10))
    assert load.exit_status(found, no_fail=True) == 0


# --- bench/scale.py -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "size"), [("20000", 20_000), ("20k", 20_000), ("2M", 2_000_000),
                                            ("2.5k", 2_500), ("100_000", 100_000)])
def test_scale_parse_size(text: str, size: int) -> None:
    assert scale.parse_size(text) == size


@pytest.mark.parametrize("text", ["abc", "0", "1.5"])
def test_scale_parse_size_refuses_nonsense(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="size"):
        scale.parse_size(text)


def test_scale_parse_args_defaults_to_100k_and_2m() -> None:
    assert scale.parse_args([]).sizes == [100_000, 2_000_000]


def test_scale_parse_args_sorts_the_sizes() -> None:
    assert scale.parse_args(["--sizes", "20k,2000"]).sizes == [2_000, 20_000]


@pytest.mark.parametrize("sizes", ["2000", "2000,2k", "500,20000"])
def test_scale_parse_args_needs_two_sizes_of_at_least_1k(sizes: str) -> None:
    with pytest.raises(SystemExit):
        scale.parse_args(["--sizes", sizes])


def test_scale_database_url_appends_the_size() -> None:
    assert scale.database_url("postgres://h/bench_scale", 2000) == "postgres://h/bench_scale_2000"


def test_scale_human_sizes() -> None:
    assert [scale.human(n) for n in (2_000_000, 100_000, 2_500, 999)] == ["2M", "100k", "2.5k", "999"]


def test_scale_figures_median_and_p95() -> None:
    figures = scale.Figures(queries=9, times=[float(n) for n in range(1, 21)])
    assert (figures.median, figures.p95) == (10.5, 19.0)


def _results(small_ms: float, large_ms: float, queries: tuple[int, int] = (9, 9)) -> dict[str, dict[int, object]]:
    return {"worklist": {1_000: scale.Figures(queries[0], [small_ms] * 3),
                         2_000: scale.Figures(queries[1], [large_ms] * 3)}}


def test_scale_table_meets_the_target_at_exactly_1_3() -> None:
    _lines, met = scale.table([1_000, 2_000], _results(10.0, 13.0), 1.3)
    assert met


def test_scale_table_misses_the_target_over_1_3() -> None:
    lines, met = scale.table([1_000, 2_000], _results(10.0, 13.1), 1.3)
    assert (met, "OVER 1.3x" in lines[-1]) == (False, True)


def test_scale_table_notes_a_change_in_the_number_of_queries() -> None:
    lines, _met = scale.table([1_000, 2_000], _results(10.0, 10.0, queries=(9, 11)), 1.3)
    assert lines[-1].endswith("(queries differ)")


def test_load_env_puts_the_settings_and_the_worktree_before_the_callers_path(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    env = load.load_env(tmp_path, "redis://127.0.0.1:6379/9", "redis://127.0.0.1:6379/10")
    assert env["PYTHONPATH"].split(":") == [str(tmp_path), str(BENCH.parent), "/elsewhere"]


def test_load_env_without_a_callers_path_names_only_the_settings_and_the_worktree(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("PYTHONPATH", raising=False)
    env = load.load_env(tmp_path, "redis://127.0.0.1:6379/9", "redis://127.0.0.1:6379/10")
    assert env["PYTHONPATH"].split(":") == [str(tmp_path), str(BENCH.parent)]
