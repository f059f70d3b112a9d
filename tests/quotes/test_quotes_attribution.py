"""Quotes with their speakers, on invented texts (names and places made up)."""

from __future__ import annotations

import pytest

from storytrace.models import Article
from storytrace.quotes import analyse_article, find_quotes

from quotes_helpers import require_model


@pytest.fixture(autouse=True)
def _model() -> None:
    require_model()


def _quotes(text: str):
    return analyse_article("t", text).quotes


def test_split_quote_gives_two_quotes_with_the_same_speaker():
    text = (
        "Harbor commissioner Delia Fennimore spoke on Tuesday.\n\n"
        "“The pier will reopen in spring,” Fennimore said. “We have the money now.”"
    )
    quotes = _quotes(text)
    assert [q.text for q in quotes] == ["The pier will reopen in spring", "We have the money now."]
    assert {q.speaker for q in quotes} == {"Delia Fennimore"}
    assert all(q.kind == "direct" and q.cue == "said" for q in quotes)
    assert quotes[0].speaker_mention == "Fennimore"


def test_quote_continued_across_paragraphs_is_one_quote():
    text = (
        "Mayor Orrin Talbeck addressed the council.\n\n"
        "“We will pave every road in Quillhaven. The work starts soon.\n\n"
        "“Nobody will wait longer than a year,” he added."
    )
    (quote,) = _quotes(text)
    assert quote.text.startswith("We will pave") and quote.text.endswith("longer than a year")
    assert text[quote.start : quote.end] == quote.text
    assert (quote.speaker, quote.speaker_mention, quote.cue) == ("Orrin Talbeck", "he", "added")


def test_partial_quote_inside_a_sentence():
    (quote,) = _quotes("Senator Brisa Kolvane called for “a full audit of the canal fund” at the hearing.")
    assert quote.kind == "partial"
    assert quote.text == "a full audit of the canal fund"
    assert quote.speaker == "Brisa Kolvane"


def test_indirect_speech():
    (quote,) = _quotes("Planner Joss Ederby said Monday that the bridge would cost twice the estimate.")
    assert quote.kind == "indirect"
    assert quote.text == "the bridge would cost twice the estimate"
    assert (quote.speaker, quote.cue) == ("Joss Ederby", "said")


def test_pronoun_resolves_across_paragraphs_to_the_salient_person():
    text = (
        "Engineer Marta Velloq toured the dam on Friday. She met with workers.\n\n"
        "The visit lasted an hour.\n\n"
        "“The spillway is sound,” she said."
    )
    (quote,) = _quotes(text)
    assert (quote.speaker, quote.speaker_mention) == ("Marta Velloq", "she")


def test_pronoun_skips_a_person_of_the_other_gender():
    text = (
        "Ms. Rhea Tamsin met Mr. Colm Brevik in Orvale. Brevik listened.\n\n"
        "“We agreed on nothing,” she said."
    )
    (quote,) = _quotes(text)
    assert quote.speaker == "Rhea Tamsin"


def test_surname_and_particle_forms_join_the_longest_full_name():
    text = (
        "Deputy Governor Sami al-Qutrani arrived late. Later al-Qutrani spoke.\n\n"
        "“The dam is safe,” Qutrani said."
    )
    (quote,) = _quotes(text)
    assert quote.speaker == "Sami al-Qutrani"
    people = [e for e in analyse_article("t", text).entities if e.type == "PERSON"]
    assert [p.name for p in people] == ["Sami al-Qutrani"]
    assert len(people[0].mentions) == 3


def test_description_resolves_to_the_person_with_matching_title_words():
    text = (
        "Ilse Marwen, a former transport minister, visited Kessvale. Tobin Ruark, a local farmer, joined them.\n\n"
        "“Trains must return,” the former minister said."
    )
    (quote,) = _quotes(text)
    assert (quote.speaker, quote.speaker_mention) == ("Ilse Marwen", "the former minister")


def test_unresolvable_speaker_is_none_not_a_guess():
    text = "The storm flooded the valley overnight.\n\n“It was the worst night of my life,” a resident said."
    (quote,) = _quotes(text)
    assert quote.speaker is None
    assert quote.speaker_mention == "a resident"


def test_an_outlet_is_a_cited_source_not_a_speaker():
    result = analyse_article("t", "“The mill will close in June,” the Pelmark Courier reported.")
    (quote,) = result.quotes
    assert quote.speaker is None
    assert [c.source for c in result.citations] == ["Pelmark Courier"]


def test_scare_quotes_and_numbers_are_not_quotes():
    text = "The so-called “green corridor” opened on “2031-04-02” near Ostrava Lane."
    assert _quotes(text) == []


def test_find_quotes_numbers_ids_per_article_and_keeps_offsets():
    text = "“Roads first,” Vell Anstrom said. “Then rails.”"
    result = find_quotes([Article.from_raw("a1", "a1.txt", text), Article.from_raw("a2", "a2.txt", "No quotes.")])
    assert [q.id for q in result.quotes] == ["a1:q1", "a1:q2"]
    for q in result.quotes:
        assert text[q.start : q.end] == q.text and q.article == "a1" and q.group is not None
    # Two different remarks of one speaker in one article are two groups.
    assert len({q.group for q in result.quotes}) == 2 and len(result.groups) == 2
    assert set(result.quotes[0].to_export()) == {
        "id", "article", "text", "start", "end", "kind", "speaker", "speaker_mention", "cue", "group",
    }


def test_empty_input():
    assert find_quotes([]).quotes == []
    assert analyse_article("e", "").quotes == []


@pytest.mark.parametrize(
    "text",
    [
        "“",
        "”” ““ «» „“ ‘’",
        "“Unclosed quote at the very end",
        "\n\n\n“\n\n“\n\n”",
        "He said that.",
        "“Only a quote, with nobody to say it, and no paragraph after it.”",
        "Tam said: “" + "word " * 2000 + "”",
    ],
)
def test_odd_inputs_do_not_raise_and_keep_offsets(text: str):
    result = analyse_article("odd", text)
    for q in result.quotes:
        assert 0 <= q.start <= q.end <= len(text) and text[q.start : q.end] == q.text
    for c in result.citations:
        assert text[c.start : c.end] == c.text


def test_a_paragraph_of_quotation_continues_the_previous_speaker():
    text = (
        "“The harbor needs dredging,” Captain Ines Valdro said.\n\n"
        "“Ships are waiting for weeks. Nobody can wait that long.”"
    )
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["Ines Valdro", "Ines Valdro"]


def test_a_lone_quote_paragraph_after_a_paragraph_about_someone_is_theirs():
    text = "Surveyor Pell Marrow praised the new canal plan.\n\n“This will change the whole valley for good.”"
    (quote,) = _quotes(text)
    assert quote.speaker == "Pell Marrow" and quote.cue is None


def test_a_title_between_the_halves_of_a_split_quote_does_not_break_them():
    text = (
        "“We will rebuild the dock,” Tam Orrick said on “Harbor Talk Tonight” on Sunday. "
        "“The money is already there.”"
    )
    quotes = _quotes(text)
    assert [q.text for q in quotes] == ["We will rebuild the dock", "The money is already there."]
    assert {q.speaker for q in quotes} == {"Tam Orrick"}


def test_phrasal_cue_and_passive_agent():
    text = (
        "After Governor Lise Parrow criticized the budget, Mayor Edda Kvist shot back, “We balanced it twice.”\n\n"
        "Kvist was asked by moderator Runo Belt whether “the tunnel plan is dead for good.”"
    )
    quotes = _quotes(text)
    assert [(q.speaker, q.cue) for q in quotes] == [("Edda Kvist", "shot"), ("Runo Belt", "asked")]


# --- speakers the parser makes hard to find (invented texts) ---------------------------------


def test_a_place_the_tagger_takes_for_a_person_is_not_a_speaker():
    text = (
        "Norland’s trade envoy flew to Korvik on Monday hoping for a deal. She came back with a date for more talks.\n\n"
        "Talia Brenmoor was blunt after the talks broke up. Speaking to reporters outside the ministry in Korvik, "
        "she said: “No one upstream may choose alone how much water reaches our farms.”"
    )
    (quote,) = _quotes(text)
    assert (quote.speaker, quote.speaker_mention) == ("Talia Brenmoor", "she")
    people = {e.name for e in analyse_article("t", text).entities if e.type == "PERSON"}
    assert "Korvik" not in people


def test_a_subject_inside_the_quote_is_not_the_speaker():
    text = "“We were wrong to wait so long,” Anselm Kravitz, 58, told the Lowmarsh Gazette on Monday."
    (quote,) = _quotes(text)
    assert quote.speaker == "Anselm Kravitz"


def test_split_quote_after_a_partial_quote_takes_its_speaker():
    text = (
        "Tollan “drew huge crowds in the north” during that race, said historian Mira Kellsund. "
        "“That was his best year.”"
    )
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["Mira Kellsund", "Mira Kellsund"]


def test_quote_after_a_sentence_with_a_speech_verb_is_that_speakers():
    text = "Rafe Quillon had spoken first. Economist Ada Vennholt agreed. “The budget cannot hold another year.”"
    (quote,) = _quotes(text)
    assert quote.speaker == "Ada Vennholt"


def test_any_verb_right_after_a_comma_ended_quote_is_its_speech_tag():
    text = "“That is enough for one day,” Ivo Stannard snorted, and left the hall."
    (quote,) = _quotes(text)
    assert quote.speaker == "Ivo Stannard"


def test_a_clause_leading_into_a_quote_names_its_speaker():
    text = "Hours after the flood, Mayor Jessa Orlund issued a statement, “Every family will be housed tonight.”"
    (quote,) = _quotes(text)
    assert quote.speaker == "Jessa Orlund" and quote.cue is None


def test_partial_quote_prefers_the_person_who_speaks_over_the_thing_that_does():
    text = "Pastor Edwin Harrowgate said the town had lost a voice that said “kindness is stronger than fear.”"
    (quote,) = _quotes(text)
    assert quote.speaker == "Edwin Harrowgate"


def test_a_description_without_matching_descriptors_stays_unresolved():
    text = (
        "Farmer Lotte Brandvik spoke to the crowd. Then a senator took the stage.\n\n"
        "“We will fund the dykes,” the senator said."
    )
    (quote,) = _quotes(text)
    assert quote.speaker is None and quote.speaker_mention == "the senator"


def test_an_abbreviated_title_matches_its_description():
    text = (
        "Sen. Corvin Haldane met farmers in Drevna. Maira Oskett, a teacher, listened.\n\n"
        "“The canal will be dredged this year,” the senator said."
    )
    (quote,) = _quotes(text)
    assert quote.speaker == "Corvin Haldane"


def test_a_place_is_never_named_as_the_speaker():
    (quote,) = _quotes("Canada said in a statement that the border “will stay open all winter.”")
    assert quote.speaker is None and quote.speaker_mention == "Canada"
