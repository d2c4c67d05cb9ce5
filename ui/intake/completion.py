"""What still stands between a draft and a complete intake, each item a link to its answer."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clinic_app.services.editing import Problem


class CompletionPanel(QFrame):
    """Shown after "Complete intake" (Ctrl+Enter) found something missing or wrong.

    Signals:
        problem_activated(str): go to the answer at this JSON path.
    """

    problem_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("completionPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        self.heading.setObjectName("flagHeading")
        self.heading.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Hide"), self)
        self.close_button.setAccessibleName(self.tr("Hide the list of what is missing"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.items = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.items)
        self.links: list[QLabel] = []
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def _clear(self) -> None:
        for link in self.links:
            self.items.removeWidget(link)
            link.deleteLater()
        self.links = []

    def show_problems(self, problems: Sequence[Problem], lang: str,
                      describe: Callable[[str], str]) -> None:
        """List every problem (missing answers first) as a button that jumps to it."""
        self._clear()
        count = len(problems)
        self.heading.setText(
            self.tr("Not complete yet: 1 thing to add or fix.") if count == 1
            else self.tr("Not complete yet: {count} things to add or fix.").format(count=count))
        for problem in sorted(problems, key=lambda p: not p.missing):
            place = describe(problem.path)
            text = problem.message(lang)
            mark = "○" if problem.missing else "✖"
            # A label, not a button: long messages wrap at 200% scaling. Tab reaches the link.
            link = QLabel(f'{mark} <a href="{html.escape(problem.path)}">{html.escape(text)}</a>'
                          f" <span>({html.escape(place)})</span>", self)
            link.setObjectName("problemLink")
            link.setWordWrap(True)
            link.setTextFormat(Qt.TextFormat.RichText)
            link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                         | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            link.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            link.setAccessibleName(f"{text} ({place})")
            link.linkActivated.connect(self.problem_activated)
            self.items.addWidget(link)
            self.links.append(link)
        self.show()

    def show_done(self) -> None:
        self._clear()
        self.heading.setText(self.tr("Intake complete: flags stored for the attorney's review."))
        self.show()
