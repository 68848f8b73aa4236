"""Roles, units of work and path parameters of the inventory routers."""

from typing import Annotated

from fastapi import Depends, Path

from services.inventory.schemas import SKU_PATTERN, WAREHOUSE_PATTERN
from shared.http.auth import require
from shared.http.deps import Authenticated, ReadUow, WriteUow

__all__ = ["Checkout", "FulfilmentReader", "ReadUow", "Reader", "SkuPath", "WarehousePath", "WriteUow",
           "Writer"]

Reader = Authenticated
Writer = Annotated[str, Depends(require("inventory"))]
Checkout = Annotated[str, Depends(require("inventory", "storefront"))]
# Fulfilments hold no customer data; the teams answering "where is my order" read them too.
FulfilmentReader = Annotated[str, Depends(require("inventory", "storefront", "support"))]

SkuPath = Annotated[str, Path(pattern=SKU_PATTERN, description="The SKU.", examples=["SKU-123"])]
WarehousePath = Annotated[
    str, Path(pattern=WAREHOUSE_PATTERN, description="The warehouse code.", examples=["BER-1"])
]
