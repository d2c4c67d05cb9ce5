"""Which intakes this computer has open for editing: one small file per intake, beside the store.

Kept out of the database on purpose: the mark must survive exactly when the program does not
(a crash, a kill, a flat battery), and it describes this seat, not the clinic's shared data.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_NAME = "open-intakes"
_SAFE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


class FileEditingMarks:
    """clinic_app.ports.EditingMarks over `<folder>/<intake id>.open` files.

    Failures to write a mark are logged and ignored: losing the "recovered" notice must never
    stop a save.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    @classmethod
    def beside(cls, data_dir: Path) -> FileEditingMarks:
        return cls(data_dir / FOLDER_NAME)

    def _path(self, intake_id: str) -> Path | None:
        # Intake ids are UUIDs; anything else must not become a path.
        return self._folder / f"{intake_id}.open" if _SAFE_ID.fullmatch(intake_id) else None

    def mark_open(self, intake_id: str) -> None:
        path = self._path(intake_id)
        if path is None or path.exists():
            return
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            path.write_text(str(os.getpid()), encoding="ascii")
        except OSError as err:
            log.warning("could not mark intake %s as open: %s", intake_id, err)

    def mark_closed(self, intake_id: str) -> None:
        path = self._path(intake_id)
        if path is None:
            return
        try:
            path.unlink(missing_ok=True)
        except OSError as err:
            log.warning("could not clear the open mark of intake %s: %s", intake_id, err)

    def is_marked(self, intake_id: str) -> bool:
        path = self._path(intake_id)
        return path is not None and path.is_file()

    def marked(self) -> list[str]:
        try:
            files = [p for p in self._folder.glob("*.open") if p.is_file()]
        except OSError:
            return []
        files.sort(key=lambda p: (p.stat().st_mtime, p.name))
        return [p.stem for p in files]
