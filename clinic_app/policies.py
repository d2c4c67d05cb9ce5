"""The installed rule pack as attorneys read it: plain DTOs made from the screening model.

The Policies page shows what the pack says (each flag's policy, legal-status timeline and
sources, the pack's version and review date) without the ui ever touching the rule model, its
CEL programs or the YAML it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clinic_app.domain import FlagLevel
from clinic_app.screening.model import RulePack

# policy-reference.md's confidence tags, as the timeline explains them.
CONFIDENCE = {
    "P": "primary text seen",
    "S2": "two or more secondary sources",
    "S1": "one secondary source",
    "U": "unconfirmed",
}


@dataclass(frozen=True)
class Citation:
    url: str
    supports: str


@dataclass(frozen=True)
class StatusStep:
    """One dated step of a policy's legal status, with how sure the sources are."""

    date: str
    event: str
    confidence: str  # "P", "S1", "S2", "U" or a combination such as "P/S2"


@dataclass(frozen=True)
class PolicyFlag:
    """One flag of the pack: what it is about, how loud it can be, its history and sources."""

    id: str
    title_en: str
    title_es: str
    policy: str
    levels: tuple[FlagLevel, ...]  # the levels its triggers may raise, loudest first
    timeline: tuple[StatusStep, ...] = ()
    citations: tuple[Citation, ...] = ()
    boundaries: tuple[date, ...] = ()  # boundary dates whose windows this flag governs

    def title(self, lang: str) -> str:
        return self.title_es if lang == "es" and self.title_es else self.title_en


@dataclass(frozen=True)
class PackDescription:
    id: str
    version: str
    reviewed: str  # the day the clinic's lawyers reviewed the pack
    sources_as_of: str  # legal status as of sources dated up to this day
    flags: tuple[PolicyFlag, ...]


@dataclass(frozen=True)
class FlaggedClient:
    """A stored client whose newest intake currently raises a flag."""

    client_id: str
    client_name: str
    intake_id: str
    level: FlagLevel


def describe_pack(pack: RulePack) -> PackDescription:
    """The pack as DTOs, flags in the pack's (catalogue) order."""
    flags = []
    for rule in pack.flags:
        levels = sorted({t.level for t in rule.triggers}, key=lambda lv: -lv.rank)
        flags.append(PolicyFlag(
            id=rule.id, title_en=rule.title.en, title_es=rule.title.es, policy=rule.policy,
            levels=tuple(levels),
            timeline=tuple(StatusStep(t.date, t.event, t.confidence) for t in rule.timeline),
            citations=tuple(Citation(c.url, c.supports) for c in rule.citations),
            boundaries=tuple(b.day for b in pack.boundaries if rule.id in b.governs)))
    return PackDescription(pack.id, pack.version, pack.reviewed, pack.sources_as_of,
                           tuple(flags))
