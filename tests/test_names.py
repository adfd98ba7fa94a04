"""One key per person whatever the romanisation, hyphenation, initials or nickname."""
from __future__ import annotations

import pytest

from builder.names import person_key


@pytest.mark.parametrize("a, b", [
    ("Choe Son-hui", "Choe Son Hui"),
    ("Kim Hyok-chol", "Kim Hyok Chol"),
    ("Kim Jong-un", "Kim Jong Un"),
    ("Kim Yo-jong", "Kim Yo Jong"),
    ("Stephen Biegun", "Stephen E. Biegun"),
    ("Stephen Biegun", "Steve Biegun"),
    ("Mike Pompeo", "Michael Pompeo"),
])
def test_variants_share_a_key(a, b):
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize("a, b", [
    ("Kim Jong-un", "Kim Yong-chol"),
    ("Kim Yo-jong", "Kim Jong-un"),
    ("Lee Do-hoon", "Lee Jae-myung"),
])
def test_different_people_keep_different_keys(a, b):
    assert person_key(a) != person_key(b)
