"""The live flags panel: levels in words and icons, the one-line reason, details on demand,
facts that jump to their answers, and fresh results within 300 ms (stale ones dropped)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from clinic_app.domain import Flag, FlagLevel, RulePackInfo, ScreeningResult
from clinic_app.services.editing import DraftScreening
from ui import assets
from ui.intake.flags_panel import FlagsPanel, first_sentence

from .intake_fakes import open_editor

PACK = RulePackInfo("us-border-asylum", "2026.06.25", "2026-07-01")
FLAGS = (
    Flag("CHECK-ONE", "Something to verify", "p", FlagLevel.CHECK,
         "May apply — attorney to review. Verify the date. More.", (), ()),
    Flag("MPP-2025", "Returned to Mexico under the 2025 MPP", "p", FlagLevel.URGENT,
         "May apply — attorney to review. MPP return recorded on 2025-03-05 (events[1]); city: "
         "Matamoros. Next hearing 2026-08-20.", ("events[0]", "events[1]"),
         ("https://example.org/mpp", "https://example.org/court")),
)


def timeline_of(editor) -> Any:
    return editor.window.section_pages["border_history"].timeline


def panel(qtbot) -> FlagsPanel:
    widget = FlagsPanel({level: assets.icon(f"flag-{level.value}") for level in FlagLevel})
    qtbot.addWidget(widget)
    widget.show_screening(DraftScreening(ScreeningResult(date(2026, 7, 1), PACK, FLAGS, ()),
                                         ("client.date_of_birth",)),
                          describe=lambda p: f"<{p}>", humanize=lambda t: t)
    return widget


def test_flags_are_ordered_by_level_with_words_never_colour_alone(qtbot):
    shown = panel(qtbot)
    assert shown.flag_ids() == ["MPP-2025", "CHECK-ONE"]
    urgent = shown.cards[0]
    assert urgent.level_label.text() == "Urgent"
    assert urgent.title.text() == "Returned to Mexico under the 2025 MPP"
    assert urgent.summary.text() == "MPP return recorded on 2025-03-05; city: Matamoros."
    assert urgent.advice.text() == "May apply — attorney to review."
    assert shown.cards[1].level_label.text() == "Check"
    assert shown.counts.text() == "2 flags: 1 urgent, 1 check"
    assert "Not screened until corrected: <client.date_of_birth>" in shown.left_out.text()


def test_details_show_reason_sources_and_facts(qtbot, monkeypatch):
    shown = panel(qtbot)
    card = shown.cards[0]
    assert card.details.isHidden()
    card.toggle.click()
    assert not card.details.isHidden()
    assert [link.text() for link in card.fact_links] == [
        '<a href="events[0]">▸ &lt;events[0]&gt;</a>',
        '<a href="events[1]">▸ &lt;events[1]&gt;</a>']
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toString()))
    card.source_links[1].linkActivated.emit("https://example.org/court")
    assert opened == ["https://example.org/court"]
    with qtbot.waitSignal(shown.fact_activated) as signal:
        card.fact_links[1].linkActivated.emit("events[1]")
    assert signal.args == ["events[1]"]


def test_expanded_cards_stay_expanded_when_flags_are_recomputed(qtbot):
    shown = panel(qtbot)
    shown.cards[0].set_expanded(True)
    fewer = (FLAGS[1],)
    shown.show_screening(DraftScreening(ScreeningResult(date(2026, 7, 1), PACK, fewer, ())),
                         describe=str, humanize=str)
    assert shown.flag_ids() == ["MPP-2025"] and shown.cards[0].expanded
    assert shown.left_out.isHidden()


def test_first_sentence_drops_the_advice_prefix_in_both_languages():
    assert first_sentence("Puede aplicar — revisión del abogado. Entrada del 2025-03-05 "
                          "(events[0]). Más.") == "Entrada del 2025-03-05."


def test_flags_follow_an_answer_within_300_ms(qtbot):
    editor, _fake = open_editor(qtbot)
    qtbot.waitUntil(lambda: editor.screening is not None, timeout=2000)
    assert editor.window.flags.flag_ids() == []
    timeline_of(editor).add_event("entry")
    qtbot.waitUntil(lambda: editor.window.flags.flag_ids() == ["ENTRY-SEEN"], timeout=1000)
    assert editor.window.flags.cards[0].level_label.text() == "Review"
    fears: Any = next(r for r in editor.window.rows() if r.path == "fears_harm_in_mexico")
    started = time.monotonic()
    fears.editor.yes.click()
    qtbot.waitUntil(lambda: editor.window.flags.cards[0].level_label.text() == "Urgent",
                    timeout=1000)
    assert time.monotonic() - started < 0.3


def test_stale_screenings_are_dropped(qtbot):
    editor, fake = open_editor(qtbot)
    qtbot.waitUntil(lambda: editor.screening is not None, timeout=2000)
    fake.hold.clear()  # the next screening blocks in the background
    timeline = timeline_of(editor)
    timeline.add_event("entry")
    editor.screen_now()  # starts the (held) screening of "one entry"
    timeline.remove_event()
    editor.screen_now()  # queued behind it: "no entry"
    fake.hold.set()
    qtbot.waitUntil(lambda: len(fake.screenings) >= 3 and not editor.screening_pending,
                    timeout=2000)
    assert editor.window.flags.flag_ids() == []  # the "one entry" answer came late: dropped


def test_clicking_a_fact_jumps_to_that_answer(qtbot):
    facts = {"format": "clinic-intake/1", "client": {"nationalities": ["MX"]}, "events": [
        {"type": "hearing", "date": "2026-08-20"}, {"type": "entry", "date": "2025-03-05"}]}
    editor, _ = open_editor(qtbot, facts)
    qtbot.waitExposed(editor.window)
    shown = editor.window.flags
    qtbot.waitUntil(lambda: set(shown.flag_ids()) == {"ENTRY-SEEN", "MX-CHECK"}, timeout=2000)
    editor.window.show_section("notes")
    card: Any = shown.card("ENTRY-SEEN")
    card.set_expanded(True)
    assert card.fact_links[0].text().endswith("Border history ▸ Entry into the US, "
                                              "5 Mar 2025</a>")
    card.fact_links[0].linkActivated.emit("events[1]")
    assert editor.window.current_section() == "border_history"
    timeline = timeline_of(editor)
    assert timeline.current_index == 1
    date_row = next(r for r in timeline.rows() if r.prompt.key == "date")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is date_row.editor.line)
    mexican: Any = shown.card("MX-CHECK")
    mexican.set_expanded(True)
    mexican.fact_links[0].linkActivated.emit("client.nationalities")
    assert editor.window.current_section() == "about_client"


def test_paths_in_reasons_read_as_labels(qtbot):
    editor, _ = open_editor(qtbot, {"format": "clinic-intake/1", "events": [
        {"type": "entry", "date": "2025-03-05"}]})
    shown = editor.window.flags
    qtbot.waitUntil(lambda: shown.flag_ids() == ["ENTRY-SEEN"], timeout=2000)
    card = shown.cards[0]
    reason = card.details.findChildren(type(card.summary))[0].text()
    assert "(Border history ▸ Entry into the US, 5 Mar 2025)" in reason
    assert "events[0]" not in card.summary.text()
