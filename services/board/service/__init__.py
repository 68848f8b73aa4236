"""Use cases of the board: apply events to the read model, read the pages, act through the services."""
