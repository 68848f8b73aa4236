"""HTTP routes of the content service."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1")
