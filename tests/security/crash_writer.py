"""Helper process for test_crash.py (not a test module): a fork server that starts writers.

    python crash_writer.py STORE_PATH RAW_KEY

Imports the stack once, then for each "go SEED" line on stdin forks a writer and prints
"P <pid>", waits for it (the test kills it with SIGKILL) and prints "X". Each writer opens the
encrypted store itself and commits intakes forever, printing "C <intake id> <seed> <n>" after
each commit returned, and "U <intake id> <seed> <n>" after each committed update (and "E ..."
if it failed on its own, which the test reports).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

from clinic_app.domain import IntakeDocument
from db.engine import Store, open_store


def document(seed: int, n: int, size: int) -> IntakeDocument:
    """The facts a writer stores for (seed, n); the test rebuilds them to compare."""
    return IntakeDocument(facts_for(seed, n, size))


def facts_for(seed: int, n: int, size: int) -> dict[str, Any]:
    return {"format": "clinic-intake/1",
            "client": {"given_names": f"Writer{seed}", "family_names": f"Número{n}",
                       "nationalities": ["HN"]},
            "notes": "ñ" * size}


def write_forever(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    store.engine.dispose(close=False)  # SQLAlchemy's advice after fork: fresh connections
    previous: str | None = None
    n = 0
    while True:
        size = rng.choice((0, 10, 2000, 9000))  # some intakes span several pages
        doc = document(seed, n, size)
        with store.uow() as uow:
            client_id = uow.clients.add(doc)
            intake_id = uow.intakes.add(client_id, doc)
            uow.audit.record("intake.imported", entity="intake", entity_id=intake_id,
                             detail={"n": n, "size": size})
        print(f"C {intake_id} {seed} {n} {size}", flush=True)
        if previous is not None and n % 3 == 2:
            changed = document(seed, n, size + 1)
            with store.uow() as uow:
                uow.intakes.update(previous, changed)
                uow.audit.record("intake.changed", entity="intake", entity_id=previous)
            print(f"U {previous} {seed} {n} {size + 1}", flush=True)
        previous = intake_id
        n += 1


class _Undo(Exception):
    pass


def warm_up(path: Path, key: str) -> Store:
    """An engine whose statements are compiled once here, not in every forked writer: one
    write, rolled back; then every connection is closed before any fork."""
    store = open_store(path=path, key=key)
    try:
        with store.uow() as uow:
            doc = document(-1, 0, 0)
            intake_id = uow.intakes.add(uow.clients.add(doc), doc)
            uow.intakes.update(intake_id, doc)
            uow.audit.record("warm.up")
            raise _Undo
    except _Undo:
        pass
    store.engine.dispose()
    return store


def main() -> None:
    store = warm_up(Path(sys.argv[1]), sys.argv[2])
    for line in sys.stdin:
        seed = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(store, seed)
            except BaseException as error:  # a writer must only ever stop by being killed
                print(f"E {type(error).__name__}: {error}", flush=True)
            finally:
                os._exit(1)
        print(f"P {pid}", flush=True)
        os.waitpid(pid, 0)
        print("X", flush=True)


if __name__ == "__main__":
    main()
