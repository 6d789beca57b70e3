"""Deleting a call or all of a user's data, here and on the transcription service."""
