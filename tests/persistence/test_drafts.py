"""Drafts in the real store: malformed facts are kept as typed, the checklist version is recorded,
identity answers reach the client row, and open-for-editing marks survive a "crash"."""

from __future__ import annotations

from pathlib import Path

from clinic_app.domain import IntakeDocument, IntakeStatus
from db.derived import identity_columns
from db.editing_marks import FileEditingMarks
from db.engine import Store

HALF_TYPED = {
    "format": "clinic-intake/1",
    "intake_date": "2026-13",
    "client": {"given_names": "Ana", "date_of_birth": "15/08/19", "nationalities": ["HN", "X"],
               "a_number": "A12345"},
    "events": [{"type": "entry", "date": "sometime in July"}, {"type": "entry"}, "junk"],
}


def test_a_malformed_draft_is_stored_and_read_back_as_typed(store: Store):
    document = IntakeDocument(HALF_TYPED)
    with store.uow() as uow:
        client_id = uow.clients.add(document)
        intake_id = uow.intakes.add(client_id, document, status="draft",
                                    checklist_version="border-intake/1")
    with store.uow() as uow:
        stored = uow.intakes.get(intake_id)
        summary = uow.clients.get_summary(client_id)
    assert stored is not None and summary is not None
    assert stored.document.facts == HALF_TYPED
    assert stored.status is IntakeStatus.DRAFT
    assert stored.checklist_version == "border-intake/1"
    assert summary.display_name == "Ana"
    assert summary.a_number is None  # not an A-number yet
    assert summary.nationalities == ("HN",)


def test_update_keeps_the_checklist_version_unless_given(store: Store):
    document = IntakeDocument({"format": "clinic-intake/1"})
    with store.uow() as uow:
        client_id = uow.clients.add(document)
        intake_id = uow.intakes.add(client_id, document, checklist_version="border-intake/1")
        version = uow.intakes.update(intake_id, IntakeDocument(HALF_TYPED), status="draft")
    with store.uow() as uow:
        stored = uow.intakes.get(intake_id)
    assert stored is not None
    assert (stored.version, stored.checklist_version) == (version, "border-intake/1")


def test_identity_answers_update_the_client_and_half_typed_ones_keep_the_old_value(store: Store):
    with store.uow() as uow:
        client_id = uow.clients.add(IntakeDocument({
            "format": "clinic-intake/1",
            "client": {"given_names": "Jorge", "a_number": "A012345678",
                       "date_of_birth": "1981-02-17"}}))
    edited = IntakeDocument({"format": "clinic-intake/1", "client": {
        "given_names": "Jorge Antonio", "family_names": "Palacios Urbina",
        "a_number": "A0123", "date_of_birth": "1981-02", "nationalities": ["NI"]}})
    with store.uow() as uow:
        uow.clients.update_identity(client_id, edited)
    with store.uow() as uow:
        summary = uow.clients.get_summary(client_id)
    assert summary is not None
    assert summary.display_name == "Jorge Antonio Palacios Urbina"
    assert summary.a_number == "A012345678"  # "A0123" is still being typed
    assert summary.nationalities == ("NI",)


def test_identity_columns_never_raise_on_odd_shapes():
    odd = IntakeDocument({"client": {"given_names": 5, "nationalities": "HN",
                                     "date_of_birth": ["1990"], "a_number": 12}})
    assert identity_columns(odd) == {"family_names": ""}  # absent: cleared
    assert identity_columns(IntakeDocument({})) == {
        "given_names": "", "family_names": "", "date_of_birth": None, "nationalities": [],
        "a_number": None}


def test_editing_marks_survive_a_new_process_and_clear_on_close(tmp_path: Path):
    marks = FileEditingMarks.beside(tmp_path)
    marks.mark_open("0b5a7c9e-1111-4222-8333-944455556666")
    marks.mark_open("../../etc/passwd")  # never a path outside the folder
    again = FileEditingMarks.beside(tmp_path)  # what the next start of the program sees
    assert again.marked() == ["0b5a7c9e-1111-4222-8333-944455556666"]
    assert again.is_marked("0b5a7c9e-1111-4222-8333-944455556666")
    again.mark_closed("0b5a7c9e-1111-4222-8333-944455556666")
    assert FileEditingMarks.beside(tmp_path).marked() == []
