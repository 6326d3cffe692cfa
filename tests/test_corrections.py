"""natolab's corrections to the copied shared files, and the rule that seeds are never sources.

Expected values are read from supplements/corrections.yaml, seed_articles.csv and the bundled
files with yaml/pandas, not through the code under test.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from natolab.data.bundle import bundle_path, bundle_root
from natolab.data.facts.operations import load_operations
from natolab.data.sources import load_sources, source_id_for_url

ROOT = Path(__file__).resolve().parents[1]


def corrections() -> list[dict[str, Any]]:
    text = bundle_path("supplements", "corrections.yaml").read_text(encoding="utf-8")
    return list(yaml.safe_load(text)["corrections"])


def seed_urls() -> set[str]:
    seeds = pd.read_csv(bundle_path("supplements", "seed_articles.csv"), keep_default_na=False)
    return {url for url in seeds["url"] if url}


def build_bundle() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_bundle", ROOT / "scripts" / "build_bundle.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("fix", corrections(), ids=lambda fix: fix["id"])
def test_every_correction_is_in_the_bundle(fix: dict[str, Any]) -> None:
    text = (bundle_root() / fix["file"]).read_text(encoding="utf-8")
    assert text.count(fix["new"]) == 1
    assert fix["old"] not in text or fix["old"] in fix["new"]  # an addition keeps the old text
    assert fix["reason"].strip()
    cited = set(load_sources()["url"])
    assert set(fix["sources"]) <= cited  # every page it relies on has a sources.csv row


def test_iceland_sent_civilians_to_isaf_not_troops() -> None:
    allies = pd.read_csv(bundle_path("allies.csv"))
    without_forces = set(allies.loc[~allies["has_armed_forces"], "iso3"])
    assert without_forces == {"ISL"}
    participation = load_operations().participation
    forces = participation[participation["iso3"].isin(without_forces)]
    assert not any("troops" in row for row in forces["contributions"])
    iceland = participation[
        (participation["operation_id"] == "ISAF") & (participation["iso3"] == "ISL")
    ]
    assert iceland["contributions"].iloc[0] == ("civilians",)
    assert source_id_for_url("https://howlingpixel.com/i-en/Iceland_Crisis_Response_Unit") in set(
        iceland["source_ids"].iloc[0]
    )


def _urls_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_urls_in(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_urls_in(v) for v in node)) if node else set()
    if isinstance(node, str) and node.startswith(("http://", "https://")):
        return {node}
    return set()


def test_no_fact_cites_a_seed_article() -> None:
    seeds = seed_urls()
    assert "https://www.thedupreereport.com/?p=32545" in seeds
    root = bundle_root()
    for path in sorted([*root.glob("facts/*.yaml"), *root.glob("supplements/*.yaml")]):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "corrections.yaml":  # its `old` texts quote what was removed
            data = [{"sources": fix["sources"], "new": fix["new"]} for fix in data["corrections"]]
            assert not any(seed in fix["new"] for fix in data for seed in seeds)
        assert not _urls_in(data) & seeds, path.name
    for path in sorted(root.glob("*/SOURCES.md")):
        text = path.read_text(encoding="utf-8")
        assert not any(seed in text for seed in seeds), path
    assert not set(load_sources()["url"]) & seeds


def test_a_correction_that_no_longer_matches_stops_the_build(tmp_path: Path) -> None:
    files = tmp_path / "files"
    shutil.copytree(bundle_root(), files)
    module = build_bundle()
    with pytest.raises(SystemExit, match="isaf_iceland_civilians: old text found 0 times"):
        module.apply_corrections(files)  # already applied: the old text is gone
