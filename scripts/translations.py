"""Qt Linguist round trip for the ui: lupdate (sources -> .ts) then lrelease (.ts -> .qm).

    python scripts/translations.py            # update the .ts from ui/, compile the .qm
    python scripts/translations.py --check    # exit 1 if either is out of step (CI, tests)

The .ts sources live in resources/i18n/ (translators edit them in Qt Linguist); the compiled
.qm files go to ui/resources/i18n/, which ships in the wheel as package data, so a checkout and
an installed app find them the same way (ui/assets.py). A new string appears in the .ts as
"unfinished" until translated; --check refuses that, and a .qm that differs from what lrelease
makes of the .ts.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "ui"
TS_DIR = REPO / "resources" / "i18n"
QM_DIR = REPO / "ui" / "resources" / "i18n"
LANGUAGES = ("es_US",)


@dataclass(frozen=True)
class Catalogue:
    language: str

    @property
    def stem(self) -> str:
        return f"clinic_intake_{self.language.split('_')[0]}"

    @property
    def ts(self) -> Path:
        return TS_DIR / f"{self.stem}.ts"

    @property
    def qm(self) -> Path:
        return QM_DIR / f"{self.stem}.qm"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease, next to this Python first (a venv), then on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (it ships the Linguist tools)")
    return found


def source_files() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in SOURCES.rglob("*.py")
                  if "__pycache__" not in p.parts)


def lupdate(ts: Path, language: str) -> None:
    """Merge the ui's current strings into `ts` (vanished ones dropped, no line numbers, so an
    unrelated edit of the code never changes the file)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("pyside6-lupdate"), *source_files(), "-locations", "none",
                    "-no-obsolete", "-target-language", language, "-silent", "-ts", str(ts)],
                   cwd=REPO, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=REPO,
                   check=True)


def unfinished(ts: Path) -> list[str]:
    """Source texts of the .ts without a finished translation ("context: text")."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            text = (translation.text or "") if translation is not None else ""
            if kind in ("unfinished", "obsolete", "vanished") or not text.strip():
                missing.append(f"{name}: {message.findtext('source', '')}")
    return missing


def messages(ts: Path) -> set[tuple[str, str]]:
    """(context, source text) of every message in a .ts."""
    root = ET.parse(ts).getroot()
    return {(context.findtext("name", ""), message.findtext("source", ""))
            for context in root.iter("context") for message in context.iter("message")}


def check(catalogue: Catalogue) -> list[str]:
    """Everything wrong with one language's files, in plain words (empty when in step)."""
    problems = []
    if not catalogue.ts.is_file():
        return [f"{catalogue.ts} is missing: run python scripts/translations.py"]
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / catalogue.ts.name
        shutil.copy(catalogue.ts, fresh)
        lupdate(fresh, catalogue.language)
        new = messages(fresh) - messages(catalogue.ts)
        gone = messages(catalogue.ts) - messages(fresh)
        problems += [f"not in {catalogue.ts.name} yet: {c}: {s}" for c, s in sorted(new)]
        problems += [f"no longer in the code: {c}: {s}" for c, s in sorted(gone)]
        compiled = Path(folder) / catalogue.qm.name
        lrelease(catalogue.ts, compiled)
        if not catalogue.qm.is_file():
            problems.append(f"{catalogue.qm} is missing: run python scripts/translations.py")
        elif catalogue.qm.read_bytes() != compiled.read_bytes():
            problems.append(f"{catalogue.qm} is not what lrelease makes of {catalogue.ts}: "
                            "run python scripts/translations.py")
    problems += [f"untranslated: {m}" for m in unfinished(catalogue.ts)]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a .ts or .qm is out of step")
    args = parser.parse_args(argv)
    catalogues = [Catalogue(language) for language in LANGUAGES]
    if args.check:
        problems = [p for c in catalogues for p in check(c)]
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    for catalogue in catalogues:
        lupdate(catalogue.ts, catalogue.language)
        lrelease(catalogue.ts, catalogue.qm)
        left = unfinished(catalogue.ts)
        print(f"{catalogue.ts.relative_to(REPO)}: {len(messages(catalogue.ts))} messages, "
              f"{len(left)} to translate; wrote {catalogue.qm.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
