"""Telegram assistant for call recordings: ingest, transcription through the API, summary, delivery."""
