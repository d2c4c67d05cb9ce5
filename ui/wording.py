"""User-facing phrases shared by several widgets (store kind, the flag advice line)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from clinic_app.services import StoreInfo

# Full `QCoreApplication.translate("Wording", "...")` calls, so pyside6-lupdate extracts them.


def store_kind_label(kind: str) -> str:
    """What kind of store this is, in words a clinic manager recognises."""
    if kind == "sqlite":
        return QCoreApplication.translate("Wording", "Local file (SQLite)")
    if kind == "sqlcipher":
        return QCoreApplication.translate("Wording", "Encrypted local file (SQLCipher)")
    if kind == "postgresql":
        return QCoreApplication.translate("Wording", "Clinic server (PostgreSQL)")
    return kind or QCoreApplication.translate("Wording", "Unknown store")


def store_summary(store: StoreInfo) -> str:
    """"Local file (SQLite): /path/clinic.db", for the status bar."""
    location = store.location or QCoreApplication.translate("Wording", "(no location)")
    return QCoreApplication.translate("Wording", "{kind}: {location}").format(
        kind=store_kind_label(store.kind), location=location)


def rule_pack_label(version: str) -> str:
    if version:
        return QCoreApplication.translate("Wording", "Rule pack {version}").format(version=version)
    return QCoreApplication.translate("Wording", "No rule pack loaded")


def flag_advice() -> str:
    """The promise every flag keeps (ux.md): advice to a lawyer, never a verdict."""
    return QCoreApplication.translate(
        "Wording",
        "Flags mean a policy may apply — attorney to review. "
        "They are advice to a lawyer, never a finding about a client.")
