"""The transcription service as the bot talks to it: client, streamed uploads, job names, local service."""
