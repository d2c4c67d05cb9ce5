"""Detached Ed25519 signatures for rule packs, and the key files of the people who publish them.

Files (all UTF-8 text):

* `<name>.key`: the publisher's private key, PKCS#8 PEM, written readable by its owner only.
  Keep it off clinic machines; whoever holds it can sign packs every clinic trusting the key
  will install.
* `<name>.pub`: `{"format": "clinic-pack-key/1", "key_id": ..., "public_key": <base64>}`; the
  file (or just its base64) is what a clinic admin trusts with `clinic-intake pack trust`.
* `<pack>.yaml.sig`: `{"format": "clinic-pack-signature/1", "algorithm": "ed25519", "key_id":
  ..., "sha256": <hex of the signed bytes>, "signature": <base64, 64 bytes>}`. The signature is
  over the pack file's exact bytes; the SHA-256 only lets the refusal say whether the pack or
  the signature was changed.

A key id is the first 16 hex digits of the SHA-256 of the raw 32-byte public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from clinic_app.rule_packs import PackProblem, PackRefused, TrustedKey

SIGNATURE_FORMAT = "clinic-pack-signature/1"
KEY_FORMAT = "clinic-pack-key/1"
ALGORITHM = "ed25519"


def signature_path(pack: Path) -> Path:
    """`us-border-asylum.yaml` -> `us-border-asylum.yaml.sig`."""
    return pack.with_name(pack.name + ".sig")


def key_id_for(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _write(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def generate_key(out_dir: Path, name: str = "pack-signing") -> tuple[Path, Path, str]:
    """Write `<name>.key` (0600) and `<name>.pub` into `out_dir`; return them and the key id.
    Refuses to overwrite an existing key file."""
    private = Ed25519PrivateKey.generate()
    raw = _raw(private.public_key())
    key_id = key_id_for(raw)
    key_path, pub_path = out_dir / f"{name}.key", out_dir / f"{name}.pub"
    for path in (key_path, pub_path):
        if path.exists():
            raise PackRefused(PackProblem.CONFLICT, f"{path} exists; choose another --out or "
                                                    "--name (a key is never overwritten)")
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    _write(key_path, pem, 0o600)
    _write(pub_path, public_key_text(raw, label=name), 0o644)
    return key_path, pub_path, key_id


def public_key_text(raw: bytes, *, label: str = "") -> str:
    body = {"format": KEY_FORMAT, "key_id": key_id_for(raw),
            "public_key": base64.b64encode(raw).decode("ascii")}
    if label:
        body["label"] = label
    return json.dumps(body, indent=2) + "\n"


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                          f"cannot read the private key: {exc.strerror}", file=str(path)) from exc
    except (ValueError, TypeError) as exc:
        raise PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                          "not an unencrypted PEM private key (made by `clinic-intake pack "
                          "keygen`)", file=str(path)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise PackRefused(PackProblem.BAD_SIGNATURE_FILE, "not an Ed25519 private key",
                          file=str(path))
    return key


def sign(content: bytes, private: Ed25519PrivateKey) -> str:
    """The signature file's text for exactly `content`."""
    raw = _raw(private.public_key())
    return json.dumps({
        "format": SIGNATURE_FORMAT, "algorithm": ALGORITHM, "key_id": key_id_for(raw),
        "sha256": hashlib.sha256(content).hexdigest(),
        "signature": base64.b64encode(private.sign(content)).decode("ascii"),
    }, indent=2) + "\n"


def sign_pack(pack: Path, key: Path, out: Path | None = None) -> Path:
    """Write `<pack>.sig` (or `out`) for the pack file's current bytes."""
    target = out or signature_path(pack)
    text = sign(pack.read_bytes(), load_private_key(key))
    target.write_text(text, encoding="utf-8")
    return target


class Ed25519PackVerifier:
    """clinic_app.ports.PackVerifier."""

    def verify(self, content: bytes, signature: str | None, trusted: Sequence[TrustedKey], *,
               source: str, signature_source: str = "") -> TrustedKey:
        sig_name = signature_source or f"{source}.sig"
        if signature is None:
            raise PackRefused(
                PackProblem.UNSIGNED,
                f"the pack is not signed: {sig_name} was not found. A rule pack is installed "
                "only with the signature file its publisher made (`clinic-intake pack sign`)",
                file=source)
        key_id, digest, raw_signature = _parse_signature(signature, sig_name)
        key = next((k for k in trusted if k.key_id == key_id), None)
        if key is None:
            raise PackRefused(
                PackProblem.UNTRUSTED,
                f"signed with key {key_id}, which this clinic does not trust. If the publisher "
                "is right, an admin adds their public key with `clinic-intake pack trust "
                "KEY.pub --label NAME`", file=source)
        public = _public_key(key)
        if hashlib.sha256(content).hexdigest() != digest:
            raise PackRefused(
                PackProblem.CHANGED,
                f"the pack was changed after it was signed: its bytes are not the ones the "
                f"signature in {sig_name} covers (SHA-256 differs). Get the pack again from "
                "its publisher", file=source)
        try:
            public.verify(raw_signature, content)
        except InvalidSignature:
            raise PackRefused(
                PackProblem.FORGED,
                f"the signature in {sig_name} does not verify with key {key_id} "
                f"({key.label or 'no label'}): the signature file was damaged or not made "
                "with that key", file=source) from None
        return key

    def parse_public_key(self, text: str) -> TrustedKey:
        return parse_public_key(text)


def parse_public_key(text: str) -> TrustedKey:
    """A `.pub` file's text, or just the base64 of a raw Ed25519 public key."""
    stripped = text.strip()
    label = ""
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                              f"not a public key file: {exc.msg}") from exc
        if not isinstance(data, dict) or data.get("format") != KEY_FORMAT \
                or not isinstance(data.get("public_key"), str):
            raise PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                              f"not a public key file (format {KEY_FORMAT} expected)")
        stripped, label = data["public_key"], str(data.get("label", ""))
    try:
        raw = base64.b64decode(stripped, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                          "not a public key: the key is not base64") from exc
    if len(raw) != 32:
        raise PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                          f"not an Ed25519 public key: {len(raw)} bytes instead of 32")
    return TrustedKey(key_id_for(raw), base64.b64encode(raw).decode("ascii"), label)


def _public_key(key: TrustedKey) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(key.public_key, validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise PackRefused(PackProblem.UNTRUSTED,
                          f"the trusted key {key.key_id} in the settings is damaged") from exc
    if key_id_for(raw) != key.key_id:
        raise PackRefused(PackProblem.UNTRUSTED,
                          f"the trusted key {key.key_id} in the settings does not match its id")
    return public


def _parse_signature(text: str, source: str) -> tuple[str, str, bytes]:
    def bad(why: str) -> PackRefused:
        return PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                           f"not a rule pack signature file ({why})", file=source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    if not isinstance(data, dict) or data.get("format") != SIGNATURE_FORMAT:
        raise bad(f"format {SIGNATURE_FORMAT} expected")
    if data.get("algorithm") != ALGORITHM:
        raise bad(f"algorithm {data.get('algorithm')!r}; only {ALGORITHM} is accepted")
    key_id, digest, value = data.get("key_id"), data.get("sha256"), data.get("signature")
    if not all(isinstance(v, str) for v in (key_id, digest, value)):
        raise bad("key_id, sha256 and signature must be text")
    assert isinstance(key_id, str) and isinstance(digest, str) and isinstance(value, str)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise bad("the signature is not base64") from exc
    if len(raw) != 64:
        raise bad(f"an Ed25519 signature has 64 bytes, not {len(raw)}")
    return key_id, digest, raw
