"""Installing signed rule packs, trusting publishers' keys, and the pack screening uses.

A pack is installed only if its detached signature verifies with a key the clinic trusts
(setting `trusted_pack_keys`), then it parses and compiles (a YAML or CEL error names file, line
and column), and its version is not older than the pack in force (unless the admin says so).
Anything else is refused with the reason and the pack in force stays in force. The installed
pack is stored verbatim with its signature and checked again each time it is loaded: if that
check fails, screening falls back to the pack bundled with the application and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from clinic_app.audit_log import AuditAction
from clinic_app.domain import RulePackInfo
from clinic_app.errors import RulePackError
from clinic_app.ports import PackVerifier, RulePackUnitOfWorkFactory
from clinic_app.rule_packs import (
    TRUSTED_PACK_KEYS,
    InstalledPack,
    PackProblem,
    PackRefused,
    PackStatus,
    TrustedKey,
    is_older,
    trusted_keys,
)
from clinic_app.screening.model import RulePack
from clinic_app.security import Actor, Permission, require

PackCompiler = Callable[[str, str], RulePack]  # (text, source) -> pack; raises RulePackError


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose signature verified and which compiled."""

    pack: RulePack
    text: str
    signature: str
    key: TrustedKey | None  # None: the bundled pack (trusted as part of the application)
    source: str

    @property
    def info(self) -> RulePackInfo:
        return self.pack.info


def verify_pack(verifier: PackVerifier, compile_pack: PackCompiler, content: bytes,
                signature: str | None, trusted: list[TrustedKey], *, source: str,
                signature_source: str = "") -> VerifiedPack:
    """Check the signature over `content`, then parse and compile it; PackRefused if not."""
    key = verifier.verify(content, signature, trusted, source=source,
                          signature_source=signature_source)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise PackRefused(PackProblem.INVALID, "the rule pack is not UTF-8 text", file=source,
                          line=line) from exc
    try:
        pack = compile_pack(text, source)
    except PackRefused:
        raise
    except RulePackError as exc:
        raise PackRefused(PackProblem.INVALID, _message(exc), file=exc.file or source,
                          line=exc.line, column=exc.column) from exc
    assert signature is not None
    return VerifiedPack(pack, text, signature, key, source)


def _message(exc: RulePackError) -> str:
    text = str(exc)
    where = exc.file
    if exc.line is not None:
        where += f":{exc.line}" + (f":{exc.column}" if exc.column is not None else "")
    return text[len(where) + 2:] if where and text.startswith(f"{where}: ") else text


class RulePackService:
    """Packs and keys (install and trust: `rulepack.manage`, admins); reading: any user."""

    def __init__(self, uow_factory: RulePackUnitOfWorkFactory, *, actor: Actor,
                 verifier: PackVerifier, compile_pack: PackCompiler,
                 bundled: RulePackInfo) -> None:
        self._uow = uow_factory
        self._verifier = verifier
        self._compile = compile_pack
        self._bundled = bundled
        self.actor = actor

    # -- reading --------------------------------------------------------------------------
    def trusted_keys(self) -> list[TrustedKey]:
        with self._uow() as uow:
            return trusted_keys(uow.settings.get(TRUSTED_PACK_KEYS, []))

    def installed(self) -> list[InstalledPack]:
        with self._uow() as uow:
            return uow.rule_packs.all()

    def verify(self, content: bytes, signature: str | None, *, source: str,
               signature_source: str = "") -> VerifiedPack:
        """Check a pack file against the clinic's trusted keys (nothing is stored)."""
        return verify_pack(self._verifier, self._compile, content, signature,
                           self.trusted_keys(), source=source, signature_source=signature_source)

    def in_force(self) -> tuple[VerifiedPack | None, PackStatus]:
        """The installed active pack, verified again, or None (use the bundled pack) with the
        reason when an installed pack was refused."""
        with self._uow() as uow:
            active = uow.rule_packs.active()
            keys = trusted_keys(uow.settings.get(TRUSTED_PACK_KEYS, []))
        bundled = PackStatus(self._bundled.id, self._bundled.version, self._bundled.reviewed,
                             "bundled")
        if active is None:
            return None, bundled
        try:
            verified = verify_pack(self._verifier, self._compile, active.content.encode("utf-8"),
                                   active.signature, keys, source=f"installed {active.label}",
                                   signature_source=f"the stored signature of {active.label}")
        except RulePackError as exc:
            warning = (f"the installed rule pack {active.label} was refused ({exc}); screening "
                       f"uses the bundled pack {self._bundled.id} {self._bundled.version}")
            return None, PackStatus(bundled.pack_id, bundled.version, bundled.reviewed,
                                    "bundled", warning)
        info = verified.info
        return verified, PackStatus(info.id, info.version, info.reviewed, "installed")

    # -- changing -------------------------------------------------------------------------
    def install(self, content: bytes, signature: str | None, *, source: str,
                signature_source: str = "", allow_downgrade: bool = False) -> VerifiedPack:
        """Verify and compile the pack, then make it the active pack (audited)."""
        require(self.actor, Permission.RULE_PACK_MANAGE)
        verified = self.verify(content, signature, source=source,
                               signature_source=signature_source)
        info = verified.info
        current, status = self.in_force()
        now_id = current.info.id if current else status.pack_id
        now_version = current.info.version if current else status.version
        if info.id == now_id and is_older(info.version, now_version) and not allow_downgrade:
            raise PackRefused(
                PackProblem.DOWNGRADE,
                f"{info.id} {info.version} is older than the pack in force ({now_version}); "
                "nothing was installed. Add --allow-downgrade to install it anyway",
                file=source)
        assert verified.key is not None
        with self._uow() as uow:
            same = uow.rule_packs.find(info.id, info.version)
            if same is not None and same.content != verified.text:
                raise PackRefused(
                    PackProblem.CONFLICT,
                    f"another {info.id} {info.version} with different content is already "
                    "installed; a changed pack must carry a new version", file=source)
            uow.rule_packs.install(InstalledPack(
                info.id, info.version, info.reviewed, verified.text, verified.signature,
                verified.key.key_id))
            uow.audit.record(AuditAction.RULE_PACK_INSTALLED, entity="rule_pack",
                             entity_id=f"{info.id} {info.version}",
                             detail={"pack": info.id, "version": info.version,
                                     "reviewed": info.reviewed, "key_id": verified.key.key_id,
                                     "previous": f"{now_id} {now_version}",
                                     "downgrade": is_older(info.version, now_version)})
        return verified

    def trust(self, key_text: str, *, label: str) -> TrustedKey:
        """Add a publisher's public key (a `.pub` file's text or its base64) to the settings."""
        require(self.actor, Permission.RULE_PACK_MANAGE)
        label = " ".join(label.split())
        if not label:
            raise RulePackError("give the key a label (who publishes with it)")
        parsed = self._verifier.parse_public_key(key_text)
        key = TrustedKey(parsed.key_id, parsed.public_key, label)
        with self._uow() as uow:
            keys = [k for k in trusted_keys(uow.settings.get(TRUSTED_PACK_KEYS, []))
                    if k.key_id != key.key_id]
            uow.settings.set(TRUSTED_PACK_KEYS, [k.to_json() for k in [*keys, key]])
            uow.audit.record(AuditAction.RULE_PACK_KEY_TRUSTED, entity="setting",
                             entity_id=TRUSTED_PACK_KEYS,
                             detail={"key_id": key.key_id, "label": label})
        return key
