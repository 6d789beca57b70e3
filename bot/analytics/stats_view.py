"""/stats as users read it: per speaker talk time and share, talk/listen ratio, longest monologue, pace,
questions and interruptions, with how they were computed."""

from __future__ import annotations

from bot.analytics.talk import INTERRUPTION_GAP_S, TalkStats
from bot.shared.html_lines import Line
from bot.shared.speaker_names import SpeakerNames
from bot.shared.timecodes import elapsed, mmss
from bot.texts import Texts


def stats_lines(stats: TalkStats, names: SpeakerNames, texts: Texts, title: str, open_hint: bool) -> list[Line]:
    lines = [Line(texts.stats_title.format(title=title, duration=elapsed(stats.duration)), "b")]
    for s in stats.speakers:
        first, *rest = texts.stats_speaker.format(
            name=names.name(s.label),
            talk=elapsed(s.talk_s),
            share=round(100 * s.share),
            ratio="—" if s.talk_listen is None else f"{s.talk_listen:.2f}",
            monologue=elapsed(s.longest_monologue_s),
            at=mmss(s.longest_monologue_at),
            wpm=round(s.words_per_minute),
            questions=s.questions,
            interruptions=s.interruptions,
            interrupted=s.interrupted,
        ).split("\n")
        lines += [Line(""), Line(first, "b"), *(Line(line) for line in rest)]
    lines += [Line(""), Line(texts.stats_how.format(gap=f"{INTERRUPTION_GAP_S:g}"), "i")]
    if open_hint:
        lines.append(Line(texts.stats_open_hint, "i"))
    return lines
