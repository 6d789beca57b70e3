"""``--help`` text listing every variable a pydantic-settings class reads, with its default and description."""

from __future__ import annotations

from pydantic_settings import BaseSettings


def shown_default(value: object) -> str:
    if value is None or value == frozenset():
        return "none"
    return str(value).lower() if isinstance(value, bool) else str(value)


def settings_help(settings: type[BaseSettings], env_file: str, widths: tuple[int, int]) -> str:
    """Every variable ``settings`` reads, one line each: name, default, description. ``env_file`` names where
    NAME=value lines come from; ``widths`` are those of the name and default columns."""
    prefix = settings.model_config.get("env_prefix", "")
    name_width, default_width = widths
    lines = [f"settings (environment variables, or NAME=value lines of {env_file}):"]
    for name, field in settings.model_fields.items():
        default = shown_default(field.get_default(call_default_factory=True))
        line = f"  {prefix + name.upper():<{name_width}} {default:<{default_width}} {field.description or ''}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def settings_epilog(settings: type[BaseSettings], env_file: str, widths: tuple[int, int], readme: str) -> str:
    """The ``--help`` epilog: every setting, then where their meanings are explained."""
    return f"{settings_help(settings, env_file, widths)}\n\nMeanings and examples: {readme}."
