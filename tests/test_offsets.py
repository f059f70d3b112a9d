from storytrace.offsets import Edit, MappedText, OffsetMap


def test_deletion_keeps_offsets_into_the_original():
    original = "Home / News\nThe story begins here."
    mapped = MappedText(original)
    mapped.apply([Edit(0, 12, "", "breadcrumb")])
    assert mapped.text == "The story begins here."
    offsets = mapped.offset_map()
    start, end = offsets.span_to_raw(4, 9)
    assert original[start:end] == "story"


def test_same_length_replacement_maps_char_by_char():
    original = "He said \u201cyes\u201d."
    mapped = MappedText(original)
    mapped.apply([Edit(8, 9, '"', "quotes"), Edit(12, 13, '"', "quotes")])
    assert mapped.text == 'He said "yes".'
    assert mapped.offset_map().to_raw(9) == 9


def test_joined_hyphen_maps_to_both_halves():
    original = "disinte-\ngration"
    mapped = MappedText(original)
    mapped.apply([Edit(7, 9, "", "hyphen")])
    assert mapped.text == "disintegration"
    start, end = mapped.offset_map().span_to_raw(0, len(mapped.text))
    assert original[start:end] == original


def test_offset_map_round_trips_through_json():
    mapped = MappedText("a bb ccc dddd")
    mapped.apply([Edit(1, 2, "", "x"), Edit(5, 9, "", "y")])
    offsets = mapped.offset_map()
    again = OffsetMap.from_json(offsets.to_json(), offsets.raw_length)
    assert again == offsets
    assert [again.to_raw(i) for i in range(len(mapped.text))] == list(mapped.positions)


def test_overlapping_edits_are_refused():
    mapped = MappedText("abcdef")
    try:
        mapped.apply([Edit(0, 3, "", "a"), Edit(2, 4, "", "b")])
    except ValueError as error:
        assert "overlapping" in str(error)
    else:
        raise AssertionError("overlapping edits were accepted")
