"""Build natolab's bundled dataset from the shared source folder.

Re-runnable: ``python scripts/build_bundle.py [--shared ../shared/data]`` rewrites
``src/natolab/data/files/`` from the compiled sources and refreshes the checksum manifest.
The package itself never reads the shared folder at run time: it reads only what this script
copied. Nothing is computed, interpolated or rounded here; values are copied with their
``source_id`` and quality grade, and the edition of each value becomes a stable release id.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from natolab.data.manifest import write_manifest  # noqa: E402
from natolab.data.measures import FIELD_TO_MEASURE, MEASURES  # noqa: E402

FILES = ROOT / "src" / "natolab" / "data" / "files"

# Editions as documented in spending/SOURCES.md ("NATO editions referred to"): the stable
# release id, publication date (and its precision), constant-price base and estimate years.
RELEASES = [
    {
        "release": "nato-2019-06",
        "edition": "E2019",
        "title": "Defence Expenditure of NATO Countries (2012-2019), PR/CP(2019)069",
        "published": "2019-06-25",
        "published_precision": "day",
        "base_year": 2015,
        "estimate_years": "2019",
        "source_id": "S05",
        "cutoff": None,
        "notes": "",
    },
    {
        "release": "nato-2024-02",
        "edition": "E2024-02",
        "title": "Defence Expenditure of NATO Countries (2014-2023), cut-off 7 Feb 2024",
        "published": "2024-02-14",
        "published_precision": "day",
        "base_year": 2015,
        "estimate_years": "2023",
        "source_id": "S13",
        "cutoff": "2024-02-07",
        "notes": (
            "Share of GDP for 2014 and 2023e only, from a news graphic (S13). No United "
            "States row: the graphic's US line reads '3.49 3.72' with an ambiguous column "
            "order, so it is left out rather than guessed."
        ),
    },
    {
        "release": "nato-2024-06",
        "edition": "E2024",
        "title": "Defence Expenditure of NATO Countries (2014-2024)",
        "published": "2024-06-17",
        "published_precision": "day",
        "base_year": 2015,
        "estimate_years": "2023;2024",
        "source_id": "S01",
        "cutoff": None,
        "notes": "",
    },
    {
        "release": "nato-sgar-2024",
        "edition": "SGAR2024",
        "title": "Figures in the Secretary General's Annual Report 2024 (as listed in the press)",
        # Only the month is documented; the release counts as published at the month's end.
        "published": "2025-04-30",
        "published_precision": "month",
        "base_year": None,
        "estimate_years": "2024",
        "source_id": "S14",
        "cutoff": None,
        "notes": (
            "2024 shares for 30 allies as listed in the press; one value (1.86) has no "
            "country name and is left out."
        ),
    },
    {
        "release": "nato-2025-08",
        "edition": "E2025",
        "title": "Defence Expenditure of NATO Countries (2014-2025), cut-off 3 June 2025",
        "published": "2025-08-28",
        "published_precision": "day",
        "base_year": 2021,
        "estimate_years": "2024;2025",
        "source_id": "S02",
        "cutoff": "2025-06-03",
        "notes": (
            "Share of GDP 2014-2025 only (no money columns); 2025 estimates only for the "
            "allies named by the press coverage of the release (S09-S12, S17) and S18."
        ),
    },
    {
        "release": "nato-2026-07",
        "edition": "E2026",
        "title": "Defence Expenditure of NATO Countries (2014-2026): core defence expenditure",
        "published": "2026-07-10",
        "published_precision": "day",
        "base_year": 2021,
        "estimate_years": "2025;2026",
        "source_id": "S16",
        "cutoff": "2026-07-03",
        "notes": (
            "A different series from earlier editions: core defence expenditure. Bulgaria's "
            "national currency is the euro."
        ),
    },
]

# NATO's tables and the press name some allies differently from ISO; one table maps them.
NAME_ALIASES = {
    "CZE": ["Czech Republic"],
    "MKD": [
        "Republic of North Macedonia",
        "FYR Macedonia",
        "the former Yugoslav Republic of Macedonia",
    ],
    "SVK": ["Slovak Republic"],
    "TUR": ["Turkey", "Turkiye", "Türkiye"],
    "GBR": ["UK", "Britain", "Great Britain"],
    "USA": ["US", "U.S.", "United States of America", "America"],
    "DEU": ["Federal Republic of Germany"],
    "NLD": ["The Netherlands", "Holland"],
}
AGGREGATES = {
    "NATO_EUR_CAN": ["NATO Europe and Canada", "NATO Europe & Canada", "Europe and Canada"],
    "NATO_TOTAL": ["NATO Total", "NATO total", "NATO"],
}


def build_spending(shared: Path) -> None:
    """Tidy, long table by release: one row per release x country x year x measure."""
    raw = pd.read_csv(
        shared / "spending" / "nato_defence_expenditure_by_edition.csv",
        keep_default_na=False,
        dtype={"value": "float64"},
    )
    edition_to_release = {r["edition"]: r["release"] for r in RELEASES}
    unknown = set(raw["edition"]) - set(edition_to_release)
    if unknown:
        raise SystemExit(f"editions without a release id: {sorted(unknown)}")
    unknown_fields = set(raw["field"]) - set(FIELD_TO_MEASURE)
    if unknown_fields:
        raise SystemExit(f"fields without a measure: {sorted(unknown_fields)}")
    tidy = pd.DataFrame(
        {
            "release": raw["edition"].map(edition_to_release),
            "iso3": raw["iso3"],
            "year": raw["year"].astype(int),
            "measure": raw["field"].map(FIELD_TO_MEASURE),
            "value": raw["value"],
            # one unit text per measure (natolab's catalogue), the same an importer writes
            "unit": raw["field"].map(FIELD_TO_MEASURE).map(MEASURES),
            "currency": raw["currency"],
            "base_year": raw["base_year"],
            "is_estimate": raw["estimate"],
            "source_id": raw["source_id"],
            "quality": raw["quality"],
            "precision": raw["precision"],
            "note": raw["note"],
        }
    )
    tidy = tidy.sort_values(["release", "iso3", "measure", "year"], kind="stable")
    tidy.to_csv(FILES / "spending.csv", index=False)
    pd.DataFrame(RELEASES).to_csv(FILES / "releases.csv", index=False)


def build_allies(shared: Path) -> None:
    """Allies with accession dates, and the one name -> ISO table the importers use."""
    members = pd.read_csv(shared / "spending" / "members.csv", keep_default_na=False)
    members.to_csv(FILES / "allies.csv", index=False)
    rows = [(name, iso3) for iso3, name in zip(members["iso3"], members["name"], strict=True)]
    for code, aliases in {**NAME_ALIASES, **AGGREGATES}.items():
        rows += [(alias, code) for alias in aliases]
    names = pd.DataFrame(rows, columns=["name", "iso3"]).drop_duplicates()
    names.to_csv(FILES / "ally_names.csv", index=False)


def copy_tree(src: Path, dst: Path, patterns: tuple[str, ...]) -> None:
    """Copy source files verbatim (facts YAML, operations CSV, their SOURCES.md)."""
    dst.mkdir(parents=True, exist_ok=True)
    for pattern in patterns:
        for path in sorted(src.glob(pattern)):
            shutil.copyfile(path, dst / path.name)


def apply_corrections(files: Path) -> None:
    """Apply natolab's documented corrections (supplements/corrections.yaml) to the copies.

    Each ``old`` text must occur exactly once in its copied file, so a correction never lands
    twice, nor silently misses once the shared data itself changes.
    """
    import yaml

    corrections = yaml.safe_load((files / "supplements" / "corrections.yaml").read_text("utf-8"))
    for fix in corrections["corrections"]:
        path = files / fix["file"]
        text = path.read_text(encoding="utf-8")
        found = text.count(fix["old"])
        if found != 1:
            raise SystemExit(
                f"correction {fix['id']}: old text found {found} times in {fix['file']}"
            )
        path.write_text(text.replace(fix["old"], fix["new"]), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    shared: Path = args.shared
    FILES.mkdir(parents=True, exist_ok=True)
    build_spending(shared)
    build_allies(shared)
    copy_tree(shared / "facts", FILES / "facts", ("*.yaml", "SOURCES.md"))
    copy_tree(shared / "operations", FILES / "operations", ("*.csv", "SOURCES.md", "README.md"))
    copy_tree(shared / "spending", FILES / "spending", ("SOURCES.md", "README.md"))
    apply_corrections(FILES)
    # FILES / "supplements" is natolab's own compiled data (not in the shared folder): kept as is,
    # its cited URLs get rows in sources.csv and its files enter the manifest. So is
    # FILES / "geography" (places, borders, gazetteer; scripts/build_geometry.py writes the
    # outlines): its SOURCES.md keys become sources.csv rows, its files enter the manifest.
    try:
        from bundle_sources import build_sources  # type: ignore[import-not-found]
    except ImportError:
        print("scripts/bundle_sources.py not found: sources.csv not rebuilt")
    else:
        build_sources(FILES)
    write_manifest(FILES)
    print(f"bundle written to {FILES}")


if __name__ == "__main__":
    main()
