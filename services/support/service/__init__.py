"""Use cases of the support service: the only place that publishes events.

Each function works in the unit of work it is given; the route or the consumer opens and
commits it."""
