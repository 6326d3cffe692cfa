"""Reading an article: bytes to clean text, refusing what is not an article.

Why strict: a checker that silently reads a binary file, a mis-encoded file or a 50 MB dump
returns an empty or absurd report that looks like an answer. Each refusal is one
:class:`~natolab.errors.InputError` line. HTML is reduced to the article's text with
trafilatura (offline), and the boilerplate lines that news pages carry inside their text
(ads, polls, "click here", navigation lists) are dropped.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from natolab.errors import InputError

MAX_BYTES = 5 * 1024 * 1024  # 5 MiB: far above any article, far below a dump
BOILERPLATE = re.compile(
    r"click here|read more\b|save \d+% with code|by completing the poll|privacy policy|"
    r"powered by newsapi|subscribe to|sign up for|advertisement|^cartoon by|"
    r"^further reading on|^news image$|do you support",
    re.IGNORECASE,
)
NAV_LINE = re.compile(r"^\s*[-•]\s*[\w&/' ]{1,40}$")


def read_source(path: str) -> bytes:
    """The raw bytes of ``path`` (``-`` is standard input), refusing over-large input early."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"{path}: no such file")
        if file.stat().st_size > MAX_BYTES:
            raise InputError(f"{path}: {file.stat().st_size:,} bytes; the limit is {MAX_BYTES:,}")
        data = file.read_bytes()
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: more than {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}")
    return data


def decode(data: bytes, name: str = "article") -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused, not guessed."""
    if not data.strip():
        raise InputError(f"{name}: empty; nothing to check")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: a UTF-16 mark but not UTF-16 text (byte {exc.start})"
            ) from exc
    elif b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary data, not a text or HTML article")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not UTF-8 (byte {exc.start}); save the article as UTF-8"
            ) from exc
    if _control_share(text) > 0.01:
        raise InputError(f"{name}: binary data, not a text or HTML article")
    return text


def _control_share(text: str) -> float:
    """Share of control characters other than whitespace: high for binary files."""
    sample = text[:20000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return bad / max(len(sample), 1)


def is_html(text: str) -> bool:
    """Looks like markup rather than prose."""
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or len(re.findall(r"<(p|div)\b", head)) >= 2


def html_to_text(html: str) -> str:
    """The article's main text, offline (trafilatura drops navigation, ads and comments)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text:
        raise InputError("HTML page: no article text found in it")
    return str(text)


def html_date(html: str) -> str | None:
    """The page's publication date from its metadata (trafilatura/htmldate, offline), if any."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    found = getattr(meta, "date", None) if meta is not None else None
    return str(found)[:10] if found else None


def clean(text: str) -> str:
    """Blank out boilerplate lines, keeping every other character at its offset.

    Offsets matter: each claim's quote is reported with character offsets into this text.
    """
    lines = text.split("\n")
    kept = [" " * len(line) if _is_boilerplate(line) else line for line in lines]
    return "\n".join(kept)


def _is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return bool(BOILERPLATE.search(stripped)) or bool(NAV_LINE.match(line))


def article_text(data: bytes, name: str = "article") -> tuple[str, str | None]:
    """Bytes of a text or HTML article to (cleaned text, the page's published date or None)."""
    text = decode(data, name)
    published = None
    if is_html(text):
        published = html_date(text)
        text = html_to_text(text)
    text = clean(text)
    if not text.strip():
        raise InputError(f"{name}: no article text left after removing boilerplate")
    return text, published
