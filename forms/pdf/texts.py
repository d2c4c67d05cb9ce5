"""The documents' own EN/ES words (texts.yaml), loaded once and checked for both languages.

Checking at load keeps a half-translated heading from printing as a blank in a client's copy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clinic_app.errors import ClinicError

TEXTS_PATH = Path(__file__).resolve().parent / "texts.yaml"
FORMAT = "clinic-document-texts/1"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class NamedDocument:
    """A document the client may be asked to bring, recognised in flag reasons by `match`."""

    id: str
    match: tuple[re.Pattern[str], ...]
    en: str
    es: str

    def text(self, lang: str) -> str:
        return self.es if lang == "es" else self.en

    def named_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.match)


@dataclass(frozen=True)
class Texts:
    """`words("summary", "title", "es")`; `documents` in the order the client copy lists them."""

    groups: Mapping[str, Mapping[str, Mapping[str, str]]]
    documents: tuple[NamedDocument, ...]

    def __call__(self, group: str, key: str, lang: str, **values: object) -> str:
        text = self.groups[group][key]["es" if lang == "es" else "en"]
        return text.format(**values) if values else text


class Words:
    """The texts bound to one language: `w("summary", "title")`."""

    def __init__(self, texts: Texts, lang: str) -> None:
        self.texts = texts
        self.lang = lang

    def __call__(self, group: str, key: str, **values: object) -> str:
        return self.texts(group, key, self.lang, **values)


@functools.cache
def load_texts(path: Path = TEXTS_PATH) -> Texts:
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ClinicError(f"{path}: the document texts cannot be read ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ClinicError(f"{path}: not a {FORMAT} file")
    groups: dict[str, dict[str, dict[str, str]]] = {}
    for group, entries in data.items():
        if group in ("format", "documents"):
            continue
        groups[str(group)] = {str(k): _pair(path, f"{group}.{k}", v) for k, v in entries.items()}
    documents = tuple(
        NamedDocument(str(d["id"]), tuple(re.compile(m, re.IGNORECASE) for m in d["match"]),
                      **_pair(path, f"documents.{d['id']}", d))
        for d in data.get("documents", ()))
    return Texts(groups, documents)


def _pair(path: Path, where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k]
                                              for k in ("en", "es")):
        raise ClinicError(f"{path}: {where} needs both an 'en' and an 'es' text")
    return {"en": value["en"], "es": value["es"]}
