"""A job's event log: progress, final segments and its outcome, told to clients as they happen (SSE)."""
