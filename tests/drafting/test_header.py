"""An article's header block: which lines make one, and where the body starts."""

from tradeviz.drafting.header import split_header


def test_a_header_block_gives_its_fields_and_the_body_after_the_blank_line():
    text = "title: A note\nurl: https://example.org/a\npublished: 2023-01\nlanguage: ru\n\nТекст.\n"
    split = split_header(text)
    assert split.fields == {
        "title": "A note",
        "url": "https://example.org/a",
        "published": "2023-01",
        "language": "ru",
    }
    assert split.body == "Текст.\n"
    assert text[split.body_start :] == split.body


def test_a_text_without_a_header_is_all_body():
    for text in ["20.07.2021 Author: Somebody\n\nText", "Plain text.\n", "", "title: no blank"]:
        split = split_header(text)
        assert (split.fields, split.body, split.body_start) == ({}, text, 0)


def test_an_unknown_key_or_a_repeated_key_ends_no_header():
    assert split_header("colour: red\n\nText").fields == {}
    assert split_header("title: a\ntitle: b\n\nText").fields == {}


def test_windows_line_ends_are_read():
    split = split_header("title: T\r\npublished: 2024\r\n\r\nBody")
    assert split.fields == {"title": "T", "published": "2024"}
    assert split.body == "Body"
