"""Re-screening every stored intake with the rule pack in force (or a new one), and the log
of what re-screens changed.

`rescreen` scans the screening bookkeeping of every complete intake (no facts), decides per
intake what must be evaluated (clinic_app.screening.fingerprint), reads only those intakes, in
batches, screens them on every core (clinic_app.screening.parallel), and writes what differs,
batch by batch: flag rows added, dropped, re-levelled or re-worded, and one `ScreeningChange`
per intake whose flags were added, dropped or changed in level. Each intake is screened as of
its own intake date (as the import does), else as of today.

An intake is screened in full when its facts or screening day changed since its stored
screening, when that screening's pack is unknown, or when a rule raised in it; otherwise only
the flags whose definition changed are evaluated (none, for the same pack).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from clinic_app.domain import Flag, PackFingerprint, RulePackInfo, ScreeningChange
from clinic_app.ports import ScreeningStore
from clinic_app.rescreening import (
    RescreenPlan,
    RescreenResult,
    RescreenTask,
    ScreeningState,
)
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.screening.fingerprint import dirty_flags
from clinic_app.screening.model import RulePack
from clinic_app.screening.parallel import ScreeningRunner
from clinic_app.security import Actor, Permission, require

PackCompiler = Callable[[str, str], RulePack]  # (text, source) -> pack; raises RulePackError
CHUNK = 500  # intakes per worker job (read by the worker as one range of rows)
PARALLEL_FROM = 3000  # fewer intakes to evaluate: no worker processes
WRITE_EVERY = 10_000  # results held before a write (few: most intakes do not change)


def engine_from_text(compile_pack: PackCompiler, text: str, source: str) -> ScreeningEngine:
    """A worker's engine (picklable as a partial of module-level functions)."""
    return ScreeningEngine(compile_pack(text, source))


@dataclass(frozen=True)
class RescreenReport:
    """What a re-screen did (or, with `dry_run`, would do)."""

    pack: RulePackInfo
    intakes: int  # complete intakes in the store
    evaluated: int  # intakes whose facts were read and rules run
    full: int  # of those, screened in full
    changes: tuple[ScreeningChange, ...]  # per intake whose flags changed, by client name
    skipped: int = 0  # changed by someone while being re-screened (their save screened them)
    dry_run: bool = False
    seconds: float = 0.0
    workers: int = 1
    # Wall seconds of the parent per phase: scan, plan, read, screen (waiting for the
    # workers), write, label.
    timings: tuple[tuple[str, float], ...] = ()

    @property
    def clients(self) -> int:
        return len({c.client_id for c in self.changes})

    def summary(self) -> str:
        verb = "would change" if self.dry_run else "changed"
        line = (f"re-screened {self.intakes} intake(s) with {self.pack.label}: {verb} the flags "
                f"of {self.clients} client(s); {self.evaluated} evaluated "
                f"({self.full} in full) in {self.seconds:.1f} s")
        if self.skipped:
            line += f"; {self.skipped} skipped (changed meanwhile, screened by their own save)"
        return line + (" — dry run, nothing stored" if self.dry_run else "")


@dataclass
class _Totals:
    evaluated: int = 0
    full: int = 0
    skipped: int = 0
    changes: list[ScreeningChange] = field(default_factory=list)
    # Intakes screened in full: their write stored their whole screening, label included.
    labelled: set[str] = field(default_factory=set)
    results: list[RescreenResult] = field(default_factory=list)  # not written yet
    pending: list[ScreeningChange] = field(default_factory=list)  # their changes
    spent: dict[str, float] = field(default_factory=dict)
    mark: float = field(default_factory=time.perf_counter)

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.spent[phase] = self.spent.get(phase, 0.0) + now - self.mark
        self.mark = now


class _Reader:
    """parallel.TaskReader over the store, with the prefetched rows of the evaluated flags."""

    def __init__(self, store: ScreeningStore,
                 stored: Mapping[str, Mapping[str, Flag]] | None) -> None:
        self._store = store
        self._stored = stored

    def __call__(self, plans: Sequence[RescreenPlan]) -> list[RescreenTask]:
        return self._store.tasks(plans, self._stored)

    def after_fork(self) -> None:
        self._store.after_fork()


class ScreeningService:
    """Re-screening (admins: `rulepack.manage`) and the change log (anyone who may view)."""

    def __init__(self, store: ScreeningStore, engine: ScreeningEngine, *, actor: Actor,
                 compile_pack: PackCompiler | None = None, pack_text: tuple[str, str] | None = None,
                 today: Callable[[], date] = date.today, workers: int | None = None,
                 on_changes: Callable[[Sequence[ScreeningChange]], object] | None = None) -> None:
        """`pack_text` is (text, source) of `engine`'s pack: with `compile_pack`, worker
        processes that cannot inherit the engine (no fork) build their own from it.
        `on_changes` runs after a stored re-screen with what changed (the review service
        re-opens and audits the reviews those changes touch)."""
        self._store = store
        self._engine = engine
        self._compile = compile_pack
        self._pack_text = pack_text
        self._today = today
        self.workers = workers or os.cpu_count() or 1
        self.actor = actor
        self._on_changes = on_changes

    @property
    def pack_info(self) -> RulePackInfo:
        return self._engine.pack_info

    def using(self, pack: RulePack, text: str, source: str) -> ScreeningService:
        """The same service over another (verified) pack."""
        return ScreeningService(self._store, ScreeningEngine(pack), actor=self.actor,
                                compile_pack=self._compile, pack_text=(text, source),
                                today=self._today,
                                workers=self.workers, on_changes=self._on_changes)

    # -- re-screening ---------------------------------------------------------------------
    def rescreen(self, *, dry_run: bool = False, full: bool = False,
                 workers: int | None = None) -> RescreenReport:
        """Re-screen every complete intake; store and return what changed (`dry_run`: only
        return it). `full` evaluates every flag of every intake (for checking)."""
        require(self.actor, Permission.RULE_PACK_MANAGE)
        started = time.perf_counter()
        today = self._today()
        fingerprint = self._engine.fingerprint
        pack = self._engine.pack_info
        clock = _Totals()
        states = self._store.scan()
        clock.lap("scan")
        plans = self._plans(states, fingerprint, today, full=full)
        clock.lap("plan")
        totals = clock
        totals.evaluated = sum(1 for p in plans if p.reads_facts)
        count = workers or self.workers
        use = count if totals.evaluated >= PARALLEL_FROM else 1
        # The stored rows of the flags evaluated partially: one pass, before the workers
        # start (forked workers inherit them).
        dirty = {f for p in plans if p.evaluate for f in p.evaluate}
        reader = _Reader(self._store, self._store.flag_rows(dirty) if dirty else None)
        clock.lap("read")
        with ScreeningRunner(self._engine, reader, workers=use,
                             engine_factory=self._factory()) as run:
            for results in run.map(plans, CHUNK, today):
                clock.lap("screen")
                self._collect(results, totals, pack, fingerprint, dry_run)
                clock.lap("write")
        if not dry_run:
            labelled = {r.intake_id for r in totals.results if r.full} | totals.labelled
            scope = [(s.intake_id, s.version) for s in states if s.intake_id not in labelled
                     and (s.digest != fingerprint.digest or s.pack != pack.label)]
            self._write(totals, pack, fingerprint, scope)
            clock.lap("label")
        report = RescreenReport(
            pack=pack, intakes=len(states), evaluated=totals.evaluated, full=totals.full,
            changes=tuple(sorted(totals.changes, key=lambda c: (c.client_name, c.client_id))),
            skipped=totals.skipped, dry_run=dry_run, seconds=time.perf_counter() - started,
            workers=use, timings=tuple(clock.spent.items()))
        if not dry_run:
            self._store.record_run({
                "pack": pack.label, "digest": fingerprint.digest, "intakes": report.intakes,
                "evaluated": report.evaluated, "full": report.full,
                "changed_intakes": len(report.changes), "changed_clients": report.clients,
                "skipped": report.skipped})
            if report.changes and self._on_changes is not None:
                self._on_changes(report.changes)
        return report

    def _factory(self) -> Callable[[], ScreeningEngine] | None:
        if self._compile is None or self._pack_text is None:
            return None
        return functools.partial(engine_from_text, self._compile, *self._pack_text)

    def _plans(self, states: Sequence[ScreeningState], fingerprint: PackFingerprint,
               today: date, *, full: bool) -> list[RescreenPlan]:
        """Per intake that needs more than its labels: what to evaluate."""
        known = self._store.fingerprints({s.digest for s in states if s.digest}
                                         - {fingerprint.digest})
        known[fingerprint.digest] = fingerprint
        order = tuple(flag_id for flag_id, _ in fingerprint.flags)
        partial: dict[str, RescreenPlan | None] = {}
        for digest, before in known.items():
            ids = tuple(flag_id for flag_id, _ in before.flags)
            if digest == fingerprint.digest:
                partial[digest] = None   # nothing to evaluate
                continue
            # Changed flags and their dependants; dropped flags are "evaluated" too (to no
            # rule): their stored rows are read, so the change can name their level.
            dirty = dirty_flags(dict(before.flags), fingerprint) | (set(ids) - set(order))
            warnings = before.warnings != fingerprint.warnings
            empty = ScreeningState("", "", 0, None, None, None, None, "")
            partial[digest] = RescreenPlan(empty, frozenset(dirty), warnings, ids) \
                if dirty or warnings or ids != order else None
        plans: list[RescreenPlan] = []
        for state in states:
            if full or state.digest not in known \
                    or state.as_of_now(today) != state.screened_as_of:
                plans.append(RescreenPlan(state, None))
                continue
            assert state.digest is not None
            work = partial[state.digest]
            if work is not None:
                plans.append(RescreenPlan(state, work.evaluate, work.warnings, work.before))
        return plans

    def _collect(self, results: list[RescreenResult], totals: _Totals, pack: RulePackInfo,
                 fingerprint: PackFingerprint, dry_run: bool) -> None:
        totals.full += sum(1 for r in results if r.full)
        changes = [r.change for r in results if r.change is not None]
        if changes:
            names = self._store.client_names({c.client_id for c in changes})
            changes = [dataclasses.replace(c, client_name=names.get(c.client_id, ""))
                       for c in changes]
        if dry_run:
            totals.changes += changes
            return
        totals.results += results
        totals.pending += changes
        if len(totals.results) >= WRITE_EVERY:
            self._write(totals, pack, fingerprint)

    def _write(self, totals: _Totals, pack: RulePackInfo, fingerprint: PackFingerprint,
               label: Sequence[tuple[str, int]] = ()) -> None:
        """One transaction (and one commit: a commit of a large store costs a second)."""
        skipped = self._store.write(totals.results, totals.pending, pack=pack,
                                    fingerprint=fingerprint, label=label)
        totals.skipped += len(skipped)
        totals.changes += [c for c in totals.pending if c.intake_id not in skipped]
        totals.labelled.update(r.intake_id for r in totals.results if r.full)
        totals.results, totals.pending = [], []

    # -- the change log -------------------------------------------------------------------
    def changes_for_intake(self, intake_id: str) -> list[ScreeningChange]:
        """What re-screens changed in this intake's flags, oldest first."""
        require(self.actor, Permission.INTAKE_VIEW)
        return self._store.changes(intake_id)
