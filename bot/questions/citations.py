"""Citations in answers: find them, and keep only those that point at a real line of the call."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

# [mm:ss · Speaker] or, across calls, [Call title · mm:ss · Speaker]
CITATION = re.compile(r"\[(?:(?P<call>[^\[\]]+?) · )?(?P<ts>\d{1,4}:\d{2}) · (?P<who>[^\[\]]+?)\]")
BARE_STAMP = re.compile(r"\[(?P<ts>\d{1,4}:\d{2})\]")  # as summary and notes items carry them


@dataclass(frozen=True, slots=True)
class Citation:
    timestamp: str
    speaker: str
    call: str | None = None

    @property
    def key(self) -> tuple[str | None, str, str]:
        return (self.call.casefold() if self.call else None, self.timestamp, self.speaker.casefold())


def _citation(match: re.Match[str]) -> Citation:
    return Citation(match["ts"], match["who"].strip(), match["call"].strip() if match["call"] else None)


def citations_in(text: str) -> list[Citation]:
    return [_citation(m) for m in CITATION.finditer(text)]


def keep_real_citations(
    answer: str, quoted_lines: Iterable[str], stamps: Collection[str] = ()
) -> tuple[str, list[Citation]]:
    """Drop citations whose timestamp and speaker appear in no quoted line, and bare ``[mm:ss]`` stamps the call
    does not have (``stamps``); return the cleaned text and the citations kept."""
    real = {c.key for line in quoted_lines for c in citations_in(line)}
    kept: list[Citation] = []

    def check(match: re.Match[str]) -> str:
        citation = _citation(match)
        if citation.key in real:
            kept.append(citation)
            return match.group(0)
        return ""

    cleaned = CITATION.sub(check, answer)
    cleaned = BARE_STAMP.sub(lambda m: m.group(0) if m["ts"] in stamps else "", cleaned)
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip(), kept
