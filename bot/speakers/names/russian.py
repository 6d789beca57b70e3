"""Russian first names heard in an oblique case, brought back to the nominative a speaker is called by ("передаю
слово Давиду" → Давид, "созвонились с Марией" → Мария, "вопрос к Игорю" → Игорь).

Only where the words around the name say which case it is in (``DATIVE``, ``INSTRUMENTAL``), and only by endings
that first names take in that case; a word that does not end as such a form is left as it was said.
"""

from __future__ import annotations

# (ending of the oblique form, ending of the nominative), longest first within each case
_DATIVE = (
    ("ии", "ия"),  # Марии → Мария, Наталии → Наталия
    ("ию", "ий"),  # Юрию → Юрий, Дмитрию → Дмитрий
    ("ею", "ей"),  # Андрею → Андрей, Сергею → Сергей
    ("ье", "ья"),  # Наталье → Наталья
    ("рю", "рь"),  # Игорю → Игорь
    ("влу", "вел"),  # Павлу → Павел
    ("у", ""),  # Давиду → Давид, Ивану → Иван, Олегу → Олег
    ("е", "а"),  # Анне → Анна, Ольге → Ольга, Мише → Миша
)
_INSTRUMENTAL = (
    ("ией", "ия"),  # Марией → Мария
    ("ьей", "ья"),  # Натальей → Наталья
    ("ием", "ий"),  # Дмитрием → Дмитрий
    ("еем", "ей"),  # Андреем → Андрей
    ("рем", "рь"),  # Игорем → Игорь
    ("влом", "вел"),  # Павлом → Павел
    ("шей", "ша"),
    ("жей", "жа"),
    ("чей", "ча"),
    ("щей", "ща"),  # Машей → Маша
    ("ей", "я"),  # Соней → Соня, Таней → Таня
    ("ой", "а"),  # Анной → Анна, Ольгой → Ольга
    ("ом", ""),  # Давидом → Давид, Иваном → Иван
)
DATIVE, INSTRUMENTAL = "dative", "instrumental"
_ENDINGS = {DATIVE: _DATIVE, INSTRUMENTAL: _INSTRUMENTAL}
_SHORTEST_STEM = 2


def nominative(word: str, case: str) -> str:
    """``word`` (a capitalized Russian first name in ``case``) in the nominative; unchanged when it does not end as
    a first name in that case does."""
    for oblique, plain in _ENDINGS[case]:
        stem = word[: len(word) - len(oblique)]
        if word.endswith(oblique) and len(stem) >= _SHORTEST_STEM and stem[-1].isalpha():
            return stem + plain
    return word
