"""Charts are written offline as real PNG and SVG files that carry their provenance."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from natolab import Alliance
from natolab.burden import compliance, trajectory, us_share
from natolab.burden.charts import burden_chart, compliance_chart, trajectory_chart
from natolab.errors import InputError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR" and data.rstrip(b"\x00")[-8:-4] == b"IEND"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 600 and height >= 300


def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return path.read_text(encoding="utf-8")


def test_compliance_chart_png_and_svg(e2024: Alliance, tmp_path: Path) -> None:
    report = compliance(e2024, 2024)
    assert_png(compliance_chart(report, tmp_path / "c.png"))
    text = svg_text(compliance_chart(report, tmp_path / "c.svg"))
    assert ">Poland<" in text and "nato-2024-06" in text  # labels and provenance are text
    assert "src-" in text  # the guideline's source id


def test_trajectory_chart(e2024: Alliance, tmp_path: Path) -> None:
    result = trajectory(e2024, "Germany", 3.5, 2035, gdp_growth=1.0)
    assert_png(trajectory_chart(result, tmp_path / "t.png"))
    text = svg_text(trajectory_chart(result, tmp_path / "t.svg"))
    assert "user-supplied" in text and "Base 2024" in text


def test_burden_chart_and_its_refusals(
    e2024: Alliance, one_figure_withheld: Alliance, tmp_path: Path
) -> None:
    assert_png(burden_chart(us_share(e2024), tmp_path / "sub" / "b.png"))
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        burden_chart(us_share(e2024), tmp_path / "b.pdf")
    with pytest.raises(InputError, match="nothing to chart"):
        burden_chart(us_share(one_figure_withheld, 2026), tmp_path / "b.png")
