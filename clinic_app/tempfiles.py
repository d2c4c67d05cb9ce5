"""One private folder for this process's temporary files, removed when the process exits.

Anything that needs a scratch file (a PDF before it is saved, an export being assembled) asks
`private_temp_dir()` instead of writing to the shared /tmp: the folder is 0700 and goes away
at exit, so client data does not linger where other accounts or later sessions can read it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

_lock = threading.Lock()
_folder: Path | None = None


def private_temp_dir() -> Path:
    """This process's private temp folder (created on first use, mode 0700, removed at exit)."""
    global _folder
    with _lock:
        if _folder is None or not _folder.is_dir():
            _folder = Path(tempfile.mkdtemp(prefix="clinic-intake-"))
            _folder.chmod(0o700)
            atexit.register(_remove, _folder)
        return _folder


def private_temp_file(suffix: str = "") -> Path:
    """A new empty file (0600) in the private folder; the caller removes it when done."""
    fd, name = tempfile.mkstemp(suffix=suffix, dir=private_temp_dir())
    os.close(fd)
    return Path(name)


def use_for_all_temporary_files() -> Path:
    """Point the `tempfile` module at the private folder (process entry points only)."""
    folder = private_temp_dir()
    tempfile.tempdir = str(folder)
    return folder


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
