"""Finding without reading: keyed blind indexes (HMAC-SHA-256) of normalised phones, emails, postcodes, names.

An index is stored as ``<version>:<hex digest>`` under the newest blind-index key; a look-up
matches the digest under every key listed, so finding keeps working while an index key rotates in.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable

import phonenumbers

from config.encryption_keys import EncryptionKeys, VersionedKey

PHONE_REGION = "GB"


def phone_term(phone: str | None) -> str | None:
    """A phone number as E.164 (``07700 900123`` -> ``+447700900123``), or None when it does not parse."""
    if not phone or not phone.strip():
        return None
    try:
        parsed = phonenumbers.parse(phone, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def email_term(email: str | None) -> str | None:
    """An email address trimmed and lower-cased."""
    return email.strip().lower() or None if email else None


def text_term(text: str | None) -> str | None:
    """Free text compared whole (an address as typed, who did it): case-folded, spaces collapsed."""
    return " ".join(text.casefold().split()) or None if text else None


def postcode_term(postcode: str | None) -> str | None:
    """A postcode without spaces, upper-cased (``ls1 1aa`` -> ``LS11AA``)."""
    return "".join(postcode.split()).upper() or None if postcode else None


UK_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
_FULL_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_OUTWARD_CODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


def postcode_area(postcode: str | None) -> str | None:
    """The outward code (district) of a UK postcode, kept plain for the area figures and the queue's
    area filter (``m14 5tq`` -> ``M14``, ``SW1A1AA`` -> ``SW1A``); an outward code alone is its own
    area (``M14``, as a purged report keeps). Anything else is no area (None): never free text in clear.
    """
    compact = postcode_term(postcode)
    if compact is None:
        return None
    full = _FULL_POSTCODE.fullmatch(compact)
    if full:
        return full[1]
    return compact if _OUTWARD_CODE.fullmatch(compact) else None


def is_full_postcode(text: str | None) -> bool:
    """Whether ``text`` is a whole UK postcode, spaces and case aside (``m14 5tq``, ``M145TQ``)."""
    return bool(_FULL_POSTCODE.fullmatch(postcode_term(text) or ""))


def postcodes_in(text: str | None) -> list[str]:
    """Every UK postcode written in free text (an address), each as ``postcode_term`` gives it."""
    return [match[1].upper() + match[2].upper() for match in UK_POSTCODE.finditer(text or "")]


def name_terms(name: str | None) -> list[str]:
    """A name's words, case-folded, accents kept, punctuation dropped (``O'Neil, Siân`` -> ``oneil``, ``siân``)."""
    normal = unicodedata.normalize("NFKC", name or "").casefold()
    words = (re.sub(r"[^\w]", "", word) for word in normal.split())
    return sorted({word for word in words if word})


def report_indexes(
    index: BlindIndex, location: str | None, responsible: str | None, postcode: str | None
) -> dict[str, str | None]:
    """A report's ``location_index``, ``responsible_index`` and ``postcode_index`` (what duplicate hints and
    repeat locations compare, not the words), and its plain ``postcode_area`` (the outward code)."""
    place, person, code = text_term(location), text_term(responsible), postcode_term(postcode)
    return {
        "location_index": index.of("place", place) if place else None,
        "responsible_index": index.of("responsible", person) if person else None,
        "postcode_index": index.of("postcode", code) if code else None,
        "postcode_area": postcode_area(postcode),
    }


def party_indexes(
    index: BlindIndex,
    *,
    phone: str | None,
    email: str | None,
    name: str | None,
    named_person: str | None,
    address: str | None,
) -> dict[str, str | None]:
    """A party's digests: phone and email as the core stores them, names case-folded, the address's first postcode."""
    postcodes = postcodes_in(address)
    terms = {
        "phone_index": ("phone", phone),
        "email_index": ("email", email),
        "name_index": ("name", text_term(name)),
        "named_person_index": ("name", text_term(named_person)),
        "postcode_index": ("postcode", postcodes[0] if postcodes else None),
    }
    return {column: index.of(kind, term) if term else None for column, (kind, term) in terms.items()}


class BlindIndex:
    """Keyed digests of normalised values: equal values give equal digests, nothing else is learnt."""

    def __init__(self, keys: EncryptionKeys) -> None:
        self.keys = keys.blind_index_keys

    def of(self, kind: str, term: str) -> str:
        """The digest to store for ``term`` (a phone, email, postcode or name token: ``kind`` says which)."""
        return _digest(self.keys[0], kind, term)

    def matching(self, kind: str, term: str) -> list[str]:
        """Every stored digest ``term`` may have, one per blind-index key listed (for ``IN`` look-ups)."""
        return [_digest(key, kind, term) for key in self.keys]

    def matching_stored(self, kind: str, stored: str | None, term: Callable[[], str | None]) -> list[str]:
        """Every digest a value stored as ``stored`` may have elsewhere: ``stored`` itself while one index
        key is listed (the value is not opened), else ``matching`` of ``term()`` (opened only then)."""
        if stored and len(self.keys) == 1:
            return [stored]
        opened = term()
        return self.matching(kind, opened) if opened else []


def _digest(key: VersionedKey, kind: str, term: str) -> str:
    mac = hmac.new(key.secret, f"{kind}\x1f{term}".encode(), hashlib.sha256).hexdigest()
    return f"{key.version}:{mac}"
