"""Signed rule packs: a good signature verifies; every way a pack can be wrong is refused with
its own message, naming file, line and column for YAML and CEL errors."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest

from clinic_app.rule_packs import PackProblem, PackRefused, TrustedKey
from clinic_app.services.rule_packs import VerifiedPack, verify_pack
from forms.pack_signing import (
    Ed25519PackVerifier,
    generate_key,
    parse_public_key,
    sign_pack,
    signature_path,
)
from forms.rule_pack_loader import default_pack_path, parse_rule_pack


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, TrustedKey]:
    private, public, key_id = generate_key(tmp_path / "keys", "publisher")
    key = parse_public_key(public.read_text(encoding="utf-8"))
    assert key.key_id == key_id and key.label == "publisher"
    return private, key


def signed(folder: Path, private: Path, text: str | None = None, name: str = "pack.yaml") -> Path:
    pack = folder / name
    pack.write_text(text if text is not None else default_pack_path().read_text("utf-8"),
                    encoding="utf-8")
    sign_pack(pack, private)
    return pack


def check(pack: Path, trusted: list[TrustedKey]) -> VerifiedPack:
    sig = signature_path(pack)
    return verify_pack(Ed25519PackVerifier(), parse_rule_pack, pack.read_bytes(),
                       sig.read_text(encoding="utf-8") if sig.exists() else None, trusted,
                       source=str(pack), signature_source=str(sig))


def refused(pack: Path, trusted: list[TrustedKey]) -> PackRefused:
    with pytest.raises(PackRefused) as exc:
        check(pack, trusted)
    return exc.value


def test_keygen_writes_a_private_key_only_its_owner_reads(tmp_path: Path) -> None:
    private, public, _ = generate_key(tmp_path, "k")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert "PRIVATE KEY" in private.read_text(encoding="ascii")
    assert json.loads(public.read_text(encoding="utf-8"))["format"] == "clinic-pack-key/1"
    with pytest.raises(PackRefused, match="never overwritten"):
        generate_key(tmp_path, "k")


def test_a_good_signature_verifies_and_the_pack_compiles(
        tmp_path: Path, keys: tuple[Path, TrustedKey]) -> None:
    private, key = keys
    verified = check(signed(tmp_path, private), [key])
    assert verified.key == key
    assert (verified.info.id, verified.info.version) == ("us-border-asylum", "2026.06.25")
    sig = json.loads(signature_path(tmp_path / "pack.yaml").read_text(encoding="utf-8"))
    assert sig["algorithm"] == "ed25519" and sig["key_id"] == key.key_id


def test_each_problem_is_refused_with_its_own_message(
        tmp_path: Path, keys: tuple[Path, TrustedKey]) -> None:
    private, key = keys
    messages: dict[PackProblem, str] = {}

    pack = signed(tmp_path, private, name="changed.yaml")
    data = bytearray(pack.read_bytes())
    data[data.index(b"2026.06.25")] ^= 0x01   # one flipped byte in the pack
    pack.write_bytes(bytes(data))
    err = refused(pack, [key])
    assert err.problem is PackProblem.CHANGED and "changed after it was signed" in str(err)
    messages[err.problem] = str(err)

    pack = signed(tmp_path, private, name="forged.yaml")
    sig = signature_path(pack)
    body = json.loads(sig.read_text(encoding="utf-8"))
    raw = bytearray(base64.b64decode(body["signature"]))
    raw[10] ^= 0x01   # one flipped byte in the signature
    body["signature"] = base64.b64encode(bytes(raw)).decode("ascii")
    sig.write_text(json.dumps(body), encoding="utf-8")
    err = refused(pack, [key])
    assert err.problem is PackProblem.FORGED and "does not verify" in str(err)
    messages[err.problem] = str(err)

    pack = signed(tmp_path, private, name="damaged.yaml")
    sig = signature_path(pack)
    sig.write_bytes(sig.read_bytes()[:-20])   # a cut signature file
    err = refused(pack, [key])
    assert err.problem is PackProblem.BAD_SIGNATURE_FILE
    messages[err.problem] = str(err)

    other_private, _, _ = generate_key(tmp_path / "other", "stranger")
    err = refused(signed(tmp_path, other_private, name="untrusted.yaml"), [key])
    assert err.problem is PackProblem.UNTRUSTED and "does not trust" in str(err)
    messages[err.problem] = str(err)

    pack = tmp_path / "unsigned.yaml"
    pack.write_bytes(default_pack_path().read_bytes())
    err = refused(pack, [key])
    assert err.problem is PackProblem.UNSIGNED and "unsigned.yaml.sig was not found" in str(err)
    messages[err.problem] = str(err)

    assert len(set(messages.values())) == len(messages) == 5


def test_malformed_yaml_is_refused_with_its_line_and_column(
        tmp_path: Path, keys: tuple[Path, TrustedKey]) -> None:
    private, key = keys
    text = default_pack_path().read_text(encoding="utf-8")
    bad = text.replace('id: us-border-asylum\n', 'id: [us-border-asylum\n', 1)
    err = refused(signed(tmp_path, private, bad), [key])
    assert err.problem is PackProblem.INVALID
    assert err.line is not None and err.column is not None
    assert str(err).startswith(f"{tmp_path / 'pack.yaml'}:{err.line}:{err.column}: YAML error")


def test_a_cel_error_is_refused_with_its_line_and_column(
        tmp_path: Path, keys: tuple[Path, TrustedKey]) -> None:
    private, key = keys
    text = default_pack_path().read_text(encoding="utf-8")
    old = 'when: entries.filter(e, entries[e].cbp_one)'
    line = text[:text.index(old)].count("\n") + 1
    column = len(text[:text.index(old)].rsplit("\n", 1)[1]) + 1
    bad = text.replace(old, 'when: entries.filter(e, entries[e].cbp_one &&)', 1)
    err = refused(signed(tmp_path, private, bad), [key])
    assert err.problem is PackProblem.INVALID and "CEL syntax error" in str(err)
    assert err.line == line and err.column is not None and err.column > column + 6


def test_a_public_key_is_read_from_its_file_or_its_base64(
        keys: tuple[Path, TrustedKey]) -> None:
    _, key = keys
    assert parse_public_key(key.public_key).key_id == key.key_id
    for bad in ("not base64!", base64.b64encode(b"short").decode(), '{"format": "x"}'):
        with pytest.raises(PackRefused):
            parse_public_key(bad)
