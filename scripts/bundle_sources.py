"""Build ``sources.csv``: one row per ``source_id`` used anywhere in the bundle.

Run by ``scripts/build_bundle.py`` (build time only). It parses the three bundled SOURCES.md
files, so the sources list is derived from the compiled documentation and never kept by hand:

- ``spending/SOURCES.md``: ``### S01 — title (grade A)`` headings (``S09–S12`` share one);
- ``operations/SOURCES.md`` and ``geography/SOURCES.md``: tables whose first column is a
  backticked key (a geography key may have no URL: natolab's own drawing or compilation);
- ``facts/SOURCES.md``: ``| src-xxxxxxxx | <URL> | used in |`` rows under Tier A / Tier B;
- ``supplements/SOURCES.md``: ``| src-xxxxxxxx | <URL> | what was taken |`` rows for the pages
  natolab's own supplements (e.g. ``article4_requests.yaml``) cite (dataset ``supplements``).

For the facts and the supplements, the id of every URL cited in the YAML is recomputed (``src-`` + SHA-1), so a
cited URL gets a row even if SOURCES.md missed it. Every gap found is printed, not hidden.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from natolab.data.sources import COLUMNS, source_id_for_url, split_ids  # noqa: E402

URL = re.compile(r"https?://[^\s<>`|)]+")
REPO = re.compile(
    r"\*\*([\w.-]+/[\w.-]+)\*\*,\s*(?:path\s+)?`([^`]+)`,?\s*(?:at\s+)?commit\s+`([0-9a-f]{40})`"
)


def _host(url: str) -> str:
    host = urlsplit(url).netloc
    return host[4:] if host.startswith("www.") else host


def _row(sid: str, dataset: str, title: str, url: str, grade: str, note: str) -> dict[str, str]:
    return dict(
        zip(COLUMNS, (sid, dataset, title, url, grade, " ".join(note.split())), strict=True)
    )


def spending_rows(files: Path, gaps: list[str]) -> list[dict[str, str]]:
    """S01..S15 from the ``###`` headings; grade from the heading, else from spending.csv."""
    text = (files / "spending" / "SOURCES.md").read_text(encoding="utf-8")
    quality = pd.read_csv(files / "spending.csv", keep_default_na=False, dtype=str)
    observed: dict[str, set[str]] = {}
    for ids, grade in zip(quality["source_id"], quality["quality"], strict=True):
        for one in split_ids(ids):
            observed.setdefault(one, set()).add(grade)
    rows = []
    for head, body in re.findall(r"^### (S\d\d.*?)\n(.*?)(?=^##)", text + "\n##", re.M | re.S):
        parsed = re.match(r"S(\d\d)(?:[–-]S(\d\d))?\s*[—-]+\s*(.*)", head)
        if parsed is None:
            raise SystemExit(f"spending/SOURCES.md: unrecognised heading {head!r}")
        first, last, title = parsed.groups()
        for number in range(int(first), int(last or first) + 1):
            sid = f"S{number:02d}"
            part = body
            if last:  # shared heading: each id has its own "- Sxx ..." bullet
                found = re.search(rf"^- {sid}\b(.*?)(?=^- S\d\d|\Z)", body, re.M | re.S)
                part = found.group(1) if found else ""
            grade = re.search(r"\(grade ([A-D])", head)
            grade_text = grade.group(1) if grade else "/".join(sorted(observed.get(sid, ())))
            repo, url = REPO.search(part), URL.search(part)
            link = f"https://github.com/{repo[1]}/blob/{repo[3]}/{repo[2]}" if repo else ""
            link = link or (url.group(0).rstrip(".,;:") if url else "")
            note = part.strip()[:600]
            if not grade:
                note = f"grade as used in spending.csv (heading gives none). {note}"
            if not link:
                gaps.append(f"spending {sid}: SOURCES.md gives no URL")
            title_text = f"{title.strip()} ({sid})" if last else title.strip()
            rows.append(_row(sid, "spending", title_text, link, grade_text, note))
    return rows


def operations_rows(files: Path, dataset: str = "operations") -> list[dict[str, str]]:
    """Keys from the tables of ``<dataset>/SOURCES.md`` (first column a backticked key)."""
    source_md = files / dataset / "SOURCES.md"
    if not source_md.exists():
        return []
    rows, section = [], ""
    for line in source_md.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        key = re.fullmatch(r"`([\w.-]+)`", cells[0]) if line.startswith("|") else None
        if key and len(cells) >= 4:
            url = URL.search(cells[1])
            note = f"used in {cells[2]}: {' | '.join(cells[3:])}"
            link = url.group(0) if url else ""
            title = f"{section}: {_host(link)}" if link else f"{section}: natolab's own"
            rows.append(_row(key.group(1), dataset, title, link, "", note))
    return rows


def _cited_urls(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for value in node.values():
            _cited_urls(value, found)
    elif isinstance(node, list):
        for value in node:
            _cited_urls(value, found)
    elif isinstance(node, str) and node.startswith(("http://", "https://")):
        found.add(node)
    return found


def facts_rows(files: Path, gaps: list[str]) -> list[dict[str, str]]:
    """Rows of facts/SOURCES.md, plus a row for any URL the YAML cites that it lacks."""
    text = (files / "facts" / "SOURCES.md").read_text(encoding="utf-8")
    caveats = dict(re.findall(r"^- `([\w.-]+)` (.*)$", text, re.M))
    rows, listed, tier = [], set(), ""
    line_re = re.compile(r"^\|\s*(src-[0-9a-f]{8})\s*\|\s*<([^>]+)>\s*(.*?)\|\s*(.*?)\s*\|\s*$")
    for line in text.splitlines():
        if line.startswith("## Tier "):
            tier = line.split()[2]
        match = line_re.match(line)
        if not match:
            continue
        sid, url, extra, used = match.groups()
        if source_id_for_url(url) != sid:
            gaps.append(f"facts {sid}: id does not match SHA-1 of {url} (row kept, recomputed)")
            sid = source_id_for_url(url)
        note = f"used in {used}"
        note += "".join(f"; judged unreliable: {c}" for d, c in caveats.items() if d in _host(url))
        title = extra.strip().strip("()") or _host(url)
        rows.append(_row(sid, "facts", title, url, tier, note))
        listed.add(url)
    cited: set[str] = set()
    for path in sorted((files / "facts").glob("*.yaml")):
        _cited_urls(yaml.safe_load(path.read_text(encoding="utf-8")), cited)
    for url in sorted(cited - listed):
        gaps.append(f"facts: {url} cited in the YAML but missing from facts/SOURCES.md")
        rows.append(_row(source_id_for_url(url), "facts", _host(url), url, "", "not in SOURCES.md"))
    for url in sorted(listed - cited):
        gaps.append(f"facts: {url} listed in facts/SOURCES.md but cited by no YAML fact")
    return rows


def supplements_rows(
    files: Path, gaps: list[str], taken: set[str] | frozenset[str] = frozenset()
) -> list[dict[str, str]]:
    """One row per URL natolab's supplements cite (ids already ``taken`` by the facts skipped)."""
    folder = files / "supplements"
    if not folder.is_dir():
        return []
    source_md = folder / "SOURCES.md"
    text = source_md.read_text(encoding="utf-8") if source_md.exists() else ""
    line_re = re.compile(r"^\|\s*(src-[0-9a-f]{8})\s*\|\s*<([^>]+)>\s*\|\s*(.*?)\s*\|\s*$")
    listed: dict[str, str] = {}
    for line in text.splitlines():
        match = line_re.match(line)
        if match:
            sid, url, taken_text = match.groups()
            if source_id_for_url(url) != sid:
                gaps.append(f"supplements {sid}: id does not match SHA-1 of {url}")
            listed[url] = taken_text
    cited: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        for url in sorted(_cited_urls(yaml.safe_load(path.read_text(encoding="utf-8")), set())):
            cited.setdefault(url, []).append(path.name)
    rows = []
    for url, where in cited.items():
        sid = source_id_for_url(url)
        if sid in taken:
            continue  # the facts already give this URL its row
        if url not in listed:
            gaps.append(f"supplements: {url} cited in {', '.join(where)} but not in SOURCES.md")
        note = f"used in supplements/{', '.join(where)}: {listed.get(url, 'not in SOURCES.md')}"
        rows.append(_row(sid, "supplements", _host(url), url, "", note))
    for url in sorted(set(listed) - set(cited)):
        gaps.append(f"supplements: {url} listed in SOURCES.md but cited by no supplement")
    return rows


def _used_ids(files: Path) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    tables = [files / "spending.csv", files / "releases.csv"]
    tables += sorted((files / "operations").glob("*.csv"))
    tables += sorted((files / "geography").glob("*.csv"))
    for path in tables:
        frame = pd.read_csv(path, keep_default_na=False, dtype=str)
        for cell in frame.get("source_id", []):
            for one in split_ids(cell):
                used.setdefault(one, set()).add(path.relative_to(files).as_posix())
    for path in sorted((files / "geography").glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            for one in split_ids(feature["properties"].get("source_id", "")):
                used.setdefault(one, set()).add(path.relative_to(files).as_posix())
    return used


def build_sources(files_dir: Path) -> None:
    """Write ``files_dir/sources.csv`` and print every gap between data and SOURCES.md."""
    gaps: list[str] = []
    rows = spending_rows(files_dir, gaps) + facts_rows(files_dir, gaps)
    rows += operations_rows(files_dir) + operations_rows(files_dir, "geography")
    rows += supplements_rows(files_dir, gaps, {r["source_id"] for r in rows})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    dupes = sorted(set(frame.loc[frame["source_id"].duplicated(), "source_id"]))
    if dupes:
        raise SystemExit(f"sources.csv: the same source_id from two SOURCES.md entries: {dupes}")
    known = set(frame["source_id"])
    for sid, where in sorted(_used_ids(files_dir).items()):
        if sid not in known:
            gaps.append(f"{sid}: used in {', '.join(sorted(where))} but defined in no SOURCES.md")
    cited_by_yaml = frame.loc[frame.dataset.isin(["facts", "supplements"]), "source_id"]
    unused = known - set(_used_ids(files_dir)) - set(cited_by_yaml)
    gaps += [f"{sid}: defined but used by no CSV row" for sid in sorted(unused)]
    frame.to_csv(files_dir / "sources.csv", index=False)
    print(f"sources.csv: {len(frame)} sources ({frame['dataset'].value_counts().to_dict()})")
    for gap in gaps:
        print(f"  gap: {gap}")


if __name__ == "__main__":
    build_sources(ROOT / "src" / "natolab" / "data" / "files")
