"""`make demo`: the headline story of the shop, played against a running stack (`make run`)."""
