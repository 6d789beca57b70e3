"""Capitalized words that look like a name where the patterns expect one but are not ("I'm Sure", "So, can you…",
"Это Всё", "See you Monday"): compared case-folded."""

from __future__ import annotations

_EN = """
a an the and but or so then now well yes yeah yep no nope ok okay alright right sure fine good great glad happy
sorry thanks thank please hello hi hey oh ah um uh hmm wait really maybe perhaps here there this that these those
it its what who why how when where which just also actually anyway basically honestly listen look first second
finally however because if not going gonna trying still back ready done afraid calling speaking everyone everybody
all guys folks team friends colleagues sir madam mr mrs ms dr today tomorrow yesterday tonight morning afternoon
evening monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december english russian american i you he she we they me him her us them my your our
bye goodbye welcome cool nice awesome perfect exactly true agreed of in on at to for from with about by as
"""
_RU = """
а и но или да нет так ну вот ладно хорошо окей ок конечно отлично понятно спасибо привет пока здравствуйте
здравствуй слушай слушайте смотри смотрите кстати значит итак короче скажи скажите коллеги ребята друзья
извини извините погоди подожди давай давайте сейчас сегодня завтра вчера наконец это этот эта всё все я мы вы ты
он она они его её ее их мне нам вам тебе потому поэтому тоже также уже ещё еще здесь тут там не ни рад рада
понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье январь февраль март апрель май
июнь июль август сентябрь октябрь ноябрь декабрь русский английский уверен уверена готов готова согласен согласна
"""
STOPWORDS = frozenset((_EN + _RU).split())


def is_stopword(word: str) -> bool:
    return word.casefold() in STOPWORDS
