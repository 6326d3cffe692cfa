"""The docs tell the truth: every ``natolab`` command line in README.md and docs/*.md runs.

Each shell block's synopsis is expanded into real invocations (each ``a|b`` alternative, each
optional ``[...]`` part with and without it, placeholders such as DATE or ID filled in) and run
through the real entry point against the bundled store: exit code 0. Documented Monte Carlo
sizes are cut to a few runs (the options are the same; only the time differs), and the Python
example of the README is executed too. Slow (a minute or two): ``make test-fast`` skips it.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from natolab.cli.main import run
from natolab.store import Store

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WORKBOOK = ROOT / "tests" / "fixtures" / "workbooks" / "240617-def-exp-2024-TABLES-en.xlsx"
PLACEHOLDERS = {
    "DATE": "2025-12-31",
    "ID": "nato-2024-06",
    "ADDR": "tcp://127.0.0.1:9",
    "N": "2",
    "S": "7",
    "NAME": "fit",
    "FILE.png": "chart.png",
    "article.txt": str(ROOT / "tests" / "claims" / "seeds" / "000_ce1eb6318c0be8cb.txt"),
    "page.html": "page.html",  # written by the test: the seed article wrapped in a page
    "FILE.svg": "chart.svg",
    "240617-def-exp-2024-TABLES-en.xlsx": str(WORKBOOK),
}
SMALL = {  # appended: the last value of an option wins, so the documented line stays as written
    ("sim", "run"): ["--runs", "100", "--quiet"],
    ("sim", "sensitivity"): ["--n", "4", "--reps", "1", "--quiet"],
    ("sim", "discover"): ["--n", "40", "--reps", "1", "--quiet"],
}
NOT_RUN = ("--scheduler", "--workers")  # need a cluster: the options are refused-tested elsewhere


def command_lines(path: Path) -> Iterator[str]:
    """``natolab ...`` lines of the file's sh blocks and ``$ natolab`` examples."""
    in_sh = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_sh = line.strip() in ("```sh", "```bash", "```console")
            continue
        text = line.strip().removeprefix("$ ")
        if (in_sh or line.strip().startswith("$ natolab")) and text.startswith("natolab "):
            for part in text.split("#")[0].split(" ; "):
                yield part.strip()


def expand(line: str) -> list[str]:
    """The invocations a synopsis stands for: no optional part, all of them, and each one alone
    (with each of its alternatives) -- linear in the options, not their full product."""
    groups = list(re.finditer(r"\[([^\[\]]*)\]", line))
    if not groups:
        return alternatives(line)

    def render(choice: dict[int, str]) -> str:
        text, last = "", 0
        for index, group in enumerate(groups):
            text += line[last : group.start()] + choice.get(index, "")
            last = group.end()
        return " ".join((text + line[last:]).split())

    options = [[o.strip() for o in g.group(1).split(" | ")] for g in groups]
    variants = [render({}), render({i: o[0] for i, o in enumerate(options)})]
    variants += [render({i: o}) for i, opts in enumerate(options) for o in opts]
    return [v for variant in dict.fromkeys(variants) for v in expand(variant)]


def alternatives(line: str) -> list[str]:
    """``a|b`` tokens (quoted or not) and ``build | verify | sources`` as separate lines."""
    if " | " in line:  # alternatives of the last word
        first, *others = line.split(" | ")
        stem = first.rsplit(" ", 1)[0]
        return [first, *(f"{stem} {other}" for other in others)]
    quoted = re.search(r"('[^']*'(?:\|'[^']*'|\|[^\s\]]+)+)", line)
    match = quoted or re.search(r"(\S+\|\S+)", line)
    if match is None:
        return [line]
    found = match.group(1)
    options = re.findall(r"'[^']*'|[^|]+", found)
    return [v for option in options for v in alternatives(line.replace(found, option, 1))]


def invocations() -> list[list[str]]:
    found: dict[str, list[str]] = {}
    for path in DOCS:
        for line in command_lines(path):
            for variant in expand(line):
                argv = [PLACEHOLDERS.get(t, t) for t in shlex.split(variant)[1:]]
                if argv and not any(flag in argv for flag in NOT_RUN):
                    found.setdefault(" ".join(argv), argv)
    return list(found.values())


DOCUMENTED = invocations()


def test_the_docs_document_commands() -> None:
    heads = {tuple(argv[:2]) for argv in DOCUMENTED}
    assert ("status",) in {h[:1] for h in heads} and ("sim", "sensitivity") in heads
    assert len(DOCUMENTED) > 40


@pytest.mark.slow
@pytest.mark.parametrize("argv", DOCUMENTED, ids=" ".join)
def test_documented_command_runs(
    argv: list[str],
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if "page.html" in argv:
        article = Path(PLACEHOLDERS["article.txt"]).read_text(encoding="utf-8")
        paragraphs = "".join(f"<p>{p}</p>" for p in article.split("\n\n"))
        page = f"<html><body><nav>Menu</nav><article>{paragraphs}</article></body></html>"
        (tmp_path / "page.html").write_text(page, encoding="utf-8")
    if "RUN_ID" in argv:
        monkeypatch.setattr(sys, "argv", ["natolab", "sim", "run", "wales-backtest-2014",
                                          "--runs", "100", "--quiet"])  # fmt: skip
        with pytest.raises(SystemExit):
            run()
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["natolab", "sim", "list", "--format", "csv"])
        with pytest.raises(SystemExit):
            run()
        run_id = capsys.readouterr().out.splitlines()[1].split(",")[0]
        argv = [run_id if a == "RUN_ID" else a for a in argv]
    argv = [str(ROOT / a) if a.startswith("scenarios/") else a for a in argv]
    argv += SMALL.get((argv[0], argv[1]) if len(argv) > 1 else (argv[0], ""), [])
    monkeypatch.chdir(tmp_path)  # charts and exports land here
    monkeypatch.setattr(sys, "argv", ["natolab", *argv])
    with pytest.raises(SystemExit) as exited:
        run()
    out, err = capsys.readouterr()
    assert exited.value.code == 0, err
    assert out.strip() or argv[0] in ("data", "chart")


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["README.md", "docs/cli.md"])
def test_python_examples_run(doc: str, store: Store) -> None:
    """The first Python block of the README and of docs/cli.md, executed as written (Monte
    Carlo run counts cut)."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.S)
    assert block is not None
    code = re.sub(r"runs=[\d_]+", "runs=200", block.group(1))
    namespace: dict[str, object] = {}
    exec(compile(code, doc, "exec"), namespace)  # noqa: S102
    assert "nato" in namespace


def test_plot_works_for_spending_and_says_so_for_other_families(store: Store) -> None:
    """docs/simulation.md: spending results plot; crisis and withdrawal refuse with InputError."""
    import matplotlib

    matplotlib.use("Agg")
    import natolab

    nato = natolab.Alliance(release="nato-2024-06")
    figure = nato.simulate("wales-backtest-2014", runs=200, store=False).plot()
    assert figure.axes[0].lines  # the median line of each series
    text = (ROOT / "docs" / "simulation.md").read_text(encoding="utf-8")
    assert "crisis and withdrawal families have no chart" in text
    with pytest.raises(natolab.InputError, match="crisis model has no plot"):
        nato.simulate("baltic-article5", runs=200, store=False).plot()
