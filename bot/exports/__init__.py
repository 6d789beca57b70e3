"""Transcript exports in every format /transcript offers, all using the current speaker names."""
