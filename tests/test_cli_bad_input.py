"""Bad input, through the real entry point: exit code 2, one line on stderr, never a traceback.

Every command and every kind of option is covered: unknown options and commands, missing
arguments, wrong types, values out of their plausible range (the message names the range),
unknown allies/releases/scenarios, and options that contradict each other.
"""

from __future__ import annotations

import sys

import pytest

from natolab.cli.main import app, run
from natolab.store import Store

BAD = [
    # (argv, text the one line must contain)
    (["frobnicate"], "No such command"),
    (["status", "--bogus"], "No such option"),
    (["status", "extra"], "unexpected extra argument"),
    (["status", "--format", "xml"], "--format"),
    (["status", "--year", "abc"], "--year"),
    (["status", "--year", "1800"], "allowed: 1,949 to 2,100"),
    (["status", "--on", "not-a-date"], "not-a-date"),
    (["status", "--release", "nato-1999-01"], "unknown release 'nato-1999-01'"),
    (["status", "--release", "nato-2024-06", "--on", "2020-01-01"], "after the as-of date"),
    (["status", "--on", "1999-01-01"], "no release was published by 1999-01-01"),
    (["compliance", "--target", "150"], "at most 100"),
    (["compliance", "--target", "-2"], "above 0"),
    (["compliance", "--target", "no such target"], "unknown target"),
    (["compliance", "--year", "3000"], "allowed: 1,949 to 2,100"),
    (["trajectory"], "Missing argument"),
    (["trajectory", "Germny"], "did you mean Germany"),
    (["trajectory", "DEU", "--gdp-growth", "-150"], "allowed: -25.0 to 25.0"),
    (["trajectory", "DEU", "--by", "3000"], "allowed: 1,949 to 2,100"),
    (["trajectory", "DEU", "--by", "2000"], "in the past"),
    (["trajectory", "DEU", "--target", "150"], "at most 100"),
    (["burden", "--year", "0"], "allowed: 1,949 to 2,100"),
    (["freeride", "--from", "2022", "--to", "2020"], "after the last"),
    (["chart", "compliance"], "Missing option"),
    (["chart", "burden", "-o", "/tmp/x/chart.gif"], ".png or .svg"),
    (["data", "import", "/no/such/file.xlsx"], "/no/such/file.xlsx"),
    (["data", "export", "--format", "pdf"], "--format"),
    (["data", "export", "-o", ""], "--output is empty"),
    (["data", "export", "-o", "/proc/no-such-dir/"], "cannot write /proc/no-such-dir/"),
    (["data", "sources", "--id", "src-nope"], "no source 'src-nope'"),
    (["data", "sources", "--search", "zzzz-no-such-text"], "no source matches"),
    (["rules", "withdraw", "ZZZ", "--notice", "2025-01-01"], "not a NATO ally"),
    (["rules", "withdraw", "DEU", "--notice", "someday"], "someday"),
    (["rules", "troop-floor", "--troops", "-5"], "allowed: 0 to 10,000,000"),
    (["rules", "article5", "--lat", "100"], "allowed: -90.0 to 90.0"),
    (["rules", "withdraw", "USA", "--notice", "2025-01-01", "--senate-yeas", "120"], "--senate"),
    (["rules", "troop-floor", "--reform", "nope"], "unknown reform 'nope'"),
    (["sim", "run", "no-such-scenario"], "no-such-scenario"),
    (["sim", "run", "hague-2035", "--runs", "0"], "allowed: 1 to 100,000,000"),
    (["sim", "run", "hague-2035", "--runs", "-5"], "allowed: 1 to 100,000,000"),
    (["sim", "run", "hague-2035", "--runs", "5000000"], "--yes"),
    (["sim", "run", "hague-2035", "--seed", "-1"], "--seed"),
    (["sim", "run", "hague-2035", "--workers", "0"], "--workers"),
    (["sim", "run", "hague-2035", "--on", "1999-01-01", "--runs", "10"], "1999-01-01"),
    (["sim", "run", "hague-2035", "--scheduler", "nothost"], "tcp://HOST:PORT"),
    (["sim", "run", "hague-2035", "--scheduler", "tcp://127.0.0.1:9", "--quiet"], "reach"),
    (["sim", "show", "nosuchrun"], "nosuchrun"),
    (["sim", "delete", "nosuchrun"], "nosuchrun"),
    (["check", "/no/such.txt"], "/no/such.txt"),
    (["check", "/no/such.txt", "--format", "yaml"], "--format"),
    (["sim", "sensitivity", "hague-2035", "--n", "0"], "--n"),
    (["sim", "sensitivity", "hague-2035", "--n", "-3"], "--n"),
    (["sim", "sensitivity", "hague-2035", "--method", "fast"], "sobol or morris"),
    (["sim", "discover", "hague-2035", "--n", "0"], "--n"),
    (["sim", "discover", "hague-2035", "--reps", "0"], "--reps"),
]


def invoke(argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the console-script entry point in-process; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["natolab", *argv])
    with pytest.raises(SystemExit) as exited:
        run()
    out, err = capsys.readouterr()
    return exited.value.code, out, err


@pytest.mark.parametrize(("argv", "expected"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str],
    expected: str,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = invoke(argv, monkeypatch, capsys)
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert expected.casefold() in lines[0].casefold()


def commands(group=None, path=()):  # type: ignore[no-untyped-def]
    """Every leaf command of the CLI as its argv prefix (new commands are covered too)."""
    from typer.main import get_command

    group = group or get_command(app)
    for name, command in getattr(group, "commands", {}).items():
        if getattr(command, "commands", None):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


@pytest.mark.parametrize("prefix", list(commands()), ids=" ".join)
def test_every_command_refuses_an_unknown_option_in_one_line(
    prefix: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = invoke([*prefix, "--no-such-option"], monkeypatch, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "No such option" in err


def test_no_arguments_prints_help_not_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = invoke([], monkeypatch, capsys)
    assert code == 0 and "status" in out and err == ""
