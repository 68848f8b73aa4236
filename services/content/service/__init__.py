"""The content use cases; the only modules that publish events.

Each takes a unit of work its caller opened (route, handler or background job) and leaves the
commit to that caller; a crawl, which writes its results in many short transactions, is given the
backbone's unit-of-work factory instead."""
