"""Sharing a call by a revocable, read-only link: the owner's /share and /shared, and the reader who opened it."""
