"""HTTP routes: the seed-compatible /transcribe API, the OpenAI-compatible API, health and metrics."""
