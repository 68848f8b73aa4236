"""Sitemap imports: queue one and follow its progress."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.content.api.deps import IdPath, Reader, ReadUow, Writer, WriteUow
from services.content.schemas import SitemapImportOut, SitemapIn
from services.content.service import imports
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["pages"])


@router.post(
    "/pages/import-sitemap", status_code=202, summary="Import pages from a sitemap",
    description="Queues an import of a sitemap or sitemap index (plain or gzip) and answers at once "
    "with the import, its status resource named in `Location`. The background worker reads the "
    "sitemap, registers every URL (normalised, with a kind guessed from the configured URL "
    "patterns; existing pages keep theirs) in short batches and counts new and existing pages. "
    "Size, URL and document caps protect against sitemap bombs; a sitemap that cannot be read "
    "fails the import with the reason in `error`.",
    responses=problem_responses(401, 403, 422),
)
async def import_sitemap(body: SitemapIn, response: Response, uow: WriteUow, _: Writer) -> SitemapImportOut:
    async with uow:
        queued = await imports.queue_import(uow, body.sitemap_url)
        await uow.commit()
    response.headers["Location"] = f"/v1/pages/imports/{queued.id}"
    return queued


@router.get(
    "/pages/imports/{import_id}", summary="Get a sitemap import's progress",
    description="Status (queued, running, succeeded, failed) and counts: URLs found, pages created, "
    "pages that existed already, entries skipped, and whether a cap truncated the sitemap.",
    responses=problem_responses(401, 404, 422),
)
async def get_import(import_id: IdPath, uow: ReadUow, _: Reader) -> SitemapImportOut:
    async with uow:
        return await imports.get_import(uow, import_id)
