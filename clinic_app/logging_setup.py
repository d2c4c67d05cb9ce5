"""Logging, configured in one place: a private log file that carries ids, never client data.

Rules for every module: log ids (client, intake, user), counts, paths of the store and exception
type names; never names, dates of birth, facts, free text or passwords. SQLAlchemy is created
with hide_parameters=True so its errors carry no row values, and SQLCipher's own log is off.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

APP_NAME = "ClinicIntake"
LOG_FILENAME = "clinic-intake.log"
LOG_DIR_ENV = "CLINIC_INTAKE_LOG_DIR"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_HANDLER_NAME = "clinic-intake-file"


def default_log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    return Path(override) if override else platformdirs.user_log_path(APP_NAME, appauthor=False)


def configure_logging(log_dir: Path | None = None, *, level: int = logging.INFO) -> Path:
    """Send this process's log to `<log_dir>/clinic-intake.log` (0600, rotated); idempotent.

    Returns the log file's path (shown in the About dialog or a help request).
    """
    folder = log_dir or default_log_dir()
    path = folder / LOG_FILENAME
    root = logging.getLogger()
    for handler in root.handlers:
        if handler.get_name() == _HANDLER_NAME:
            return path
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    # Libraries that would log statements or values at INFO stay at WARNING.
    for name in ("sqlalchemy", "alembic", "PIL", "reportlab"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return path


def remove_logging() -> None:
    """Detach the file handler (tests; a second configuration with another folder)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
