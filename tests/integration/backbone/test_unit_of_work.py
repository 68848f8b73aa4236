"""The unit of work: read-only transactions see one snapshot and never block writers."""

import pytest
from sqlalchemy import func, select

from tests.integration.backbone.probe_service import SUBSCRIBED, things


async def _count(uow) -> int:
    return int((await uow.execute(select(func.count()).select_from(things))).scalar_one())


async def test_read_only_unit_of_work_sees_one_snapshot_while_a_writer_commits(probe):
    async with probe.backbone.uow(read_only=True) as reader:
        assert await _count(reader) == 0
        async with probe.backbone.uow() as writer:
            await writer.execute(things.insert().values(name="sofa", quantity=1))
            await writer.commit()
        assert await _count(reader) == 0
    async with probe.backbone.uow(read_only=True) as reader:
        assert await _count(reader) == 1


async def test_read_only_unit_of_work_refuses_to_publish(probe):
    async with probe.backbone.uow(read_only=True) as reader:
        with pytest.raises(RuntimeError, match="read-only"):
            reader.publish(SUBSCRIBED, "A", {"sku": "A"})
