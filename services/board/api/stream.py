"""Server-Sent Events: open pages learn that the read model changed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from services.board.api.deps import Reader
from services.board.service import stream

router = APIRouter(tags=["live"], include_in_schema=False)


@router.get("/stream", summary="Live changes (text/event-stream)", response_class=StreamingResponse)
async def changes(
    request: Request, _: Reader,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
    after: Annotated[int | None, Query(ge=0, description="The feed position the page shows.")] = None,
) -> StreamingResponse:
    seen = int(last_event_id) if last_event_id and last_event_id.isdigit() else after
    backbone = request.app.state.backbone
    frames = stream.changes(lambda: backbone.uow(read_only=True), backbone.signals, seen,
                            request.is_disconnected)
    return StreamingResponse(frames, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
