"""The benchmark: generate synthetic projects (benchmark/synth.py), verify each suite, then
time them and print the ratios the speed targets are stated in (docs/benchmark.md).

    python benchmark/run.py                      # 50 and 500 endpoints, 3 repetitions
    python benchmark/run.py --sizes 50 --repeat 5 --json results.json
    GUARD_DB=postgres python benchmark/run.py --sizes 50   # after eval "$(scripts/postgres)"

Every suite is run once unmeasured first: it must pass, and the requests each suite sends
are counted (a middleware), so a faster suite that checks less cannot go unnoticed. Last,
the flawed app's generated suite runs (tests/test_flawed.py): every seeded defect must still
fail exactly its items and every fixed twin pass (``--no-flawed`` leaves it out).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
SUITES = {
    "floor": ["--no-guard", "tests/test_floor.py"],
    "hand-written": ["--no-guard", "tests/test_hand.py"],
    "generated": ["-m", "guard_permissions"],
    "generated + query checks": ["-m", "guard_permissions or guard_queries"],
    "generated -n 2": ["-m", "guard_permissions", "-n", "2"],
    "collect generated": ["--collect-only", "-m", "guard_permissions"],
    "collect hand-written": ["--collect-only", "--no-guard", "tests/test_hand.py"],
}
BASE = ["-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
# pytest in-process, then its peak resident memory (KiB on Linux) on stderr's last line.
WRAPPER = (
    "import resource, sys, pytest; code = pytest.main(sys.argv[1:]); "
    "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def run(project: Path, args: list[str], count: Path | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MiB, last line) of one pytest process."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if count is not None:
        env["GUARD_BENCH_COUNT"] = str(count)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *BASE, *args],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    took = time.perf_counter() - start
    rss = int(done.stderr.split("maxrss")[-1].split()[0]) // 1024 if "maxrss" in done.stderr else 0
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0:
        sys.exit(f"{project}: pytest {' '.join(args)} failed:\n" + "\n".join(lines[-30:]))
    return took, rss, lines[-1] if lines else ""


def items(summary: str) -> int:
    """``1050 passed, 1701 deselected in 23.5s`` -> 1050; ``1050/4306 tests collected`` ->
    1050 (the selected ones)."""
    found = re.search(r"(\d+)(?:/\d+)? tests? collected|(\d+) passed", summary)
    return int(next(group for group in found.groups() if group)) if found else 0


def measure(size: int, repeat: int, root: Path) -> dict[str, object]:
    project = root / f"bench{size}"
    if not project.exists():
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(size), str(project)], check=True
        )
    result: dict[str, object] = {"endpoints": size}
    requests: dict[str, int] = {}
    for name in ("floor", "hand-written", "generated"):  # verified: pass, and what they send
        count = root / f"count-{size}-{name}"
        count.unlink(missing_ok=True)
        run(project, SUITES[name], count)
        requests[name] = sum(int(line) for line in count.read_text().split())
    result["requests"] = requests
    timings: dict[str, list[float]] = {name: [] for name in SUITES}
    peak: dict[str, int] = {}
    counts: dict[str, int] = {}
    for _ in range(repeat):
        for name, args in SUITES.items():
            took, rss, summary = run(project, args)
            timings[name].append(took)
            peak[name] = max(peak.get(name, 0), rss)
            counts[name] = items(summary)
    median = {name: statistics.median(times) for name, times in timings.items()}
    result["median_seconds"] = {k: round(v, 2) for k, v in median.items()}
    result["tests"] = counts
    result["peak_rss_mib"] = peak
    generated = counts["generated"]
    # A test's own cost: the run less start-up and collection (the --collect-only run).
    per_item = (median["generated"] - median["collect generated"]) / generated
    query_items = counts["generated + query checks"] - generated
    per_query_item = (median["generated + query checks"] - median["generated"]) / query_items
    result["ratios"] = {
        "generated / floor": round(median["generated"] / median["floor"], 2),
        "generated / hand-written": round(median["generated"] / median["hand-written"], 2),
        "ms per generated test": round(1000 * per_item, 2),
        "a query-check test's cost over a permission test's": round(
            per_query_item / per_item - 1, 3
        ),
        "collection ms per endpoint (plugin's share)": round(
            1000 * (median["collect generated"] - median["collect hand-written"]) / size, 1
        ),
        "-n 2 speed-up": round(median["generated"] / median["generated -n 2"], 2),
    }
    return result


def flawed_still_caught() -> str:
    """The flawed app's defects, after the optimisations measured above: each caught, with
    its message, and each fixed twin green (the project's own tests of them)."""
    checks = "exactly_the_expected_items or fixed_twin_passes or report_naming_it"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/test_flawed.py",
         "-k", checks],
        cwd=HERE.parent, capture_output=True, text=True, check=False,
    )  # fmt: skip
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    verdict = "all caught, fixed twins green" if done.returncode == 0 else "FAILED"
    return f"flawed app (tests/test_flawed.py -k '{checks}'): {verdict}: {last}"


def table(results: list[dict[str, object]]) -> str:
    sizes = [f"{r['endpoints']} endpoints" for r in results]
    lines = ["| figure | " + " | ".join(sizes) + " |", "|---" * (len(sizes) + 1) + "|"]
    for key in results[0]["ratios"]:  # type: ignore[attr-defined]
        values = [str(r["ratios"][key]) for r in results]  # type: ignore[index]
        lines.append(f"| {key} | " + " | ".join(values) + " |")
    for key in ("floor", "hand-written", "generated"):
        values = [f"{r['median_seconds'][key]} s, {r['tests'][key]} tests, "  # type: ignore[index]
                  f"{r['requests'][key]} requests" for r in results]  # type: ignore[index]  # fmt: skip
        lines.append(f"| {key} | " + " | ".join(values) + " |")
    values = [str(max(r["peak_rss_mib"].values())) for r in results]  # type: ignore[attr-defined]
    lines.append("| peak memory, MiB | " + " | ".join(values) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-flawed", dest="flawed", action="store_false")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "guard-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = [measure(size, args.repeat, args.workdir) for size in args.sizes]
    print(table(results))
    if args.flawed:
        print(flawed_still_caught())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
