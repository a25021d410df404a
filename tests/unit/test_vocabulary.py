"""The casework words joined the core's vocabulary (issue 12 item 1); the two method lists stay in step."""

from __future__ import annotations

from intake.vocabulary import ContactMethod, ResponseMethod, codes


def test_a_response_method_is_a_contact_method_or_in_person() -> None:
    assert codes(ResponseMethod) == codes(ContactMethod) | {ResponseMethod.IN_PERSON.value}
