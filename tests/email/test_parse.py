"""Parsing real-world mail: the reporter's words survive every charset, encoding and mailer quirk."""

from __future__ import annotations

import pytest

from channels.email.classify import automatic_reason
from channels.email.parse import parse_email
from tests.email import corpus

CAP = 25 * 1024 * 1024


def words_of(raw: bytes) -> str:
    parsed = parse_email(raw, max_bytes=CAP)
    assert parsed.review_reasons == ()
    return parsed.words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (corpus.plain_utf8(), "they wrote “go home” on my door ✋"),
        (corpus.windows_1252_labelled_latin1(), "“Go home” they said \u2013 it cost me €300"),
        (corpus.iso_8859_2(), "Zażółć gęślą jaźń"),
        (corpus.iso_2022_jp(), "隣人に暴言を吐かれました"),
        (corpus.koi8_r(), "Сосед оскорблял меня"),
    ],
    ids=["utf-8", "windows-1252 labelled latin-1", "iso-8859-2", "iso-2022-jp", "koi8-r"],
)
def test_every_listed_charset_is_decoded_to_the_words_written(raw: bytes, expected: str) -> None:
    assert expected in words_of(raw)


def test_an_unknown_charset_keeps_the_text_and_asks_for_review() -> None:
    parsed = parse_email(corpus.unknown_charset(), max_bytes=CAP)
    assert "They shouted at me café" in parsed.words
    assert any("x-klingon-9" in reason for reason in parsed.review_reasons)


def test_the_subject_comes_first_and_rfc_2047_words_are_decoded() -> None:
    words = words_of(corpus.rfc2047_subject())
    assert words.startswith("Élène neighbour — abuse café\n\n")
    assert words.endswith(corpus.WORDS)


def test_html_becomes_plain_text_without_script_or_style() -> None:
    words = words_of(corpus.html_only())
    assert "First line & more\n" in words
    assert "Second\xa0line <b>" in words
    assert "one\n\ntwo" in words
    assert "alert" not in words and "color" not in words and "ignored title" not in words and "<p>" not in words


def test_plain_text_is_preferred_over_its_html_alternative() -> None:
    words = words_of(corpus.alternative())
    assert "the plain words" in words and "the html words" not in words


def test_a_forwarded_message_is_part_of_the_report() -> None:
    words = words_of(corpus.forwarded())
    assert "Forwarding a resident's message" in words
    assert "Subject: Help" in words
    assert "I am frightened to go out, please help" in words


def test_attachments_keep_their_bytes_and_decoded_names() -> None:
    parsed = parse_email(corpus.attachments(), max_bytes=CAP)
    assert [(a.filename, a.content) for a in parsed.attachments] == [
        ("étage photo.png", corpus.PNG),
        ("gräffiti ../../etc/passwd", b"%PDF-1.4 fake"),
    ]
    assert parsed.words.endswith("Photos of the graffiti attached.")


def test_headers_that_make_the_email_package_raise_cost_nothing() -> None:
    assert corpus.WORDS in words_of(corpus.lone_quote_in_to())
    exchange = parse_email(corpus.exchange_message_id(), max_bytes=CAP)
    assert exchange.message_id is not None and exchange.message_id.startswith("<[")
    assert exchange.sender == "sam@resident.example"


def test_a_boundary_that_never_appears_keeps_the_text_and_asks_for_review() -> None:
    parsed = parse_email(corpus.missing_boundary(), max_bytes=CAP)
    assert "The words that must survive" in parsed.words
    assert any("structure is broken" in reason for reason in parsed.review_reasons)


def test_undecodable_base64_keeps_the_rest_and_asks_for_review() -> None:
    parsed = parse_email(corpus.broken_base64(), max_bytes=CAP)
    assert "Readable words before the broken part." in parsed.words
    assert parsed.review_reasons


def test_a_pasted_diary_is_kept_whole() -> None:
    raw = corpus.pasted_diary(2_000_000)
    body = parse_email(raw, max_bytes=CAP).body
    assert len(body) > 1_999_990 and body == raw.split(b"\r\n\r\n", 1)[1].decode().strip()


def test_over_the_size_cap_attachments_stay_in_the_raw_message_and_a_person_reviews() -> None:
    parsed = parse_email(corpus.attachments(), max_bytes=100)
    assert parsed.attachments == ()
    assert "Photos of the graffiti attached." in parsed.words
    assert any("larger than 100 bytes" in reason for reason in parsed.review_reasons)


@pytest.mark.parametrize("sign", sorted(corpus.auto_replies()))
def test_auto_replies_and_bounces_are_recognised(sign: str) -> None:
    assert automatic_reason(parse_email(corpus.auto_replies()[sign], max_bytes=CAP)) is not None


def test_auto_submitted_no_is_a_person_writing() -> None:
    assert automatic_reason(parse_email(corpus.auto_submitted_no(), max_bytes=CAP)) is None
    assert automatic_reason(parse_email(corpus.plain_utf8(), max_bytes=CAP)) is None


def test_bytes_that_are_not_mail_at_all_still_give_text() -> None:
    parsed = parse_email(b"\xff\xfe\x00garbage without headers", max_bytes=CAP)
    assert "garbage without headers" in parsed.words
