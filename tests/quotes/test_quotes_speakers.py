"""People merged by surname (no NLP needed): canonical names, particles, first names."""

from __future__ import annotations

from storytrace.quotes.speakers import People, clean_name, surname_key


def test_surname_key_drops_particles_possessives_and_case():
    assert surname_key("Sami al-Qutrani") == surname_key("Qutrani’s") == surname_key("AL-QUTRANI") == "qutrani"


def test_clean_name_drops_titles_and_possessive():
    assert clean_name("Mr. Colm Brevik's") == "Colm Brevik"


def test_bare_surname_then_full_name_join_and_the_longest_is_canonical():
    people = People()
    first = people.add("Qutrani", 0, 7)
    full = people.add("Sami al-Qutrani", 20, 35)
    again = people.add("al-Qutrani", 50, 60)
    assert first is full is again
    assert full.name == "Sami al-Qutrani" and len(full.mentions) == 3


def test_same_surname_different_first_names_are_two_people():
    people = People()
    a = people.add("Vera Lomm", 0, 9)
    b = people.add("Otto Lomm", 20, 29)
    assert a is not b
    assert people.find("Lomm") is b  # a bare surname goes to the one mentioned last


def test_a_first_name_spelled_two_ways_is_one_person():
    people = People()
    assert people.add("Nadir al-Fesh", 0, 13) is people.add("Naadir al-Fesh", 20, 34)


def test_a_bare_first_name_finds_its_person():
    people = People()
    person = people.add("Hildy Marsk", 0, 11)
    assert people.add("Hildy", 20, 25) is person
