"""A date typed the way people say it, with what was understood shown right under it.

"July 2019", "early July", "entre dic 2024 y ene 2025", "15/08/2019": the field keeps what the
client can vouch for (clinic_app.checklist.parse_date_entry) and says it back ("Understood as:
sometime in July 2019") so a misreading is caught at the table. What cannot be understood yet is
stored as typed (a draft never loses a keystroke) and the field says what to type instead.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import DateEntryError, Prompt, describe_date, parse_date_entry

# Zones a border clinic meets first; every other IANA zone follows in the list.
BORDER_ZONES = ("America/Los_Angeles", "America/Tijuana", "America/Phoenix", "America/Denver",
                "America/Ciudad_Juarez", "America/Chicago", "America/Matamoros",
                "America/Monterrey", "America/New_York", "America/Mexico_City")


@lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    others = sorted(z for z in zoneinfo.available_timezones()
                    if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return BORDER_ZONES + tuple(z for z in others if z not in BORDER_ZONES)


def entry_text(entry: Mapping[str, Any]) -> str:
    """What to show in the box for stored date keys; parse_date_entry reads it back the same
    (approximate and the time have their own widgets)."""
    start = entry.get("date")
    if start is None:
        return ""
    text = str(start)
    if entry.get("date_to") is not None:
        text += f" .. {entry['date_to']}"
    return text


class DateField(QWidget):
    """A date answer. Plain dates (a birth date) emit one string; event dates (`range`) emit
    the dated object's keys: date, date_to, approximate, and time and timezone when asked.

    Signals:
        value_edited(object): the new answer; None when the box was emptied.
    """

    value_edited = Signal(object)

    def __init__(self, prompt: Prompt, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt = prompt
        self._lang = lang
        self._parse_error = False
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(
            self.tr("e.g. 15/08/2019, July 2019, 2019, between Dec 2024 and Jan 2025")
            if prompt.range else self.tr("e.g. 15/08/2019, July 2019 or 2019"))
        self.understood = QLabel(self)
        self.understood.setObjectName("dateUnderstood")
        self.understood.setWordWrap(True)
        self.approx: QCheckBox | None = None
        self.time: QLineEdit | None = None
        self.zone: QComboBox | None = None

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        if prompt.range:
            self.approx = QCheckBox(self.tr("Approximate"), self)
            self.approx.setToolTip(self.tr("The client is not sure of this date."))
            row.addWidget(self.approx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        if prompt.time:
            layout.addLayout(self._time_row())
        layout.addWidget(self.understood)

        self.line.textChanged.connect(self._edited)  # set_value() blocks signals
        if self.approx is not None:
            self.approx.toggled.connect(self._approx_toggled)
        self._show_understood()

    def _time_row(self) -> QHBoxLayout:
        self.time = QLineEdit(self)
        self.time.setPlaceholderText(self.tr("HH:MM"))
        self.time.setMaxLength(5)
        self.time.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9:]{0,5}"),
                                                           self.time))
        self.time.setAccessibleName(self.tr("Time of day (24-hour)"))
        self.zone = QComboBox(self)
        self.zone.setEditable(True)
        self.zone.addItem("")
        self.zone.addItems(list(time_zones()))
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.zone.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.zone.setAccessibleName(self.tr("Time zone"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        time_label = QLabel(self.tr("Time (24 h), if it matters:"), self)
        time_label.setBuddy(self.time)
        zone_label = QLabel(self.tr("Time zone:"), self)
        zone_label.setBuddy(self.zone)
        row.addWidget(time_label)
        row.addWidget(self.time)
        row.addWidget(zone_label)
        row.addWidget(self.zone, 1)
        self.time.textChanged.connect(self._edited)
        self.zone.currentTextChanged.connect(self._zone_changed)
        return row

    # -- API ---------------------------------------------------------------------------------

    @property
    def has_parse_error(self) -> bool:
        """True while the box holds text that is not understood as a date (said under it)."""
        return self._parse_error

    def focus_target(self) -> QWidget:
        return self.line

    def set_accessible(self, name: str, description: str) -> None:
        self.line.setAccessibleName(name)
        self.line.setAccessibleDescription(description)
        if self.approx is not None:
            self.approx.setAccessibleName(self.tr("{question}: approximate").format(
                question=name))

    def set_value(self, value: Any) -> None:
        """Show a stored answer: a date string (plain) or the date keys of an event (range)."""
        entry: Mapping[str, Any] = (value if isinstance(value, Mapping)
                                    else {"date": value} if value is not None else {})
        widgets = [w for w in (self.line, self.approx, self.time, self.zone) if w is not None]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.line.setText(entry_text(entry))
            if self.approx is not None:
                self.approx.setChecked(entry.get("approximate") is True)
            if self.time is not None:
                self.time.setText(str(entry.get("time") or ""))
            if self.zone is not None:
                self.zone.setCurrentText(str(entry.get("timezone") or ""))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._show_understood()

    def value(self) -> Any:
        """The answer as it would be stored (see `value_edited`)."""
        entry = self._entry()
        if not self._prompt.range:
            return entry.get("date")
        return entry or None

    # -- internals ---------------------------------------------------------------------------

    def _parse(self) -> tuple[dict[str, Any], DateEntryError | None]:
        text = self.line.text().strip()
        if not text:
            return {}, None
        try:
            return parse_date_entry(text, allow_range=self._prompt.range), None
        except DateEntryError as err:
            return {"date": text}, err  # stored as typed, so nothing is lost

    def _entry(self) -> dict[str, Any]:
        entry, _ = self._parse()
        if self.approx is not None and self.approx.isChecked() and entry:
            entry["approximate"] = True
        if self.time is not None and self.time.text().strip() and "time" not in entry:
            entry["time"] = self.time.text().strip()
        if self.zone is not None and self.zone.currentText().strip() and "timezone" not in entry:
            entry["timezone"] = self.zone.currentText().strip()
        return entry

    def _edited(self) -> None:
        parsed, _ = self._parse()
        if self.approx is not None and parsed.get("approximate") and not self.approx.isChecked():
            self.approx.blockSignals(True)
            self.approx.setChecked(True)
            self.approx.blockSignals(False)
        if self.time is not None and "time" in parsed:
            self.time.blockSignals(True)
            self.time.setText(str(parsed["time"]))
            self.time.blockSignals(False)
        if self.zone is not None and "timezone" in parsed:
            self.zone.blockSignals(True)
            self.zone.setCurrentText(str(parsed["timezone"]))
            self.zone.blockSignals(False)
        self._show_understood()
        self.value_edited.emit(self.value())

    def _approx_toggled(self, checked: bool) -> None:
        parsed, error = self._parse()
        if not checked and parsed.get("approximate") and error is None:
            # "about July 2019" says approximate itself: unticking rewrites the words away.
            self.line.blockSignals(True)
            self.line.setText(entry_text(parsed))
            self.line.blockSignals(False)
        self._show_understood()
        self.value_edited.emit(self.value())

    def _zone_changed(self, _text: str) -> None:
        self._show_understood()
        self.value_edited.emit(self.value())

    def _show_understood(self) -> None:
        _, error = self._parse()
        self._parse_error = error is not None
        self.understood.setProperty("problem", error is not None)
        if error is not None:
            self.understood.setText("✖ " + error.message(self._lang))
        elif self.line.text().strip():
            self.understood.setText(self.tr("Understood as: {when}").format(
                when=describe_date(self._entry(), self._lang)))
        else:
            self.understood.setText("")
        self.understood.setVisible(bool(self.understood.text()))
        style = self.understood.style()
        style.unpolish(self.understood)
        style.polish(self.understood)
