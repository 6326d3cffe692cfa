"""Every source_id used anywhere in the bundle resolves to one row of sources.csv.

Expected values are read here from the bundled files themselves (CSV, YAML, SOURCES.md), not
from natolab's code, so the tests check the build and the loaders against the data.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from natolab.data.bundle import bundle_path, bundle_root
from natolab.data.sources import (
    Source,
    load_sources,
    resolve_all,
    source,
    source_id_for_url,
    split_ids,
)
from natolab.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


def _csv(*parts: str) -> pd.DataFrame:
    return pd.read_csv(bundle_path(*parts), keep_default_na=False, dtype=str)


def _ids_in(frame: pd.DataFrame) -> set[str]:
    return {one.strip() for cell in frame["source_id"] for one in cell.split(";") if one.strip()}


def _urls(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_urls(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_urls(v) for v in node)) if node else set()
    return {node} if isinstance(node, str) and node.startswith(("http://", "https://")) else set()


def _cited_fact_urls() -> set[str]:
    files = sorted(bundle_path("facts").glob("*.yaml"))
    return set().union(*(_urls(yaml.safe_load(f.read_text(encoding="utf-8"))) for f in files))


def test_sources_csv_shape():
    frame = load_sources()
    assert list(frame.columns) == ["source_id", "dataset", "title", "url", "tier_or_grade", "note"]
    assert frame["source_id"].is_unique
    assert set(frame["dataset"]) == {"spending", "facts", "operations", "supplements", "geography"}


def test_every_spending_source_id_resolves():
    used = _ids_in(_csv("spending.csv")) | _ids_in(_csv("releases.csv"))
    assert used  # the spending table does cite sources
    resolved = resolve_all(sorted(used))
    assert {s.source_id for s in resolved} == used
    assert {s.dataset for s in resolved} == {"spending"}


def test_every_operations_source_id_resolves():
    for path in sorted(bundle_path("operations").glob("*.csv")):
        used = _ids_in(pd.read_csv(path, keep_default_na=False, dtype=str))
        assert used, path.name
        datasets = {s.dataset for s in resolve_all(sorted(used))}
        # natolab's corrections (supplements/corrections.yaml) add pages of its own
        assert "operations" in datasets and datasets <= {"operations", "supplements"}, path.name


def test_every_url_cited_in_the_facts_has_a_row():
    frame = load_sources().set_index("source_id")
    cited = _cited_fact_urls()
    assert len(cited) > 300
    for url in cited:
        sid = "src-" + hashlib.sha1(url.encode()).hexdigest()[:8]
        assert frame.loc[sid, "url"] == url
        assert frame.loc[sid, "dataset"] == "facts"


def test_url_ids_match_the_ids_printed_in_facts_sources_md():
    text = bundle_path("facts", "SOURCES.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (src-[0-9a-f]{8}) \| <([^>]+)>", text, re.M)
    assert len(rows) > 300
    for sid, url in rows:
        assert source_id_for_url(url) == sid


def test_facts_tier_comes_from_its_section():
    text = bundle_path("facts", "SOURCES.md").read_text(encoding="utf-8")
    tier_a = text.split("## Tier A")[1].split("## Tier B")[0]
    sid, url = re.search(r"^\| (src-[0-9a-f]{8}) \| <([^>]+)>", tier_a, re.M).groups()
    assert source(sid).tier_or_grade == "A"
    assert source(sid).url == url


def test_spending_source_grade_and_url_from_sources_md():
    text = bundle_path("spending", "SOURCES.md").read_text(encoding="utf-8")
    heading = re.search(r"^### S01 — (.*)$", text, re.M).group(1)
    grade = re.search(r"\(grade ([A-D])", heading).group(1)
    repo = re.search(r"\*\*([\w.-]+/[\w.-]+)\*\*", text.split("### S01")[1]).group(1)
    s01 = source("S01")
    assert isinstance(s01, Source)
    assert s01.tier_or_grade == grade
    assert s01.url.startswith(f"https://github.com/{repo}/blob/")
    s13_url = re.search(r"^### S13.*?`(https?://[^`]+)`", text, re.M | re.S).group(1)
    assert source("S13").url == s13_url


def test_operations_key_url_from_sources_md():
    text = bundle_path("operations", "SOURCES.md").read_text(encoding="utf-8")
    url = re.search(r"^\| `afp_isaf_2010` \| (\S+) \|", text, re.M).group(1)
    assert source("afp_isaf_2010").url == url
    assert source("afp_isaf_2010").dataset == "operations"


def test_unknown_ids_are_all_listed():
    with pytest.raises(DataError) as err:
        resolve_all(["S01", "S99", "nope_key;S01", "src-00000000"])
    message = str(err.value)
    assert "S99" in message and "nope_key" in message and "src-00000000" in message
    assert "3 unknown" in message


def test_source_suggests_close_ids():
    with pytest.raises(DataError, match="did you mean"):
        source("S1")


def test_resolve_all_splits_joined_cells():
    assert [s.source_id for s in resolve_all(["S10;S11", "S11"])] == ["S10", "S11"]
    assert split_ids(" S09; S10 ;") == ("S09", "S10")


def test_sources_csv_is_in_the_manifest():
    manifest = (bundle_root() / "MANIFEST.sha256").read_text(encoding="utf-8")
    assert re.search(r"^[0-9a-f]{64}  sources\.csv$", manifest, re.M)


def _bundle_sources_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bundle_sources", ROOT / "scripts" / "bundle_sources.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_gives_a_row_to_a_cited_url_missing_from_sources_md(tmp_path, capsys):
    files = tmp_path / "files"
    shutil.copytree(bundle_root(), files)
    text = (files / "facts" / "SOURCES.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("| src-"))
    sid, url = re.match(r"\| (src-[0-9a-f]{8}) \| <([^>]+)>", line).groups()
    (files / "facts" / "SOURCES.md").write_text(text.replace(line + "\n", ""), encoding="utf-8")
    _bundle_sources_module().build_sources(files)
    rebuilt = pd.read_csv(files / "sources.csv", keep_default_na=False).set_index("source_id")
    assert rebuilt.loc[sid, "url"] == url
    assert rebuilt.loc[sid, "note"] == "not in SOURCES.md"
    assert url in capsys.readouterr().out


def test_build_reports_an_id_defined_nowhere(tmp_path, capsys):
    files = tmp_path / "files"
    shutil.copytree(bundle_root(), files)
    path = files / "operations" / "isaf_fatalities.csv"
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    frame.loc[0, "source_id"] = "made_up_key"
    frame.to_csv(path, index=False)
    _bundle_sources_module().build_sources(files)
    assert "made_up_key: used in operations/isaf_fatalities.csv" in capsys.readouterr().out
