"""Recordings coming in: which messages carry one, reading the file, audio for the service, the kept copies."""
