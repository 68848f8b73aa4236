"""HTTP routes of the marketing service."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1")
