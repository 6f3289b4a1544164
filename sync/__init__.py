"""Getting every outlet's journal to the centre: the outbox, the client and the central service."""
