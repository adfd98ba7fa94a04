"""Policy positions: who holds which stance on which issue, backing or rejecting what."""
from __future__ import annotations

from ..model import Position
from .reading import ArticleReading


def read_positions(reading: ArticleReading) -> list[Position]:
    return []
