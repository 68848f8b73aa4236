"""Tables of the marketing service."""

from sqlalchemy import MetaData

from shared.tables import backbone_tables

metadata = MetaData()
backbone = backbone_tables(metadata)
