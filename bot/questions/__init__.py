"""Answers about calls, grounded in retrieved passages, citing ``[mm:ss · Speaker]`` that exist in the call."""
