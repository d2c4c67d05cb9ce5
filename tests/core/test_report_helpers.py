"""The core's de-identification helpers and the client-copy language rule."""

from __future__ import annotations

from datetime import date

from clinic_app.documents import DocumentCopy, client_language, document_file_name
from clinic_app.domain import IntakeDocument
from clinic_app.reports import FEWER_THAN, UNKNOWN, Period, age_band, generalize, months, small


def test_age_bands_keep_children_apart_and_take_the_younger_band_when_unsure() -> None:
    on = date(2026, 7, 1)
    assert age_band("2008-07-02", on) == "13–17"  # 18 tomorrow: still a child today
    assert age_band("2008-07-01", on) == "18–24"
    assert age_band("2008", on) == "13–17"  # born in 2008, maybe after 1 July: maybe 17
    assert age_band("1990-04", on) == "35–49"
    assert age_band(None, on) == UNKNOWN and age_band("garbage", on) == UNKNOWN
    assert age_band("2030-01-01", on) == UNKNOWN


def test_rare_values_are_generalized_common_ones_kept() -> None:
    values = ["HN"] * 5 + ["MR"] + [UNKNOWN]
    assert generalize(values) == ["HN"] * 5 + [FEWER_THAN, UNKNOWN]
    assert small(3) == "*" and small(5) == "" and small(0) == ""


def test_months_fold_days_in_time_order() -> None:
    folded = months([(date(2026, 7, 2), 2), (None, 1), (date(2026, 6, 30), 1),
                     (date(2026, 7, 1), 3)])
    assert folded == [("2026-06", 1), ("2026-07", 5), (UNKNOWN, 1)]


def test_periods_are_inclusive_and_say_so() -> None:
    period = Period(date(2026, 1, 1), date(2026, 6, 30))
    assert period.contains(date(2026, 6, 30)) and not period.contains(date(2026, 7, 1))
    assert period.label() == "2026-01-01 to 2026-06-30" and Period().label() == "all dates"


def test_the_client_copy_speaks_the_first_of_english_or_spanish_listed() -> None:
    def doc(*languages: str) -> IntakeDocument:
        return IntakeDocument({"client": {"languages": list(languages)}})

    assert client_language(doc("es")) == "es"
    assert client_language(doc("mam", "es", "en")) == "es"
    assert client_language(doc("en", "es")) == "en"
    assert client_language(doc("be", "ru")) == "en"
    assert client_language(IntakeDocument({})) == "en"


def test_file_names_never_carry_the_clients_name() -> None:
    name = document_file_name("6358e217-0eed-43ac", DocumentCopy.CLIENT, "es")
    assert name == "client-copy-6358e217-es.pdf"
