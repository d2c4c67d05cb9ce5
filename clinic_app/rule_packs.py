"""Signed rule packs as the core sees them: trusted keys, installed packs, and why one is refused.

A pack sent to clinics comes with a detached Ed25519 signature (`<pack>.yaml.sig`) over its exact
bytes (forms/pack_signing.py). A clinic trusts the public keys listed in its settings
(`TRUSTED_PACK_KEYS`); the pack bundled with the application is trusted as part of the
application itself (it is verified by whatever verifies the installed program). An installed
pack is kept verbatim with its signature, and checked again every time it is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from clinic_app.errors import RulePackError

TRUSTED_PACK_KEYS = "trusted_pack_keys"  # SettingRecord key: list of {key_id, public_key, label}


class PackProblem(StrEnum):
    """Why a pack was refused (each has its own message)."""

    UNSIGNED = "unsigned"  # no signature file
    BAD_SIGNATURE_FILE = "bad_signature_file"  # the .sig file is not one
    UNTRUSTED = "untrusted"  # signed with a key the clinic does not trust
    CHANGED = "changed"  # the pack's bytes are not the ones that were signed
    FORGED = "forged"  # the signature does not verify (damaged or made without the key)
    INVALID = "invalid"  # YAML, structure or CEL error (file, line and column)
    DOWNGRADE = "downgrade"  # older than the pack in force
    CONFLICT = "conflict"  # another pack with the same id and version is installed


class PackRefused(RulePackError):  # noqa: N818 (named for what happened, like NotFound)
    """A rule pack that will not be used; the pack in force stays in force."""

    def __init__(self, problem: PackProblem, message: str, *, file: str = "",
                 line: int | None = None, column: int | None = None) -> None:
        super().__init__(message, file=file, line=line, column=column)
        self.problem = problem


@dataclass(frozen=True)
class TrustedKey:
    """A publisher's Ed25519 public key that this clinic trusts for rule packs."""

    key_id: str
    public_key: str  # base64 of the 32 raw key bytes
    label: str = ""

    def to_json(self) -> dict[str, str]:
        return {"key_id": self.key_id, "public_key": self.public_key, "label": self.label}


def trusted_keys(setting: Any) -> list[TrustedKey]:
    """The keys in the `trusted_pack_keys` setting (malformed entries are ignored)."""
    out = []
    for item in setting if isinstance(setting, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("key_id"), str) \
                and isinstance(item.get("public_key"), str):
            out.append(TrustedKey(item["key_id"], item["public_key"], str(item.get("label", ""))))
    return out


@dataclass(frozen=True)
class InstalledPack:
    """A rule pack kept in the store: its exact text, detached signature and signing key."""

    pack_id: str
    version: str
    reviewed: str
    content: str
    signature: str  # the signature file's text, as received
    key_id: str
    installed_at: datetime | None = None
    active: bool = False

    @property
    def label(self) -> str:
        return f"{self.pack_id} {self.version}"


@dataclass(frozen=True)
class PackStatus:
    """The pack screening uses now, and why (shown by `pack list` and in the status bar)."""

    pack_id: str
    version: str
    reviewed: str
    source: str  # "installed" or "bundled"
    warning: str = ""  # set when an installed pack was refused and the bundled one is used

    @property
    def label(self) -> str:
        return f"{self.pack_id} {self.version}"


_PART = re.compile(r"\d+|[^\d]+")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Orders "2026.06.25" < "2026.07.01" < "2026.07.01a" < "2027.1" (numbers as numbers)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _PART.findall(version))


def is_older(version: str, than: str) -> bool:
    return version_key(version) < version_key(than)


def describe_keys(keys: Sequence[TrustedKey]) -> list[str]:
    return [f"{k.key_id}  {k.label}".rstrip() for k in keys]
