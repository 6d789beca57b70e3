"""Full-stack fixtures: the Bot API emulator and the fake LLM live in the test process; bot and API are processes."""

from tests.bot.conftest import SERVICE_KEY, emulator, fake_llm, make_settings

__all__ = ["SERVICE_KEY", "emulator", "fake_llm", "make_settings"]
