"""TaskRunner: work runs off the GUI thread; results and plain-worded errors come back on it."""

from __future__ import annotations

import threading

import pytest

from clinic_app.errors import StoreError
from ui.workers import TaskRunner


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown()


def test_result_is_computed_off_thread_and_delivered_on_the_gui_thread(qtbot, runner):
    gui_thread = threading.get_ident()
    delivered: list[tuple[int, int]] = []
    runner.run(threading.get_ident,
               on_success=lambda worker: delivered.append((worker, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(delivered))
    worker_thread, callback_thread = delivered[0]
    assert worker_thread != gui_thread
    assert callback_thread == gui_thread


def test_busy_is_announced_around_the_work(qtbot, runner):
    seen: list[bool] = []
    runner.busy_changed.connect(seen.append)
    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(lambda: 1, on_success=lambda _: None)
        runner.run(lambda: 2, on_success=lambda _: None)
    assert seen == [True, False]
    assert not runner.busy


def secret_failure() -> None:
    raise ValueError("internal detail that must not reach the screen")


def test_unexpected_errors_become_a_plain_sentence(qtbot, runner):
    messages: list[str] = []
    runner.run(secret_failure, on_success=lambda _: None, on_failure=messages.append,
               action="loading the client list")
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == [
        "Something went wrong while loading the client list. The details were written to the log."]


def test_clinic_errors_keep_their_own_words(qtbot, runner):
    def broken_store() -> None:
        raise StoreError("The store /srv/clinic.db is read-only. Ask the admin to fix permissions.")

    with qtbot.waitSignal(runner.task_failed) as blocker:
        runner.run(broken_store, on_success=lambda _: None)  # no handler: the signal carries it
    assert blocker.args == [
        "The store /srv/clinic.db is read-only. Ask the admin to fix permissions."]


def test_file_errors_name_the_file(qtbot, runner, tmp_path):
    missing = tmp_path / "gone.json"
    messages: list[str] = []
    runner.run(lambda: missing.read_text(), on_success=lambda _: None, on_failure=messages.append)
    qtbot.waitUntil(lambda: bool(messages))
    assert str(missing) in messages[0]
    assert "Traceback" not in messages[0]


def test_running_tasks_survive_without_caller_references(qtbot, runner):
    results: list[int] = []
    for n in range(5):
        runner.run(lambda n=n: n * n, on_success=results.append)
    qtbot.waitUntil(lambda: len(results) == 5)
    assert results == [0, 1, 4, 9, 16]  # one worker: finished in the order asked


def test_nothing_is_delivered_after_shutdown(qapp):
    runner = TaskRunner()
    delivered: list[object] = []
    runner.run(lambda: 1, on_success=delivered.append)
    assert runner.shutdown()
    qapp.processEvents()
    assert delivered == []
    with pytest.raises(RuntimeError):
        runner.run(lambda: 2, on_success=delivered.append)
