"""HTTP routes of the support service."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1")
