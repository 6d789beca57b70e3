"""Questions about the whole call ("what's the gist?", "what was decided?", "was anyone upset?") rather than a
fact said at one moment: they are answered from the whole transcript, or from the summary and the part notes."""

from __future__ import annotations

import re

_WHOLE_CALL = [
    # English
    r"\bgist\b",
    r"\brecap\b",
    r"\bsummar(?:y|ise|ize|ies)\b",
    r"\boverview\b",
    r"\btl;?dr\b",
    r"\bwhat\b.{0,30}\b(?:call|meeting|conversation|talk|discussion)\b.{0,15}\babout\b",
    r"\bwhat (?:was|were|did we|did they|have we) (?:decided|agreed|discussed|concluded)\b",
    r"\b(?:main|key) (?:points?|topics?|takeaways?|ideas?|results?|outcomes?)\b",
    r"\btakeaways?\b",
    r"\b(?:all|every(?:thing)?|list)\b.{0,30}\b(?:decid|decisions?|agreed|action items?|tasks?|to-?dos?|next steps)",
    r"\b(?:decisions|action items|next steps|open questions|to-?dos)\b",
    r"\b(?:tone|mood|atmosphere|vibe|sentiment|emotions?)\b",
    r"\b(?:upset|angry|annoyed|frustrated|unhappy|happy|tense|conflicts?|argu(?:e|ed|ment))\b",
    r"\bhow did (?:the|this|it) (?:call|meeting|conversation) go\b",
    r"\bwho (?:talked|spoke) (?:the )?most\b",
    # Russian
    r"\bсуть\b",
    r"\bвкратце\b",
    r"\bкратк\w*\b",
    r"\bрезюм\w*\b",
    r"\bитог\w*\b",
    r"\bобзор\w*\b",
    r"\bо\s*ч[её]м\b.{0,30}\b(?:звон\w*|встреч\w*|разговор\w*|созвон\w*|обсужд\w*|говорил\w*|был\w*)",
    r"\bчто\s+(?:решили|обсудили|обсуждали|договорились|постановили)\b",
    r"\b(?:главн\w*|основн\w*|ключев\w*)\s+(?:мысл\w*|момент\w*|тем\w*|пункт\w*|вывод\w*|идеи)\b",
    r"\b(?:вс[её]|все|список|перечисл\w*)\b.{0,30}\b(?:решени\w*|задач\w*|договор[её]нност\w*|шаг\w*)",
    r"\b(?:решения|задачи|договор[её]нности|открытые вопросы)\b",
    r"\b(?:тон|настроени\w*|атмосфер\w*|эмоци\w*)\b",
    r"\b(?:расстро\w*|злил\w*|зол\w*|недовол\w*|раздраж\w*|конфликт\w*|спор\w*|руга\w*)\b",
    r"\bкак\s+прош(?:ёл|ел|ла|ло)\b",
    r"\bкто\s+(?:больше\s+всего|чаще)\s+говорил\b",
]
WHOLE_CALL = re.compile("|".join(f"(?:{p})" for p in _WHOLE_CALL), re.IGNORECASE)


def is_whole_call(question: str) -> bool:
    """Whether the question is about the call as a whole (Russian or English)."""
    return WHOLE_CALL.search(question) is not None
