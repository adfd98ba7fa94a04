"""Quotations in a paragraph: where quoted words start and end (character offsets of the body).

Double quotation marks, curly or straight (a curly opening mark may be closed by a straight
one), guillemets, and single curly marks around words with a space in them ("‘a step back’",
never an apostrophe). A paragraph that ends inside a quotation gives an open quotation
(`closed=False`): news copy continues a quotation into the next paragraph that way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Opening and closing marks of a quotation; straight double quotes open and close alike.
_OPEN = {"“": "”", '"': '"', "«": "»"}
_SINGLE = re.compile(r"(?<![\w’'])‘([^‘’\n]*?[^\s‘])’(?![\w])")


@dataclass
class Quote:
    start: int  # character offsets of the quoted words, without the marks
    end: int
    closed: bool = True  # False: the paragraph ends inside the quotation


def quotes_in(text: str, offset: int = 0) -> list[Quote]:
    """The quotations of one paragraph, as character ranges of the body."""
    out: list[Quote] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN:
            close = _OPEN[ch]
            j = text.find(close, i + 1)
            if ch == '"' or close != ch:
                # a curly opening mark may also be closed by a straight one
                alt = text.find('"', i + 1) if ch != '"' else -1
                if j < 0 or (0 <= alt < j):
                    j = alt if alt >= 0 else j
            if j < 0:
                out.append(Quote(offset + i + 1, offset + n, closed=False))
                break
            out.append(Quote(offset + i + 1, offset + j))
            i = j + 1
            continue
        i += 1
    for m in _SINGLE.finditer(text):  # ‘single’ quotations, never inside a double one
        a, b = offset + m.start(1), offset + m.end(1)
        if not any(q.start <= a < q.end for q in out) and " " in m.group(1):
            out.append(Quote(a, b))
    return sorted((q for q in out if q.end > q.start), key=lambda q: q.start)


def clean(text: str) -> str:
    """The quoted words as a quote: trailing commas and outer spaces dropped."""
    return text.strip().rstrip(",").strip()
