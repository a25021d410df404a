"""The catalogues' tooling over Babel: extract the English, update each language, compile, check.

``python -m intake.catalogues extract|update|compile|check`` (``make translations`` runs extract, update
and compile). Babel's own ``pybabel update`` and ``compile`` parse each folder's name as a CLDR locale,
which the Easy Read catalogue (``en_easy``) is not; this module reads and writes the same files with
Babel's library instead. ``problems`` is what the completeness test asserts is empty.
"""

from __future__ import annotations

import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from intake.languages import CATALOGUES, ROOT, SOURCE, Language, languages

KEYWORDS = {"_": None, "gettext": None, "N_": None}
TEMPLATE = CATALOGUES / "messages.pot"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extract() -> Catalog:
    """Every marked message in the source, as the English template (with where each is used)."""
    catalog = Catalog(project="hate-incident-intake", charset="utf-8")
    method_map = [(pattern, method) for method, pattern in _config_sections()]
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, {}, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _config_sections() -> list[tuple[str, str]]:
    sections = []
    for line in (ROOT / "babel.cfg").read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"\[(\w+): (.+)\]", line.strip())
        if found:
            sections.append((found[1], found[2]))
    return sections


def po_path(lang: Language) -> Path:
    return CATALOGUES / lang.folder / "LC_MESSAGES" / "messages.po"


def read(lang: Language) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=None, domain="messages")


def write(lang: Language, catalog: Catalog) -> None:
    catalog.fuzzy = False  # the header: its messages' own flags are what the check reads
    po_path(lang).parent.mkdir(parents=True, exist_ok=True)
    with po_path(lang).open("wb") as handle:
        write_po(handle, catalog, width=120, omit_header=False, sort_output=False)


def translated_languages() -> list[Language]:
    return [lang for lang in languages().values() if lang.code != SOURCE]


def update(template: Catalog) -> None:
    """Each language's catalogue brought in line with the template (new messages empty, old ones obsolete)."""
    for lang in translated_languages():
        catalog = read(lang) if po_path(lang).exists() else Catalog(locale=None, charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(lang, catalog)


def compiled(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_all() -> None:
    for lang in translated_languages():
        (po_path(lang).parent / "messages.mo").write_bytes(compiled(read(lang)))


def problems(lang: Language, template: Catalog) -> list[str]:
    """What stops a language's catalogue being complete (``problems_in`` on its file)."""
    return problems_in(read(lang), template, lang.code)


def problems_in(catalog: Catalog, template: Catalog, code: str) -> list[str]:
    """What stops a catalogue being complete: missing, fuzzy or empty messages, placeholders that differ."""
    found = []
    for message in template:
        if not message.id:
            continue
        ours: Message | None = catalog.get(message.id, message.context)
        if ours is None:
            found.append(f"{code}: missing {message.id!r}")
        elif ours.fuzzy:
            found.append(f"{code}: fuzzy {message.id!r}")
        elif not ours.string:
            found.append(f"{code}: untranslated {message.id!r}")
        elif sorted(PLACEHOLDER.findall(str(message.id))) != sorted(PLACEHOLDER.findall(str(ours.string))):
            found.append(f"{code}: placeholders differ in {message.id!r}")
    return found


def main(command: str) -> int:
    if command == "extract":
        with TEMPLATE.open("wb") as handle:
            write_po(handle, extract(), width=120, omit_header=True)
    elif command == "update":
        update(extract())
    elif command == "compile":
        compile_all()
    elif command == "check":
        template = extract()
        found = [problem for lang in translated_languages() for problem in problems(lang, template)]
        print("\n".join(found) or "every catalogue is complete")
        return 1 if found else 0
    else:
        print("usage: python -m intake.catalogues extract|update|compile|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
