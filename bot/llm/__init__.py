"""Talking to an OpenAI-compatible endpoint: the client, one chat completion, token budgets."""
