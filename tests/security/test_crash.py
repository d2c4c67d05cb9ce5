"""200 kills (SIGKILL) at random points while intakes are being written: the encrypted store
always reopens, passes its checks, and every intake whose commit returned is there, intact."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.audit_log import ChainVerdict
from db import keyring
from db.access import OpenedStore, quick_check
from db.engine import open_store

from .crash_writer import facts_for

KILLS = 200
WRITER = Path(__file__).with_name("crash_writer.py")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")]


class ForkServer:
    """The helper process; every writer it forks is killed by pid from here."""

    def __init__(self, store: Path, key: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), str(store), key], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)

    def line(self) -> str:
        assert self.process.stdout is not None
        text = self.process.stdout.readline()
        assert text, "the writer helper died"
        return text.strip()

    def trial(self, seed: int, commits_before_kill: int) -> list[list[str]]:
        """Start a writer, kill it after that many commits; the lines it printed."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"go {seed}\n")
        self.process.stdin.flush()
        kind, pid = self.line().split()
        assert kind == "P"
        printed: list[list[str]] = []
        killed = False
        if commits_before_kill == 0:
            _kill(int(pid))
            killed = True
        while True:
            text = self.line()
            if text == "X":
                return printed
            assert not text.startswith("E "), f"a writer failed on its own: {text}"
            printed.append(text.split())
            if not killed and len(printed) >= commits_before_kill:
                _kill(int(pid))
                killed = True

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def _kill(pid: int) -> None:
    import os

    os.kill(pid, signal.SIGKILL)


@pytest.fixture
def store_and_key(opened: OpenedStore, data_dir: Path) -> Iterator[tuple[Path, str]]:
    opened.close()
    key, _ = keyring.unlock(data_dir / "clinic.keys.json", "admin", "correct horse battery")
    yield data_dir / "clinic.db", keyring.raw_key(key)


def test_kills_during_writes_never_lose_a_committed_intake(
        store_and_key: tuple[Path, str]) -> None:
    path, key = store_and_key
    rng = random.Random(20261123)
    committed: dict[str, tuple[int, int, int]] = {}  # intake id -> (seed, n, size) at least
    server = ForkServer(path, key)
    try:
        for trial in range(KILLS):
            new: dict[str, tuple[int, int, int]] = {}
            for fields in server.trial(seed=trial, commits_before_kill=rng.randint(0, 6)):
                kind, intake_id, seed, n, size = fields
                new[intake_id] = (int(seed), int(n), int(size))
                assert kind in ("C", "U")
            committed.update(new)
            full = trial % 25 == 24
            _check(path, key, committed if full else new, set(committed), full=full)
    finally:
        server.close()
    _check(path, key, committed, set(committed), full=True)
    assert len(committed) > KILLS  # the writers did get work done between kills


def _check(path: Path, key: str, contents: dict[str, tuple[int, int, int]],
           every_id: set[str], *, full: bool) -> None:
    """Reopen; check the pages; every committed id is there; `contents` are as written."""
    with open_store(path=path, key=key) as store:
        quick_check(store)  # raises StoreDamaged
        with store.engine.connect() as conn:
            ids = {r[0] for r in conn.exec_driver_sql("SELECT id FROM intakes")}
            assert every_id <= ids, f"committed intakes missing: {sorted(every_id - ids)}"
            rows: dict[str, str] = dict(conn.exec_driver_sql(
                "SELECT id, facts FROM intakes WHERE id IN "
                f"({','.join('?' * len(contents)) or 'NULL'})", tuple(contents)).fetchall())
            if full:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall() == []
        for intake_id, (seed, n, size) in contents.items():
            facts = json.loads(rows[intake_id])
            # An update may have committed just before the kill, without its line: then the
            # stored version is a later one than the last one printed.
            stored_n = int(facts["client"]["family_names"].removeprefix("Número"))
            assert facts["client"]["given_names"] == f"Writer{seed}"
            assert stored_n >= n
            if stored_n == n:
                assert facts == facts_for(seed, n, size)
        if full:
            with store.uow() as uow:
                verdict = uow.audit_log.verify()
            assert verdict == ChainVerdict(verdict.count) and verdict.count > 0
