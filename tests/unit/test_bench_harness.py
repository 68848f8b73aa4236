"""`make bench`'s command line: which benchmarks run, on which databases, and when the document
is rewritten (only a full run)."""

import pytest

from bench import run
from bench.common import Figure


def test_only_picks_a_benchmark_by_its_name_or_a_word_of_it():
    every = run.benchmarks(quick=True)
    assert list(every) == ["hot reads", "event pipeline", "campaign readiness", "reservation storm",
                           "content crawl", "board overview"]
    assert list(run.select(every, "hot-reads")) == ["hot reads"]
    assert list(run.select(every, "storm")) == ["reservation storm"]
    assert list(run.select(every, "board_overview")) == ["board overview"]
    assert run.select(every, None) is every
    with pytest.raises(SystemExit, match="no benchmark 'nothing'"):
        run.select(every, "nothing")
    with pytest.raises(SystemExit):
        run.select(every, "-")


@pytest.mark.parametrize(("argv", "written"), [
    ([], True),
    (["--backend", "both"], True),
    (["--quick"], False),
    (["--only", "hot-reads"], False),
    (["--backend", "sqlite"], False),
    (["--backend", "postgres", "--only", "storm", "--quick"], False),
])
def test_only_a_full_run_rewrites_the_document(argv, written):
    assert run.writes_document(run.arguments_of(argv)) is written


def test_an_unknown_backend_is_refused():
    with pytest.raises(SystemExit):
        run.arguments_of(["--backend", "mysql"])


def test_the_table_names_each_figures_database():
    figures = [Figure("GET /v1/stock/{sku} req/s", "1,900", "2,400", 0.79, "ratio ≥ 0.8", False, database="SQLite")]
    lines = run.table(figures).splitlines()
    assert lines[0] == "| figure | database | ours | baseline (same run) | ratio | target | met? |"
    assert lines[2] == "| GET /v1/stock/{sku} req/s | SQLite | 1,900 | 2,400 | 0.79 | ratio ≥ 0.8 | NO |"
