"""Summaries: an OpenAI-compatible LLM with map-reduce for long calls, or an extractive fallback."""
