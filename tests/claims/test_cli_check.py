"""``natolab check``: formats, HTML, standard input, and one clear line on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from natolab.claims.reading import MAX_BYTES
from natolab.store import Store
from tests.claims.scoring import SEEDS

ARTICLE = SEEDS / "004_0040aaca244042a9.txt"


def natolab(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the installed console script, as a user would."""
    exe = Path(sys.executable).with_name("natolab")
    return subprocess.run([str(exe), *args], capture_output=True, input=stdin, env=os.environ)


def assert_one_clear_line(result: subprocess.CompletedProcess[bytes], words: str) -> None:
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    assert words in err, err


def test_json_report_names_date_verdicts_and_evidence(store: Store) -> None:
    result = natolab("check", str(ARTICLE), "--date", "2023-12-09", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)
    assert doc["date"] == "2023-12-09" and doc["date_basis"] == "given"
    text = ARTICLE.read_text(encoding="utf-8")
    by_kind = {c["kind"]: c for c in doc["claims"]}
    years = by_kind["duration"]
    assert years["verdict"] == "accurate" and years["answer"]["years"] == 74
    assert text[years["start"] : years["end"]] == years["quote"]
    assert set(doc["scale"]) >= {"accurate", "imprecise", "not a factual claim"}


def test_dateline_is_used_when_no_date_is_given(store: Store) -> None:
    result = natolab("check", str(ARTICLE), "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["date"] == "2023-12-07" and doc["date_basis"] == "dateline"


def test_the_same_claim_changes_verdict_with_the_date(store: Store) -> None:
    text = b"For 74 years, NATO has been America's most important military alliance."
    at = {
        day: json.loads(natolab("check", "-", "--date", day, "--format", "json", stdin=text).stdout)
        for day in ("2023-12-09", "2026-06-01")
    }
    assert at["2023-12-09"]["claims"][0]["verdict"] == "accurate"
    assert at["2026-06-01"]["claims"][0]["verdict"] == "inaccurate"


def test_claimreview_is_json_ld_per_claim(store: Store) -> None:
    result = natolab("check", str(ARTICLE), "--date", "2023-12-09", "--format", "claimreview")
    reviews = json.loads(result.stdout)
    assert reviews and all(r["@type"] == "ClaimReview" for r in reviews)
    accurate = [r for r in reviews if r["reviewRating"]["alternateName"] == "accurate"]
    assert accurate and all(r["reviewRating"]["ratingValue"] == 5 for r in accurate)


def test_table_lists_each_claim(store: Store) -> None:
    result = natolab("check", str(ARTICLE), "--date", "2023-12-09")
    out = result.stdout.decode()
    assert result.returncode == 0 and "Claims judged as of 2023-12-09" in out
    assert "duration" in out and "accurate" in out


def test_html_is_reduced_to_the_article(store: Store, tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.read_text(encoding="utf-8").split("\n") if p)
    page = (
        "<!doctype html><html><head><title>News</title>"
        '<meta property="article:published_time" content="2023-12-09T10:00:00Z">'
        "</head><body>"
        "<nav><a href='/'>Home</a> <a href='/x'>Sports</a></nav>"
        f"<article>{body}</article>"
        "<div class='ad'>CLICK HERE TO READ MORE</div><footer>Privacy policy</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = json.loads(natolab("check", str(path), "--format", "json").stdout)
    assert (doc["date"], doc["date_basis"]) == ("2023-12-09", "page metadata")
    kinds = {c["kind"] for c in doc["claims"]}
    assert {"duration", "us_withdrawal_law"} <= kinds
    assert all("CLICK HERE" not in c["quote"] for c in doc["claims"])


def test_boilerplate_lines_are_not_quoted(store: Store) -> None:
    text = (
        b"CLICK HERE TO READ MORE: only five of them were hitting the 2% target in 2016\n"
        b"Article 5 has been invoked once, after the attacks of 11 September 2001.\n"
    )
    doc = json.loads(
        natolab("check", "-", "--date", "2025-01-01", "--format", "json", stdin=text).stdout
    )
    assert [c["kind"] for c in doc["claims"]] == ["article5_invocation"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("Le traité de l'Atlantique nord, signé en 1949".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_get_one_clear_line(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    assert_one_clear_line(natolab("check", str(path)), words)


def test_a_50_mb_file_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert MAX_BYTES < 50 * 1024 * 1024
    assert_one_clear_line(natolab("check", str(path)), "limit")


def test_a_50_mb_stream_is_refused_by_size() -> None:
    data = b"NATO " * (10 * 1024 * 1024)
    assert_one_clear_line(natolab("check", "-", stdin=data), "limit")


def test_a_future_date_is_refused() -> None:
    assert_one_clear_line(natolab("check", str(ARTICLE), "--date", "2999-01-01"), "future")


def test_a_malformed_date_is_refused() -> None:
    assert_one_clear_line(natolab("check", str(ARTICLE), "--date", "yesterday"), "YYYY-MM-DD")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert_one_clear_line(natolab("check", str(tmp_path / "nope.txt")), "no such file")
