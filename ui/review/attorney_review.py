"""A read-only "Attorney review" box for the paralegal's intake window (under its flags).

Shows what the attorney decided about each current flag, with the note, and whether the intake
is signed off. The intake window loads it with `AppServices.reviews.review_for_intake(id)`
(on its TaskRunner) and calls `show_state`; nothing here writes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clinic_app.review import ReviewState
from ui.review.history_model import disposition_name


class AttorneyReviewSection(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attorneyReview")
        self.heading = QLabel(self.tr("Attorney review"), self)
        self.heading.setObjectName("flagHeading")
        self.body = QLabel(self.tr("No attorney has reviewed these flags yet."), self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)

    def show_state(self, state: ReviewState) -> None:
        lines = []
        if state.sign_off is not None:
            s = state.sign_off
            lines.append(self.tr("✔ Signed off by {who} on {day}.").format(
                who=s.reviewer, day=s.decided_at.date().isoformat()))
        for flag in state.flags:
            current = flag.current
            if current is not None:
                lines.append(self.tr("{flag}: {decision} — {note} ({who}, {day})").format(
                    flag=flag.flag.id, decision=disposition_name(current.disposition),
                    note=current.note, who=current.reviewer,
                    day=current.decided_at.date().isoformat()))
            elif flag.reopened:
                lines.append(self.tr("{flag}: re-opened — the flag changed since the attorney "
                                     "decided it").format(flag=flag.flag.id))
            else:
                lines.append(self.tr("{flag}: not reviewed yet").format(flag=flag.flag.id))
        self.body.setText("\n".join(lines) if lines else self.tr("No flags to review."))
