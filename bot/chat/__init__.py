"""Telegram side of the pipeline: incoming files, status messages, delivery, buttons."""
