"""The claim checker on a 20,000-character article, after start-up, against tokenising alone.

Measured: ``natolab.check`` on the first 20,000 characters of a real seed article (the
longest, 003, cut at a sentence end), with the pipeline built and the store open, as a
long-running process (the web server) would have them. Baseline, same run, same text: the
spaCy blank tokenizer alone, the least any rule-based checker must do. Target: under 1 s.
A second measurement times the user's real command, ``natolab check FILE --format json``,
start-up included, against ``natolab --help`` (interpreter and CLI start-up alone).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from harness import Measurement, best_time, command_time

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "claims" / "seeds" / "003_12e07e402b5da863.txt"
SIZE = 20_000
DATE = "2026-02-01"


def article() -> str:
    """The first 20,000 characters of the seed, ending at a full stop."""
    text = SEED.read_text(encoding="utf-8")[:SIZE]
    return text[: text.rfind(".") + 1]


def benchmark() -> list[Measurement]:
    from natolab.alliance import Alliance
    from natolab.claims import check
    from natolab.claims.nlp import pipeline
    from natolab.store import Store

    text = article()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NATOLAB_HOME"] = folder
        store = Store.open()
        nato = Alliance(on=DATE, store=store)
        nlp = pipeline()[0]
        check(text, DATE, nato)  # start-up: pipeline, facts, store caches
        checked = best_time(lambda: check(text, DATE, nato))
        tokenised = best_time(lambda: nlp.make_doc(text))
        path = Path(folder) / "article.txt"
        path.write_text(text, encoding="utf-8")
        exe = str(Path(sys.executable).with_name("natolab"))
        command = command_time([exe, "check", str(path), "--date", DATE, "--format", "json"], 3)
        startup = command_time([exe, "--help"], 3)
    return [
        Measurement(
            f"check {len(text):,} chars after start-up vs tokenising alone",
            checked,
            tokenised,
            "s",
            "< 1 s",
            checked < 1.0,
        ),
        Measurement(
            "`natolab check FILE --format json` vs `natolab --help`",
            command,
            startup,
            "s",
            "reported (start-up included)",
            True,
        ),
    ]
