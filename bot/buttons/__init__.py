"""Inline buttons: the typed callback codec every button family registers with, the press a handler gets, and the
ownership check."""
