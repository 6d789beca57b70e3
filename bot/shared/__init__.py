"""Building blocks below every feature: time stamps, Telegram HTML lines, call titles, speaker names. They import
no feature code (only ``database`` models and the standard library)."""
