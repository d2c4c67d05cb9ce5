"""The live flags panel: advice to a lawyer as the answers come in, never a verdict.

Each flag shows its level in words and an icon (never colour alone), its title, the first
sentence of its reason and "may apply — attorney to review". Expanding it shows the whole
reason, its sources as links, and the facts behind it as buttons that jump to those answers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain import Flag, FlagLevel
from clinic_app.review import ReviewState
from clinic_app.services.editing import DraftScreening
from ui.intake.rows import restyle
from ui.review.attorney_review import AttorneyReviewSection
from ui.wording import flag_advice

# The engine opens every reason with the advice line; the card shows it on its own line.
_ADVICE_PREFIX = re.compile(r"^\s*(may apply — attorney to review|puede aplicar — revisión "
                            r"del abogado)\.?\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZÁÉÍÓÚÑ¿])")
# "(events[0])" in a one-line summary: the card's fact links already say which event.
_PATH_NOTE = re.compile(r"\s*\((?:events|household|transit_countries|confidentiality_risks)"
                        r"\[\d+\][^)]*\)")

Describe = Callable[[str], str]


def first_sentence(reason: str) -> str:
    """The reason's first sentence after the advice prefix: the one-line summary of a flag."""
    body = _ADVICE_PREFIX.sub("", reason, count=1)
    return _PATH_NOTE.sub("", _SENTENCE_END.split(body, maxsplit=1)[0]).strip()


class FlagCard(QFrame):
    """One flag, collapsed to its summary until expanded.

    Signals:
        fact_activated(str): a fact button was pressed; the JSON path of that fact.
    """

    fact_activated = Signal(str)

    def __init__(self, flag: Flag, *, icon: QIcon, describe: Describe, humanize: Describe,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flag = flag
        self.setObjectName("flagCard")
        self.setProperty("level", flag.level.value)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        size = self.fontMetrics().height()
        badge = QLabel(self)
        badge.setPixmap(icon.pixmap(QSize(size, size), self.devicePixelRatioF()))
        self.level_label = QLabel(level_name(flag.level), self)
        self.level_label.setObjectName("flagLevel")
        self.level_label.setProperty("level", flag.level.value)
        self.title = QLabel(flag.title, self)
        self.title.setObjectName("flagTitle")
        self.title.setWordWrap(True)
        self.summary = QLabel(humanize(first_sentence(flag.reason)), self)
        self.summary.setWordWrap(True)
        self.advice = QLabel(self.tr("May apply — attorney to review."), self)
        self.advice.setObjectName("flagAdvice")
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setText(self.tr("Details"))
        self.toggle.setAccessibleName(self.tr("Details of “{title}”").format(title=flag.title))
        self.details = self._details(describe, humanize)
        self.details.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(badge)
        top.addWidget(self.level_label)
        top.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.advice)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        self.toggle.toggled.connect(self.set_expanded)
        self.setAccessibleName(f"{level_name(flag.level)}: {flag.title}")

    def _details(self, describe: Describe, humanize: Describe) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        reason = QLabel(humanize(_ADVICE_PREFIX.sub("", self.flag.reason, count=1)), box)
        reason.setWordWrap(True)
        reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(reason)
        self.fact_links: list[QLabel] = []
        if self.flag.facts:
            heading = QLabel(self.tr("Facts behind this flag"), box)
            heading.setObjectName("flagHeading")
            layout.addWidget(heading)
            for path in self.flag.facts:
                # Links, not buttons: long labels wrap in a narrow panel at 200% scaling.
                link = _link(f"▸ {describe(path)}", path, box)
                link.setToolTip(self.tr("Go to this answer"))
                link.setAccessibleName(self.tr("Go to {fact}").format(fact=describe(path)))
                link.linkActivated.connect(self.fact_activated)
                layout.addWidget(link)
                self.fact_links.append(link)
        self.source_links: list[QLabel] = []
        if self.flag.sources:
            heading = QLabel(self.tr("Sources"), box)
            heading.setObjectName("flagHeading")
            layout.addWidget(heading)
            for url in self.flag.sources:
                link = _link(_short_url(url), url, box)
                link.setToolTip(url)
                link.linkActivated.connect(open_source)
                layout.addWidget(link)
                self.source_links.append(link)
        return box

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # comes back here through `toggled`
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.details.setVisible(expanded)


def _link(text: str, href: str, parent: QWidget) -> QLabel:
    """A wrapping, keyboard-reachable link (Tab to it, Enter follows it)."""
    link = QLabel(f'<a href="{html.escape(href)}">{html.escape(text)}</a>', parent)
    link.setObjectName("factLink")
    link.setTextFormat(Qt.TextFormat.RichText)
    link.setWordWrap(True)
    link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                 | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
    link.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return link


def open_source(url: str) -> None:
    """Open a citation in the system browser (it may be offline: the URL stays visible)."""
    QDesktopServices.openUrl(QUrl(url))


def _short_url(url: str) -> str:
    """"dhs.gov/news/2025/01/21/dhs-reinstates…": the site and the start of the page."""
    text = re.sub(r"^https?://(www\.)?", "", url)
    return text if len(text) <= 38 else text[:37] + "…"


def level_name(level: FlagLevel) -> str:
    names = {FlagLevel.URGENT: QCoreApplication.translate("FlagsPanel", "Urgent"),
             FlagLevel.REVIEW: QCoreApplication.translate("FlagsPanel", "Review"),
             FlagLevel.CHECK: QCoreApplication.translate("FlagsPanel", "Check")}
    return names[level]


class FlagsPanel(QScrollArea):
    """The flags of the latest screening, most urgent first.

    Signals:
        fact_activated(str): jump to the answer at this JSON path.
    """

    fact_activated = Signal(str)

    def __init__(self, icons: dict[FlagLevel, QIcon], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagsPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._icons = icons
        self._shown: tuple[Flag, ...] | None = None
        self._expanded: set[str] = set()
        body = QWidget(self)
        body.setObjectName("flagsBody")
        self.heading = QLabel(self.tr("Flags"), body)
        self.heading.setObjectName("sectionTitle")
        self.counts = QLabel(body)
        self.counts.setObjectName("flagCounts")
        self.counts.setWordWrap(True)
        self.advice = QLabel(flag_advice(), body)
        self.advice.setObjectName("flagAdviceIntro")
        self.advice.setWordWrap(True)
        self.left_out = QLabel(body)
        self.left_out.setObjectName("issue")
        self.left_out.setProperty("level", "warning")
        self.left_out.setWordWrap(True)
        self.left_out.hide()
        self.cards_box = QVBoxLayout()
        self.warnings = QLabel(body)
        self.warnings.setObjectName("flagWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        # What the attorney decided about the stored flags (shown once an intake has flags).
        self.attorney_review = AttorneyReviewSection(body)
        self.attorney_review.hide()
        layout = QVBoxLayout(body)
        for widget in (self.heading, self.counts, self.advice, self.left_out):
            layout.addWidget(widget)
        layout.addLayout(self.cards_box)
        layout.addWidget(self.warnings)
        layout.addWidget(self.attorney_review)
        layout.addStretch(1)
        self.setWidget(body)
        self.cards: list[FlagCard] = []
        self.counts.setText(self.tr("Flags appear here as you answer."))

    def flag_ids(self) -> list[str]:
        return [card.flag.id for card in self.cards]

    def show_attorney_review(self, state: ReviewState) -> None:
        """The attorney's dispositions on the intake's stored flags (read-only)."""
        self.attorney_review.show_state(state)
        self.attorney_review.setVisible(bool(state.flags))

    def card(self, flag_id: str) -> FlagCard | None:
        return next((c for c in self.cards if c.flag.id == flag_id), None)

    def show_screening(self, screening: DraftScreening, *, describe: Describe,
                       humanize: Describe) -> None:
        """Show a screening's flags (cards are rebuilt only when the flags changed)."""
        result = screening.result
        flags = tuple(sorted(result.flags, key=lambda f: -f.level.rank)) if result else ()
        if flags != self._shown:
            self._expanded = {c.flag.id for c in self.cards if c.expanded}
            self._rebuild(flags, describe, humanize)
        self._show_counts(flags)
        self._show_left_out(screening.left_out, describe)
        warnings = result.warnings if result is not None else ()
        self.warnings.setText(self.tr("Facts the rules still need:") + "\n"
                              + "\n".join(f"• {humanize(w)}" for w in warnings))
        self.warnings.setVisible(bool(warnings))

    def _rebuild(self, flags: Sequence[Flag], describe: Describe, humanize: Describe) -> None:
        for card in self.cards:
            self.cards_box.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for flag in flags:
            card = FlagCard(flag, icon=self._icons[flag.level], describe=describe,
                            humanize=humanize, parent=self.widget())
            card.fact_activated.connect(self.fact_activated)
            card.set_expanded(flag.id in self._expanded)
            self.cards_box.addWidget(card)
            self.cards.append(card)
        self._shown = tuple(flags)

    def _show_counts(self, flags: Sequence[Flag]) -> None:
        if not flags:
            self.counts.setText(self.tr("No flags for the answers so far."))
            return
        parts = []
        for level in FlagLevel:
            n = sum(1 for f in flags if f.level is level)
            if n:
                parts.append(f"{n} {level_name(level).lower()}")
        total = (self.tr("1 flag") if len(flags) == 1
                 else self.tr("{count} flags").format(count=len(flags)))
        self.counts.setText(f"{total}: {', '.join(parts)}")

    def _show_left_out(self, left_out: Sequence[str], describe: Describe) -> None:
        if left_out:
            names = "; ".join(dict.fromkeys(describe(p) for p in left_out))
            self.left_out.setText("⚠ " + self.tr(
                "Not screened until corrected: {answers}").format(answers=names))
        self.left_out.setVisible(bool(left_out))
        restyle(self.left_out)
