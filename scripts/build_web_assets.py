"""Write the dashboard's chart library into the package: ``web/static/vega.js``.

The dashboard serves every asset itself (no CDN). vega, vega-lite and vega-embed come from the
bundle that ``vl-convert-python`` ships (``vl_convert.javascript_bundle()``), so the JavaScript
matches the pinned Python package exactly. The generated file is committed, so a fresh clone
works after ``pip install -e .``; re-run this script after changing the vl-convert pin::

    python scripts/build_web_assets.py
"""

from __future__ import annotations

from pathlib import Path

import vl_convert

TARGET = Path(__file__).resolve().parents[1] / "src" / "natolab" / "web" / "static" / "vega.js"


def main() -> None:
    """Regenerate the bundle (it assigns ``vegaEmbed``, ``vega``, ``vegaLite`` to ``window``)."""
    header = (
        f"/* vega + vega-lite + vega-embed, from vl-convert-python {vl_convert.__version__} */\n"
    )
    TARGET.write_text(header + vl_convert.javascript_bundle(), encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
