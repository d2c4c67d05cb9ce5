"""DocumentService over a real store: every PDF audited, owner-only files, the client's language
by default, Spanish words from the same rule pack, previews, and batches that cancel cleanly."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinic_app.audit_log import AuditQuery
from clinic_app.documents import CancelToken, DocumentCopy, IntakeSummary, RenderedPdf
from clinic_app.domain import Role
from clinic_app.errors import ClinicError, NotFound
from clinic_app.security import Actor
from clinic_app.services.documents import DocumentService
from db.engine import Store
from forms.pdf import PdfDocuments
from forms.pdf.raster import default_rasterizer

from .pdf_tools import norm, pdf_text
from .report_store import scenario_store
from .summaries import engine


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    with scenario_store(tmp_path_factory.mktemp("documents") / "data") as pair:
        yield pair


def service(opened: tuple[Store, str], renderer: object = None) -> DocumentService:
    store, admin_id = opened
    actor = Actor(admin_id, "admin", Role.ADMIN, "Ada Admin")
    return DocumentService(functools.partial(store.uow, user_id=admin_id),
                           renderer or PdfDocuments(),  # type: ignore[arg-type]
                           actor=actor, screener=engine(), rasterizer=default_rasterizer(),
                           clock=lambda: datetime(2026, 7, 1, 18, 0, tzinfo=UTC))


def client_id(opened: tuple[Store, str], family: str) -> str:
    with opened[0].uow() as uow:
        return next(s.client_id for s in uow.clients.summaries() if family in s.display_name)


def printed(opened: tuple[Store, str], limit: int = 50) -> list[dict[str, object]]:
    with opened[0].uow() as uow:
        return [dict(e.detail) for e in uow.audit_log.events(
            AuditQuery(action="document.printed", limit=limit))]


def test_a_saved_pdf_is_private_and_audited(opened: tuple[Store, str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "summary.pdf"
    pdf = service(opened).save(client_id(opened, "Rosales"), target)
    assert target.read_bytes() == pdf.data and target.stat().st_mode & 0o077 == 0
    newest = printed(opened)[0]
    assert newest == {"client_id": client_id(opened, "Rosales"), "document": "intake_summary",
                      "lang": "en", "pages": pdf.pages, "output": "file",
                      "file": "summary.pdf"}


def test_the_client_copy_follows_the_clients_language(opened: tuple[Store, str]) -> None:
    docs = service(opened)
    ana = docs.summary(client_id(opened, "Rosales"), copy=DocumentCopy.CLIENT)
    pavel = docs.summary(client_id(opened, "Drozd"), copy=DocumentCopy.CLIENT)
    assert ana.lang == "es" and pavel.lang == "en"
    assert docs.summary(client_id(opened, "Rosales")).lang == "en"  # the file: English
    assert ana.reviews is None  # no dispositions are even gathered for the client


def test_spanish_rewords_the_stored_flags_with_the_same_pack(opened: tuple[Store, str]) -> None:
    docs = service(opened)
    stored = docs.summary(client_id(opened, "Rosales"))
    spanish = docs.summary(client_id(opened, "Rosales"), lang="es")
    assert stored.screening and spanish.screening
    assert [f.id for f in spanish.screening.flags] == [f.id for f in stored.screening.flags]
    assert "Entró con una cita de CBP One" in [f.title for f in spanish.screening.flags]
    assert spanish.screening.as_of == stored.screening.as_of


def test_a_preview_is_audited_and_has_an_image_per_page(opened: tuple[Store, str]) -> None:
    preview = service(opened).preview(client_id(opened, "Drozd"), copy=DocumentCopy.CLIENT)
    assert len(preview.page_images) == preview.pdf.pages >= 1
    assert preview.page_images[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert "Drozd" not in preview.file_name and preview.file_name.endswith("-en.pdf")
    assert printed(opened)[0]["output"] == "preview"
    assert "Pavel Drozd" in pdf_text(preview.pdf.data)


def test_an_unknown_client_or_language_writes_nothing(opened: tuple[Store, str],
                                                      tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        service(opened).save("no-such-client", tmp_path / "x.pdf")
    with pytest.raises(ClinicError, match="English"):
        service(opened).save(client_id(opened, "Drozd"), tmp_path / "y.pdf", lang="fr")
    assert list(tmp_path.iterdir()) == []


class _Broken:
    def intake_summary(self, summary: IntakeSummary) -> RenderedPdf:
        raise ClinicError("the printer ate it")

    client_copy = intake_summary


def test_a_failed_render_leaves_no_file_and_no_audit(opened: tuple[Store, str],
                                                     tmp_path: Path) -> None:
    before = len(printed(opened, limit=500))
    with pytest.raises(ClinicError):
        service(opened, _Broken()).save(client_id(opened, "Drozd"), tmp_path / "z.pdf")
    assert not (tmp_path / "z.pdf").exists()
    assert len(printed(opened, limit=500)) == before


def test_a_batch_reports_progress_and_stops_between_documents(opened: tuple[Store, str],
                                                              tmp_path: Path) -> None:
    cancel = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 3:
            cancel.cancel()

    result = service(opened).save_all(tmp_path, copy=DocumentCopy.CLIENT, cancel=cancel,
                                      progress=progress)
    assert result.cancelled and result.total == 12
    assert seen == [(1, 12), (2, 12), (3, 12)]
    assert sorted(result.written) == sorted(tmp_path.glob("client-copy-*.pdf"))
    assert len(result.written) == 3
    languages = {p.stem.rsplit("-", 1)[1] for p in result.written}
    assert languages <= {"en", "es"}


def test_a_whole_batch_writes_one_file_per_client(opened: tuple[Store, str],
                                                  tmp_path: Path) -> None:
    result = service(opened).save_all(tmp_path, lang="es")
    assert not result.cancelled and not result.failed and len(result.written) == 12
    text = norm(pdf_text(result.written[0]))
    assert norm("Resumen de la entrevista") in text

