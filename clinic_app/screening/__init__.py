"""Policy screening: rule packs compiled to CEL, evaluated over a derived view of each intake.

`model` is the pack as data, `view` the facts rules read, `expressions`/`validate` the load-time
checks, `engine` the Screener, `reasons`/`texts` the bilingual explanations.
"""

from clinic_app.screening.engine import ScreeningEngine
from clinic_app.screening.model import (
    Boundary,
    Citation,
    FlagRule,
    ReasonPart,
    RulePack,
    TimelineEntry,
    Trigger,
)
from clinic_app.screening.view import IntakeView, build_view

__all__ = [
    "Boundary", "Citation", "FlagRule", "IntakeView", "ReasonPart", "RulePack", "ScreeningEngine",
    "TimelineEntry", "Trigger", "build_view",
]
