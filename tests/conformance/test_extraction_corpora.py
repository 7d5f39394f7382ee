"""Extraction scored on real news pages nobody here annotated, beside trafilatura's defaults.

bench/extraction.py reads the scrapinghub and Fundus corpora in ../shared, scores
each with its own published method and, with --check, exits 1 when Warta's mean
F1 falls below trafilatura's defaults on either corpus or Warta loses a page
(F1 < 0.5) that trafilatura's defaults extract. Quality, not speed: the pages/s
it prints are not asserted.
"""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.conformance

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "benchmarks" / "extraction"


def test_warta_extracts_at_least_as_well_as_trafilatura_on_both_corpora() -> None:
    assert (CORPORA / "scrapinghub" / "ground-truth.json").is_file(), f"no corpora in {CORPORA}"
    assert (CORPORA / "fundus" / "METHOD.md").is_file(), f"no Fundus corpus in {CORPORA}"
    bench = [sys.executable, str(ROOT / "bench" / "extraction.py"), "--data", str(CORPORA)]
    run = subprocess.run(
        [*bench, "--check", "--only", "warta", "--only", "trafilatura defaults"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # Both corpora were scored, with their full page counts.
    assert "scrapinghub: 181 pages" in run.stdout and "fundus: 60 pages" in run.stdout, run.stdout
