"""Readers: files on disk -> `Article` records.

Plain text articles like the samples, HTML pages, and JSON Lines (one article per line).
Metadata the text does not carry comes from a `MANIFEST.tsv` (columns file, published,
publisher); the text wins where both say something. The header and trailer lines of a
plain-text article (masthead, headline, byline, date lines, credits) are read by
`builder.headers`.

Every reader raises an `InputError` subclass with the file name and what to do; nothing here
touches the NLP stack or the store.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import (BinaryInputError, EmptyArticleError, EncodingError, InputError,
                     LanguageError, ManifestError, TooLargeError)
from .headers import agency_name, parse_byline, settle_with_dateline, split_header, split_trailer
from .kb import KB
from .model import Article
from .timeparse import parse_date

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
MAX_ARTICLE_BYTES = 2_000_000  # a long news article is ~50 kB; 2 MB is surely not one article
MANIFEST_NAME = "MANIFEST.tsv"

_ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on with as was by at from he she it said has have are were "
    "will be his her its this an not but which who their they".split())
@dataclass
class ManifestRow:
    published: str | None
    publisher: str | None


def read_manifest(path: Path) -> dict[str, ManifestRow]:
    """Rows of a manifest (file, published, publisher), keyed by file name."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read the manifest ({exc})", source=str(path),
                            hint="It must be a UTF-8 TSV file with the columns file, published, publisher.")
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ManifestError("the manifest has no 'file' column in its header row", source=str(path),
                            hint="Start it with the header line: file<TAB>published<TAB>publisher.")
    rows: dict[str, ManifestRow] = {}
    for lineno, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        published = (row.get("published") or "").strip() or None
        if published and parse_date(published) is None:
            raise ManifestError(f"line {lineno}: {published!r} is not a date", source=str(path),
                                hint="Write dates as YYYY-MM-DD.")
        rows[name] = ManifestRow(
            published=parse_date(published).isoformat() if published else None,
            publisher=(row.get("publisher") or "").strip() or None)
    return rows


def decode(raw: bytes, source: str) -> str:
    """Bytes of a file -> text, refusing what is not an article's text."""
    if not raw.strip():
        raise EmptyArticleError("the file is empty", source=source, hint="Remove it or give it the article's text.")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise TooLargeError(f"the file is {len(raw):,} bytes, more than the {MAX_ARTICLE_BYTES:,} bytes an article may have",
                            source=source, hint="Split it into one file per article (or one JSON line per article).")
    if b"\x00" in raw[:8192]:
        raise BinaryInputError("the file is binary, not text", source=source,
                               hint="Give articles as UTF-8 .txt, .html or .jsonl files.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"the file is not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})",
                            source=source, hint="Re-save it as UTF-8, e.g. `iconv -f cp949 -t utf-8`.")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def check_language(body: str, source: str) -> None:
    words = re.findall(r"[^\W\d_]+", body.lower())
    if len(words) < 5:
        raise EmptyArticleError("the article has almost no words", source=source,
                                hint="Give it the article's full text.")
    english = sum(w in _ENGLISH_WORDS for w in words)
    if english / len(words) < 0.05:
        raise LanguageError("the article does not look like English text", source=source,
                            hint="Peninsula reads English articles; translate it first or leave it out.")


def article_id_for(path: Path) -> str:
    """A stable id from the file name: what the article's IRIs are minted from."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "article"
    return stem


def parse_text_article(text: str, source: str, article_id: str, kb: KB, sha256: str) -> Article:
    """A plain-text article -> Article with header and trailer lines taken off the body."""
    lines = text.split("\n")
    header = split_header(lines, kb)
    meta, first = header.meta, header.line
    last = split_trailer(lines, first, meta, kb) if first < len(lines) else first
    if first >= last:
        raise EmptyArticleError("the file has header lines but no article text", source=source,
                                hint="Give it the article's body.")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    body = text[offsets[first] + header.column:offsets[last] - 1].strip("\n")
    check_language(body, source)
    settle_with_dateline(meta, body, kb)
    agency = next((a for a in meta["agencies"] if a), None)
    authors = tuple(meta["authors"]) or ((meta["author"],) if meta.get("author") else ())
    return Article(article_id=article_id, source=source, body=body, sha256=sha256,
                   title=meta.get("title"), author=meta.get("author"), outlet=meta.get("outlet"),
                   published=meta.get("published"), authors=authors, agency=agency,
                   author_titles={a: t for a, t in meta["author_titles"].items() if a in authors})


class _HTMLText(HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "article", "section", "tr", "figcaption"}
    SKIP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "figure"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta" and a.get("content"):
            key = a.get("property") or a.get("name") or ""
            self.meta[key.lower()] = a["content"]
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data
        elif not self._skip:
            self.parts.append(data)


def _set_author(art: Article, name, kb: KB) -> None:
    """An author given as metadata: a person, or an agency ("AFP"), which names the outlet
    when no other is known."""
    if not isinstance(name, str) or not name.strip():
        return
    name = name.strip()
    agency = agency_name(name, kb)
    if agency:
        art.agency = art.agency or agency
        return
    byline = parse_byline("By " + name, kb)  # "Jane Doe and John Roe", "Jane Doe, Staff Writer"
    if byline is not None and byline.authors:
        art.author, art.authors, art.author_titles = byline.authors[0], tuple(byline.authors), dict(byline.titles)
        art.agency = art.agency or next(iter(byline.outlets), None)
        return
    art.author = name
    art.authors = (name,)


def parse_html_article(text: str, source: str, article_id: str, kb: KB, sha256: str) -> Article:
    parser = _HTMLText()
    parser.feed(text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", l).strip() for l in "".join(parser.parts).split("\n")]
    plain = "\n\n".join(l for l in lines if l)
    art = parse_text_article(plain, source, article_id, kb, sha256)
    m = parser.meta
    art.title = m.get("og:title") or m.get("title") or art.title or (parser.title or "").strip() or None
    _set_author(art, m.get("author") or m.get("article:author"), kb)
    art.outlet = kb.outlet_label(m.get("og:site_name", "")) or art.outlet
    published = parse_date(m.get("article:published_time", "") or m.get("date", ""))
    if published:
        art.published = published.isoformat()
    return art


def read_articles(path: Path, kb: KB) -> list[Article]:
    """Every article in one file (a .jsonl file may hold many)."""
    raw = path.read_bytes()
    source = str(path)
    sha = hashlib.sha256(raw).hexdigest()
    text = decode(raw, source)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return [parse_html_article(text, source, article_id_for(path), kb, sha)]
    if suffix == ".jsonl":
        return list(_jsonl_articles(text, path, kb))
    return [parse_text_article(text, source, article_id_for(path), kb, sha)]


def _jsonl_articles(text: str, path: Path, kb: KB):
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {lineno} is not JSON ({exc.msg})", source=str(path),
                             hint="Each line must be one JSON object with at least a 'body' or 'text' field.")
        body = rec.get("body") or rec.get("text") if isinstance(rec, dict) else None
        if not isinstance(body, str) or not body.strip():
            raise EmptyArticleError(f"line {lineno} has no 'body' or 'text'", source=str(path),
                                    hint="Give each JSON line the article's text in 'body'.")
        art_id = article_id_for(Path(str(rec.get("id") or f"{path.stem}-{lineno}")))
        sha = hashlib.sha256(line.encode("utf-8")).hexdigest()
        art = parse_text_article(unicodedata.normalize("NFC", body), where, art_id, kb, sha)
        art.title = rec.get("title") or art.title
        _set_author(art, rec.get("author"), kb)
        art.outlet = kb.outlet_label(rec.get("outlet") or "") or rec.get("outlet") or art.outlet
        d = parse_date(str(rec.get("published") or ""))
        art.published = d.isoformat() if d else art.published
        yield art


def apply_manifest(article: Article, row: ManifestRow | None) -> Article:
    """Fill what the text does not say from the manifest row; the text wins."""
    if row:
        article.published = article.published or row.published
        article.outlet = article.outlet or row.publisher
    article.outlet = article.outlet or article.agency  # an agency byline or dateline: the last resort
    return article


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Article files under the given files and folders, and the manifests found beside them."""
    files: list[Path] = []
    manifests: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.name == MANIFEST_NAME:
                    manifests.append(f)
                elif f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES:
                    files.append(f)
        else:
            files.append(p)
    return files, manifests
