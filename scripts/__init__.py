"""Developer commands: the local stack, the demo, generated documentation."""
