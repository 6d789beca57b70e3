"""Names heard without a model: Russian and English self-introductions and direct address.

A self-introduction ("I'm Maria", "my name is Maria", "this is Maria", "Maria here", "меня зовут Мария",
"Я Мария", "Это Мария") names the speaker of the line; so does one in the middle of a turn when what follows
makes it one ("…, this is Anna from the Berlin office", "and I'm Tom", "and Priya here", "…, это Мария из
бухгалтерии"). Direct address ("Thanks, David", "David, could you…", "What do you think, David?", "Спасибо, Давид",
"передаю слово Давиду", "созвонились с Марией") names someone else: for thanks and apologies the speaker before,
otherwise the speaker after (the other one in a two-person call); a Russian name in the dative or instrumental is
brought back to the nominative (``russian``). A name must be capitalized and not a common word (``stoplist``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.speakers.names.heard import ADDRESS, SELF, HeardName, Line
from bot.speakers.names.russian import DATIVE, INSTRUMENTAL, nominative
from bot.speakers.names.stoplist import is_stopword

NAME = r"(?P<name>[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?)(?![\w'’])"
_GREETING = (
    r"(?:(?i:hi|hello|hey|good (?:morning|afternoon|evening)|yes|yeah|okay|ok|so|well|привет|здравствуйте|"
    r"здравствуй|добрый (?:день|вечер)|доброе утро|да|ну|так)(?:\s+(?i:everyone|all|there|guys|всем|коллеги))?"
    r"[,!.]?\s+)?"
)
SELF_ANYWHERE = re.compile(
    r"(?<!\w)(?i:i'm|i’m|i am|my name is|my name's|my name’s|call me|меня зовут|моё имя|мое имя)\s+" + NAME
)
_AFTER = r"(?=\s*(?:[.,!?…—–-]|$))"
_CLAUSE = r"(?:^|[,.!?;…]\s*|(?<!\w)(?i:and|и|а)\s+)"  # where a new clause of the turn starts
SELF_HERE = re.compile(_CLAUSE + NAME + r"\s+(?i:here|speaking|на связи|слушает)" + _AFTER)
SELF_AT_START = re.compile(r"^" + _GREETING + r"(?i:this is|it's|it’s|it is|я|это)\s+(?:[—–-]\s+)?" + NAME)
SELF_MID_TURN = re.compile(  # "…, this is Anna from the Berlin office": who is speaking, said anywhere in a turn
    _CLAUSE + r"(?:(?i:this is|it's|it’s|it is)\s+" + NAME + r"\s+(?i:from|here|speaking|calling|with|at|of)"
    r"|(?i:это)\s+" + NAME.replace("<name>", "<ru>") + r"\s+(?i:из|с|со|на связи))(?!\w)"
)
_THANKS = r"thanks|thank you|sorry|спасибо|благодарю|извини|извините|простите"
_GREETINGS = (
    r"hi|hello|hey|good morning|good afternoon|good evening|morning|bye|goodbye|welcome|congratulations|"
    r"nice to meet you|see you|привет|здравствуй|здравствуйте|добрый день|доброе утро|добрый вечер|пока|"
    r"до свидания|рад познакомиться|рада познакомиться"
)
_REPLIES = r"okay|ok|yes|no|right|sure|great|да|нет|хорошо|ладно|конечно|отлично|слушай|слушайте"
THANKS = re.compile(r"(?<!\w)(?i:" + _THANKS + r")\s*,?\s*" + NAME + _AFTER)
CUED = re.compile(r"(?<!\w)(?:(?i:" + _GREETINGS + r")\s*,?|(?i:" + _REPLIES + r")\s*,)\s*" + NAME + _AFTER)
HANDOVER = re.compile(  # the dative: "передаю слово Давиду", "вопрос к Марии" (to the one who speaks next)
    r"(?<!\w)(?i:передаю слово|передаю микрофон|слово|вопрос ко|вопрос к|обращаюсь к|вопрос)\s+" + NAME
)
TALKING_WITH = re.compile(  # the instrumental: "созвонились с Марией" (the other one of the call)
    r"(?<!\w)(?i:говорю|разговариваю|беседую|общаюсь|созвонились|созваниваемся|договорились|договоримся|"
    r"работаем|работаю)\s+(?i:с|со)\s+" + NAME
)
LEADING = re.compile(r"^" + NAME + r"\s*,\s*(?P<rest>.+)$")
TRAILING = re.compile(r",\s*" + NAME + r"\s*\?+\s*$")
_TO_YOU = re.compile(
    r"\?|(?<!\w)(?i:you|your|could|can|would|please|ты|вы|тебе|вам|тебя|вас|твой|ваш|можешь|можете|скажи|"
    r"скажите|расскажи|расскажите|пожалуйста)(?!\w)"
)


def heard_in(lines: Sequence[Line]) -> list[HeardName]:
    """Every name the patterns hear in the call, with whose it is and how sure."""
    heard: list[HeardName] = []
    two_or_more = len({line.speaker for line in lines}) > 1
    for i, line in enumerate(lines):
        heard += [HeardName(line.speaker, name, line.start, SELF) for name in _introduced(line, lines, i)]
        if not two_or_more:
            continue
        for name, before in _addressed(line.text):
            other = _other_speaker(lines, i, before)
            if other is not None:
                heard.append(HeardName(other, name, line.start, ADDRESS))
    return heard


def _introduced(line: Line, lines: Sequence[Line], i: int) -> list[str]:
    names = [m.group("name") for pattern in (SELF_ANYWHERE, SELF_HERE) for m in pattern.finditer(line.text)]
    names += [m.group("name") or m.group("ru") for m in SELF_MID_TURN.finditer(line.text)]
    starting = SELF_AT_START.match(line.text)
    if starting and (i == 0 or lines[i - 1].speaker != line.speaker):  # only at the start of a turn
        names.append(starting.group("name"))
    return [name for name in dict.fromkeys(names) if not is_stopword(name)]  # each name once a line


def _addressed(text: str) -> list[tuple[str, bool]]:
    """Names said to someone, each with whether it goes to the speaker before (thanks) or after."""
    found = [(m.group("name"), True) for m in THANKS.finditer(text)]
    found += [(m.group("name"), False) for m in CUED.finditer(text)]
    found += [(nominative(m.group("name"), DATIVE), False) for m in HANDOVER.finditer(text)]
    found += [(nominative(m.group("name"), INSTRUMENTAL), False) for m in TALKING_WITH.finditer(text)]
    leading = LEADING.match(text)
    if leading and _TO_YOU.search(leading.group("rest")):
        found.append((leading.group("name"), False))
    if trailing := TRAILING.search(text):
        found.append((trailing.group("name"), False))
    return [(name, before) for name, before in found if not is_stopword(name)]


def _other_speaker(lines: Sequence[Line], i: int, before: bool) -> str | None:
    """The nearest other speaker before (or after) line ``i``, else the nearest on the other side."""
    speaker = lines[i].speaker
    earlier = (line.speaker for line in reversed(lines[:i]) if line.speaker != speaker)
    later = (line.speaker for line in lines[i + 1 :] if line.speaker != speaker)
    first, second = (earlier, later) if before else (later, earlier)
    return next(first, None) or next(second, None)
