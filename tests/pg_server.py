"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temp dir, removed after.

Used when CLINIC_TEST_PG_URL is not set and the server binaries are installed (apt
`postgresql`). initdb refuses to run as root, so as root the cluster runs as the `postgres`
user (stack-and-security.md §3, option A).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def server_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when no server is installed."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayCluster:
    """Start with `start()`, get `url`, always `stop()` (removes the data directory)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="clinic-pg-"))
        self.port = _free_port()
        self.url = f"postgresql+psycopg://app@127.0.0.1:{self.port}/clinic"
        self._as_postgres = os.geteuid() == 0

    def _run(self, *argv: str | Path) -> None:
        cmd = [str(a) for a in argv]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        data = self.root / "data"
        self._run(self.bindir / "initdb", "-D", data, "-U", "app", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._run(self.bindir / "pg_ctl", "-D", data, "-l", self.root / "log", "-w", "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off",
                  "start")
        self._run(self.bindir / "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "app",
                  "-d", "postgres", "-c", "create database clinic")
        return self.url

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.root / "data", "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
