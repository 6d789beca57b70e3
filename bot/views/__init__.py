"""Turning stored data into what users see: Telegram HTML messages, the transcript file, the status line."""
