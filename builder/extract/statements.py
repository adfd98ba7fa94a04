"""Statements: quoted and reported words with their speaker, and what they are about."""
from __future__ import annotations

from ..model import Statement
from .reading import ArticleReading


def read_statements(reading: ArticleReading) -> list[Statement]:
    return []
