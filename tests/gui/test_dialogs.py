"""About, store-error and import-results dialogs say what they must, in plain words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from clinic_app.services import ImportFailure, ImportReport
from ui import app as ui_app
from ui.dialogs.about import AboutDialog
from ui.dialogs.import_results import ImportResultsDialog
from ui.dialogs.store_error import StoreErrorDialog

from .fakes import fake_services

STORE_PATH = "/home/paralegal/.local/share/Clinic Intake/clinic.db"


def test_about_shows_version_data_location_store_kind_and_rule_pack(qtbot):
    services = fake_services(location=STORE_PATH, kind="sqlcipher", version="1.2.3",
                             rule_pack_version="us-border-asylum 2026.06.25")
    dialog = AboutDialog(services)
    qtbot.addWidget(dialog)
    text = dialog.text()
    assert "Version 1.2.3" in text
    assert STORE_PATH in text
    assert "Encrypted local file (SQLCipher)" in text
    assert "us-border-asylum 2026.06.25" in text
    assert "may apply — attorney to review" in text
    assert dialog.location_label.text() == STORE_PATH


def test_about_without_a_rule_pack_says_so(qtbot):
    dialog = AboutDialog(fake_services(rule_pack_version=""))
    qtbot.addWidget(dialog)
    assert dialog.rule_pack_label.text() == "No rule pack loaded"


def test_store_error_dialog_names_the_problem_the_path_and_what_to_do(qtbot):
    message = f"The file {STORE_PATH} is not a Clinic Intake store (or the key is wrong)."
    detail = "Check that the data folder exists, is writable and holds a Clinic Intake store."
    dialog = StoreErrorDialog(message, detail)
    qtbot.addWidget(dialog)
    assert STORE_PATH in dialog.message_label.text()
    assert dialog.detail_label.text() == detail
    assert "Traceback" not in dialog.text()
    dialog.copy_to_clipboard()
    assert STORE_PATH in QGuiApplication.clipboard().text()


def test_store_error_text_is_never_read_as_markup(qtbot):
    dialog = StoreErrorDialog("Cannot open <b>/tmp/x.db</b>", "")
    qtbot.addWidget(dialog)
    assert dialog.message_label.text() == "Cannot open <b>/tmp/x.db</b>"
    assert dialog.detail_label.isHidden()


def test_show_store_error_shows_the_dialog_and_returns_a_failure_status(qapp, monkeypatch):
    shown: list[StoreErrorDialog] = []

    def fake_exec(self: StoreErrorDialog) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(StoreErrorDialog, "exec", fake_exec)
    status = ui_app.show_store_error(f"Cannot open {STORE_PATH}: permission denied.",
                                     "Ask the clinic admin to fix the folder's permissions.")
    assert status == 1
    assert len(shown) == 1
    assert STORE_PATH in shown[0].text()
    shown[0].deleteLater()


def test_import_results_list_each_refused_file_with_its_problems(qtbot):
    report = ImportReport(
        imported=((Path("/in/a.json"), "id-a"),),
        failed=(
            ImportFailure(Path("/in/b.json"), ("events[3].date: '2019-13-01': there is no month 13",
                                                "client.nationalities: is required")),
            ImportFailure(Path("/in/c.json"), ("(file): not JSON",)),
        ),
    )
    dialog = ImportResultsDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.summary.text().startswith("1 file imported. 2 files not imported")
    tree = dialog.failures
    assert tree.topLevelItemCount() == 2
    first = tree.topLevelItem(0)
    assert first is not None
    assert first.text(0) == str(Path("/in/b.json"))
    children = [first.child(i) for i in range(first.childCount())]
    assert [c.text(0) for c in children if c is not None] == [
        "events[3].date: '2019-13-01': there is no month 13", "client.nationalities: is required"]
    assert "  - (file): not JSON" in dialog.report_text()
    dialog.copy_button.click()
    assert "/in/c.json" in QGuiApplication.clipboard().text()
