"""Base model of event payloads: consumers ignore unknown fields (SPEC 4.1)."""

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")
