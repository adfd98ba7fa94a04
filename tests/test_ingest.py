"""Reading articles: metadata from headers and manifests; clear errors for bad input."""
from __future__ import annotations

import pytest

from builder.errors import (BinaryInputError, EmptyArticleError, EncodingError, LanguageError,
                            ManifestError, TooLargeError)
from builder.ingest import MAX_ARTICLE_BYTES, apply_manifest, read_articles, read_manifest
from builder.kb import load_kb

from .conftest import SAMPLES

ENGLISH = ("Seoul's top nuclear envoy met his US counterpart in Washington on Friday to discuss "
           "the working group, the Foreign Ministry said.\n")


def read(path):
    return read_articles(path, load_kb())


def test_header_lines_become_metadata_and_leave_the_body():
    art = read(SAMPLES / "003_eee84ffccf3f646e.txt")[0]
    assert art.title.startswith("South Korean nuclear envoy to propose")
    assert art.author == "Park Han-na"
    assert art.outlet == "The Korea Herald"
    assert art.published == "2019-03-28"
    assert art.body.startswith("South Korea affirmed its stance")
    assert "Link copied" not in art.body and "Published" not in art.body
    assert art.body.rstrip().endswith("he said.")  # the trailing repeated byline is not body


def test_closing_email_gives_the_author_and_manifest_fills_the_rest():
    art = read(SAMPLES / "000_0c204476ca76d2b2.txt")[0]
    assert art.author == "Laeticia Ock" and art.published is None
    rows = read_manifest(SAMPLES / "MANIFEST.tsv")
    apply_manifest(art, rows["000_0c204476ca76d2b2.txt"])
    assert (art.published, art.outlet) == ("2018-11-14", "The Korea Herald")


def test_the_text_wins_over_the_manifest(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The Korea Herald\n\nEnvoys meet in Washington\n\nPublished : March 1, 2019 - 10:00\n\n" + ENGLISH)
    art = read(f)[0]
    apply_manifest(art, read_manifest_row("2020-01-01", "Yonhap"))
    assert art.published == "2019-03-01" and art.outlet == "The Korea Herald"


def read_manifest_row(published, publisher):
    from builder.ingest import ManifestRow

    return ManifestRow(published=published, publisher=publisher)


@pytest.mark.parametrize("content, error, words", [
    (b"", EmptyArticleError, "empty"),
    (b"   \n\n  ", EmptyArticleError, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), BinaryInputError, "binary"),
    ("Séoul envoy met counterpart".encode("cp1252") + b"\xff\xfe the of and", EncodingError, "UTF-8"),
    ("북한 외무성은 미국과의 협상을 중단할 수 있다고 밝혔다. 최선희 부상은 기자회견에서 말했다.".encode(), LanguageError, "English"),
])
def test_bad_input_gets_a_clear_error_naming_the_file(tmp_path, content, error, words):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(error) as info:
        read(f)
    message = str(info.value)
    assert str(f) in message and words in message
    assert info.value.code.startswith("E1")


def test_a_file_larger_than_an_article_is_refused(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(ENGLISH.encode() * (MAX_ARTICLE_BYTES // len(ENGLISH) + 10))
    with pytest.raises(TooLargeError, match="Split it"):
        read(f)


def test_html_articles_are_read_as_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><title>Envoys meet</title><meta property='og:site_name' content='Yonhap'>"
                 "<script>alert(1)</script></head><body><nav>Home</nav><p>" + ENGLISH + "</p></body></html>")
    art = read(f)[0]
    assert art.title == "Envoys meet" and art.outlet == "Yonhap"
    assert "alert" not in art.body and "Home" not in art.body
    assert art.body.startswith("Seoul's top nuclear envoy")


def test_jsonl_holds_many_articles(tmp_path):
    import json

    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps({"id": f"a{i}", "title": "T", "published": "2019-03-01", "body": ENGLISH})
                           for i in range(3)))
    arts = read(f)
    assert [a.article_id for a in arts] == ["a0", "a1", "a2"]
    assert all(a.published == "2019-03-01" for a in arts)


def test_a_manifest_without_a_file_column_is_refused(tmp_path):
    m = tmp_path / "MANIFEST.tsv"
    m.write_text("name\tdate\nx.txt\t2019-01-01\n")
    with pytest.raises(ManifestError, match="file"):
        read_manifest(m)


def test_a_manifest_with_a_bad_date_names_the_line(tmp_path):
    m = tmp_path / "MANIFEST.tsv"
    m.write_text("file\tpublished\tpublisher\nx.txt\tyesterday\t\n")
    with pytest.raises(ManifestError, match="line 2"):
        read_manifest(m)
