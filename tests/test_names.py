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


@pytest.mark.parametrize("a, b", [
    ("Takeshi Moriyama", "Moriyama Takeshi"),  # name order
    ("Pablo Rojas", "Rojas Pablo"),
    ("Hae Kim", "Hae Y. Kim"),  # a middle initial
    ("Min-jun Seo", "Seo Min-jun"),  # a hyphenated Korean given name, either order
    ("Kim Jong Un", "Kim Jong-un"),
    ("Sergei Orlov", "Sergey Orlov"),  # transliterations of one given name
    ("Dmitry Volkov", "Dmitri Volkov"),
    ("Yevgeny Sokolov", "Evgeny Sokolov"),
    ("Park Hae-joon", "Park Hae-jun"),  # one Korean vowel, two spellings
    ("Zhou Mingyu", "Mingyu Zhou"),  # a Chinese family name, either order
])
def test_order_and_spelling_variants_share_a_key(a, b):
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize("names", [
    ("Kim Gunn", "Sung Kim", "Kim Jong Un", "Kim Yo Jong"),  # one family name, four people
    ("Lee Min-ho", "Lee Min-ha", "Min Lee"),
    ("Ingrid Berg", "Olav Berg", "Berg Holm"),
])
def test_people_sharing_a_family_name_keep_their_own_keys(names):
    keys = [person_key(n) for n in names]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("name, key", [
    ("Mike Pompeo", "person:michael-pompeo"), ("Donald Trump", "person:donald-trump"),
    ("Kim Jong-un", "person:kim-jongun"), ("Kim Yong-chol", "person:kim-yongchol"),
    ("Choe Son-hui", "person:choe-sonhui"), ("Moon Jae-in", "person:moon-jaein"),
    ("Ri Yong-ho", "person:ri-yongho"),
])
def test_keys_the_link_table_names_keep_their_format(name, key):
    assert person_key(name) == key


@pytest.mark.parametrize("name, surname", [
    ("Takeshi Moriyama", "Moriyama"), ("Moriyama Takeshi", "Moriyama"), ("Kim Gunn", "Kim"),
    ("Hae Kim", "Kim"), ("Seo Ji-won", "Seo"), ("Ingrid Berg", "Berg"), ("Zhou Mingyu", "Zhou"),
])
def test_the_surname_a_person_is_called_by(name, surname):
    from builder.names import surnames_of

    assert surnames_of(name) == [surname]


@pytest.mark.parametrize("name, surnames", [
    ("Jung H. Pak", ["Pak"]), ("Sung Y. Kim", ["Kim"]), ("Jung Pak", ["Jung", "Pak"]), ("Kim Song", ["Kim", "Song"]),
])
def test_two_korean_family_names_a_middle_initial_gives_the_order(name, surnames):
    from builder.names import person_key, surnames_of

    assert surnames_of(name) == surnames
    assert person_key("Jung H. Pak") == person_key("Jung Pak")  # one key whatever the surname reading
