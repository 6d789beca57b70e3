"""Durable job queue: SQLite store and the worker thread."""
