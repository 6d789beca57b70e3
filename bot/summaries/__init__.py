"""Summaries of a call: the structured summary, the LLM summarizer (map-reduce for long calls) and the extractive
fallback."""
