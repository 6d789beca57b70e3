"""Word error rate with a normalizer that is fair to any English transcriber, and strict about what readers see.

Differences a reader would not notice are removed: case, punctuation, thousands separators ("$47,000" =
"47000"), the separator of a clock time ("10:30" = "10.30"), "%" = "percent", "e-mail" = "email", "OK" = "okay".
Differences a reader does notice are kept: "$47 ,000" is two words, "3.5" is not "35".
"""

from __future__ import annotations

import re

import jiwer

_RULES: tuple[tuple[str, str], ...] = (
    (r"(?<=\d),(?=\d{3}\b)", ""),  # thousands separators
    (r"(?<=\d):(?=\d)", "."),  # 10:30 = 10.30
    (r"(?<=\d)\s*-\s*(?=\d)", " to "),  # 3-5 = 3 to 5
    (r"%", " percent "),
    (r"\be-mail", "email"),
    (r"\bok\b", "okay"),
    (r"(?<!\d)\.|\.(?!\d)", " "),  # a dot outside a number
    (r"[^\w\s.]", " "),  # every other punctuation mark and symbol
)


def normalize(text: str) -> str:
    text = text.lower().replace("’", "'").replace("'", "")
    for pattern, replacement in _RULES:
        text = re.sub(pattern, replacement, text)
    return " ".join(text.split())


def word_error_rate(reference: str, hypothesis: str) -> float:
    return float(jiwer.wer(normalize(reference), normalize(hypothesis) or "<empty>"))
