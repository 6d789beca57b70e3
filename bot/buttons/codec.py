"""Callback data of every button: one frozen dataclass per button family ↔ a compact, version-tagged string.

A family is a frozen dataclass registered with a short tag (``@button("pk")``); its data is the tag, the family's
version and its fields, separated by ``:`` — ``PickCall(12)`` is ``pk1:12``. Fields are typed: ``int`` (ASCII
digits, at most 15: ``int()`` would also take "١٢", and 60 digits overflow SQLite), ``bool`` (``1``/``0``), a string
enum (its value), ``str`` (``[A-Za-z0-9_.-]``, at most 40; ``Annotated[str, Choices(...)]`` for a closed set) and
``X | None`` (an empty field). A family whose buttons name a call derives from :class:`CallButton`: the dispatcher
then checks the call is the presser's before its handler runs.

:func:`encode` raises :class:`ButtonError` for a value it cannot write or data over Telegram's 64 bytes;
:func:`decode` raises :class:`ButtonRefused` for anything a client may have forged: over-long data, an unknown tag,
another version of a family (an outdated button), a wrong count of fields or a field of the wrong type.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, TypeVar

from bot.buttons.button_data import NUMBER, NUMBER_DIGITS, WORD
from bot.texts import Texts

MAX_BYTES = 64  # Telegram's limit on callback data
SEPARATOR = ":"
INTEGER = re.compile(NUMBER)
TEXT = re.compile(WORD)
TAG = re.compile(r"[a-z]{1,4}")
HEAD = re.compile(r"([a-z]{1,4})([1-9][0-9]{0,2})")  # the tag, then the version (no leading zero)


class Button:
    """Base of every button family (a frozen dataclass registered with :func:`button`)."""

    manages: ClassVar[bool] = False  # it changes or deletes something: in a group, only for those who manage

    @classmethod
    def refusal(cls, texts: Texts) -> str:
        """What a press of this family's forged or malformed data is answered (as an alert)."""
        return texts.not_your_call


@dataclass(frozen=True)
class CallButton(Button):
    """A button that names one of the presser's calls; its ownership is checked before its handler runs."""

    call_id: int


B = TypeVar("B", bound=Button)


class ButtonError(ValueError):
    """A button that cannot be written as callback data (a programming error: raised at encode time)."""


class ButtonRefused(Exception):
    """Callback data that is refused: forged, malformed, or of another version of its family."""

    def __init__(self, reason: str, family: type[Button] | None = None, outdated: bool = False) -> None:
        super().__init__(reason)
        self.family = family
        self.outdated = outdated


@dataclass(frozen=True, slots=True)
class Choices:
    """``Annotated[str, Choices(...)]``: a string field that takes only these values."""

    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    write: Callable[[Any], str]
    read: Callable[[str], Any]


@dataclass(frozen=True, slots=True)
class _Family:
    cls: type[Button]
    tag: str
    version: int
    fields: tuple[_Field, ...]

    @property
    def head(self) -> str:
        return f"{self.tag}{self.version}"


_BY_TAG: dict[str, _Family] = {}
_BY_CLASS: dict[type[Button], _Family] = {}


def button(tag: str, version: int = 1) -> Callable[[type[B]], type[B]]:
    """Register a frozen dataclass as the button family ``tag``; bump ``version`` when its fields change."""

    def register(cls: type[B]) -> type[B]:
        if TAG.fullmatch(tag) is None or not 1 <= version <= 999:
            raise ButtonError(f"bad tag or version for {cls.__name__}: {tag!r} {version}")
        if tag in _BY_TAG:
            raise ButtonError(f"tag {tag!r} of {cls.__name__} is taken by {_BY_TAG[tag].cls.__name__}")
        params = getattr(cls, "__dataclass_params__", None)
        if not dataclasses.is_dataclass(cls) or params is None or not params.frozen:
            raise ButtonError(f"{cls.__name__} must be a frozen dataclass")
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = tuple(_field(f.name, hints[f.name]) for f in dataclasses.fields(cls))
        family = _Family(cls, tag, version, fields)
        _BY_TAG[tag], _BY_CLASS[cls] = family, family
        return cls

    return register


def families() -> tuple[type[Button], ...]:
    """Every registered button family."""
    return tuple(_BY_CLASS)


def head_of(cls: type[Button]) -> str:
    """The tag and version that start the data of ``cls``'s buttons."""
    return _BY_CLASS[cls].head


def encode(obj: Button) -> str:
    """``obj`` as callback data; :class:`ButtonError` when a field cannot be written or it exceeds 64 bytes."""
    family = _BY_CLASS.get(type(obj))
    if family is None:
        raise ButtonError(f"{type(obj).__name__} is not a registered button family")
    parts = [family.head]
    for field in family.fields:
        try:
            parts.append(field.write(getattr(obj, field.name)))
        except (ValueError, TypeError) as exc:
            raise ButtonError(f"{type(obj).__name__}.{field.name}: {exc}") from exc
    data = SEPARATOR.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ButtonError(f"{data!r} is over Telegram's {MAX_BYTES} bytes of callback data")
    return data


def decode(data: str) -> Button:
    """The button ``data`` stands for; :class:`ButtonRefused` for anything no button of this bot carries."""
    if len(data.encode()) > MAX_BYTES:
        raise ButtonRefused("over-long data")
    head, *values = data.split(SEPARATOR)
    found = HEAD.fullmatch(head)
    family = _BY_TAG.get(found.group(1)) if found else None
    if found is None or family is None:
        raise ButtonRefused("unknown tag")
    if int(found.group(2)) != family.version:
        raise ButtonRefused("another version", family.cls, outdated=True)
    if len(values) != len(family.fields):
        raise ButtonRefused("wrong number of fields", family.cls)
    try:
        kwargs = {field.name: field.read(value) for field, value in zip(family.fields, values, strict=True)}
    except ValueError as exc:
        raise ButtonRefused(str(exc), family.cls) from exc
    return family.cls(**kwargs)


def _field(name: str, hint: Any) -> _Field:
    """How a field of type ``hint`` is written and read (raising ValueError for what it cannot take)."""
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1 or len(args) != 2:
            raise ButtonError(f"field {name}: only ``X | None`` unions are supported")
        plain = _field(name, inner[0])
        return _Field(name, lambda v: "" if v is None else plain.write(v), lambda s: None if s == "" else plain.read(s))
    if typing.get_origin(hint) is Annotated and args[0] is str:
        choices = next((a for a in args[1:] if isinstance(a, Choices)), Choices(()))
        return _Field(name, lambda v: _member(v, choices.values), lambda s: _member(s, choices.values))
    if hint is bool:
        return _Field(name, lambda v: "1" if v is True else "0" if v is False else _fail(v), _read_bool)
    if hint is int:
        return _Field(name, _write_int, _read_int)
    if hint is str:
        return _Field(name, _text, _text)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        for member in hint:
            _text(member.value)
        return _Field(name, lambda v: hint(v).value, lambda s: hint(_text(s)))
    raise ButtonError(f"field {name}: type {hint!r} is not supported")


def _fail(value: object) -> str:
    raise ValueError(f"{value!r} does not fit this field")


def _write_int(value: object) -> str:
    if type(value) is not int:
        return _fail(value)
    _read_int(str(value))  # no negative or over-long numbers
    return str(value)


def _read_int(text: str) -> int:
    if INTEGER.fullmatch(text) is None:
        raise ValueError(f"{text!r} is not a number of at most {NUMBER_DIGITS} ASCII digits")
    return int(text)


def _read_bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"{text!r} is not 0 or 1")
    return text == "1"


def _text(value: object) -> str:
    if not isinstance(value, str) or TEXT.fullmatch(value) is None:
        raise ValueError(f"{value!r} is not 1 to 40 of A-Z a-z 0-9 _ . -")
    return value


def _member(value: object, values: tuple[str, ...]) -> str:
    if value not in values:
        raise ValueError(f"{value!r} is none of {values}")
    return str(value)
