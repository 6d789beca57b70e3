"""The names heard in a call, as lines under the speakers view: who, which name, and where it was said."""

from __future__ import annotations

from collections.abc import Sequence

from bot.shared.html_lines import Line
from bot.shared.speaker_names import speaker_name
from bot.shared.timecodes import mmss
from bot.speakers.names.finder import Offer
from bot.texts import Texts


def heard_lines(offered: Sequence[Offer], texts: Texts) -> list[Line]:
    if not offered:
        return []
    lines = [Line(""), Line(texts.names_heard, "b")]
    for offer in offered:
        s, speaker = offer.suggestion, speaker_name(offer.speaker, texts.speaker)
        lines.append(Line(texts.name_heard.format(speaker=speaker, name=s.name, at=mmss(s.at))))
    return lines
