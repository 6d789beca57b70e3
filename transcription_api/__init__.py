"""WhisperX transcription service: streamed uploads, a durable SQLite job queue and an offline-capable engine."""
