"""Bot settings from the environment (prefix ``BOT_``) or an env file; built in ``__main__`` and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

VOICE_MATCH_THRESHOLD = 0.95  # cosine at which a voice is a known person's (benchmarks/voice_profiles.py)


CLOUD_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile limit of the cloud Bot API
LogLevel = Literal["critical", "error", "warning", "info", "debug"]


def renamed(name: str, old_name: str) -> AliasChoices:
    """The variables a renamed setting is read from: its own, then the one it had before."""
    return AliasChoices(f"BOT_{name.upper()}", f"BOT_{old_name.upper()}")


class BotSettings(BaseSettings):
    """Every knob of the bot and its CLI; see bot/README.md for the table."""

    # populate_by_name: a renamed setting is passed by its field name, read from its new or its old variable
    model_config = SettingsConfigDict(env_prefix="BOT_", env_file=None, extra="ignore", populate_by_name=True)

    telegram_token: str | None = None
    telegram_api_url: str | None = Field(default=None, description="e.g. http://localhost:8081/bot")
    telegram_file_url: str | None = Field(default=None, description="e.g. http://localhost:8081/file/bot")
    telegram_local_mode: bool = False
    telegram_files_dir: Path = Field(
        default=Path("/var/lib/telegram-bot-api"), description="local mode: the Bot API server's --dir"
    )
    allowed_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    allowed_chat_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    membership_cache_s: float = Field(default=60.0, ge=0, description="how long a group member's status is trusted")

    # The Mini App's settings were BOT_WEBAPP_*: those names are still read (a BOT_MINIAPP_* one wins).
    miniapp_url: str | None = Field(
        default=None,
        validation_alias=renamed("miniapp_url", "webapp_url"),
        description="public HTTPS address of the Mini App (the reverse proxy's); empty: no Mini App",
    )
    miniapp_short_name: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9_]{3,30}$", description="the Mini App's short name (@BotFather /newapp)"
    )
    miniapp_host: str = Field(default="127.0.0.1", validation_alias=renamed("miniapp_host", "webapp_host"))
    miniapp_port: int = Field(default=8090, ge=1, le=65535, validation_alias=renamed("miniapp_port", "webapp_port"))
    miniapp_auth_max_age_s: int = Field(
        default=3600,
        ge=60,
        validation_alias=renamed("miniapp_auth_max_age_s", "webapp_auth_max_age_s"),
        description="how old a Mini App's initData may be (s)",
    )
    audio_dir: Path | None = Field(
        default=None, description="the compact audio copies the player streams; empty: audio/ beside the database"
    )
    audio_retention_days: float = Field(default=30.0, ge=0, description="0: keep no audio copies")

    transcription_api_url: str = "http://127.0.0.1:8000"
    transcription_api_key: str | None = None
    transcription_language: str | None = None
    transcription_timeout: float = 60.0

    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_context_tokens: int = Field(default=8000, ge=1000)
    llm_max_output_tokens: int = Field(default=1200, ge=100)
    llm_timeout: float = 120.0
    llm_proxy: str | None = None
    llm_concurrency: int = Field(default=4, ge=1)
    embedding_model: str | None = Field(
        default="text-embedding-3-small", description="served at the LLM endpoint's /v1/embeddings; empty: BM25 only"
    )

    database_path: Path = Path("data/bot.sqlite3")
    work_dir: Path = Path("data/work")
    delete_originals: bool = False
    max_active_calls_per_user: int = Field(default=2, ge=1)
    max_active_calls_per_chat: int = Field(default=3, ge=1)
    max_file_mb: int = Field(default=2000, ge=1)
    ffmpeg_timeout_s: float = Field(default=1800.0, gt=0, description="longest audio extraction from a video (s)")
    poll_interval: float = Field(default=2.0, gt=0, description="a job's status is polled this often (s)")
    quiet_poll_interval: float = Field(
        default=15.0,
        gt=0,
        description="following a job by its event stream: its status is asked after this long without an event (s)",
    )
    transcript_preview_after_s: float | None = Field(
        default=120.0,
        ge=0,
        description="the status message shows the latest streamed lines once they reach this far (s); empty: never",
    )
    progress_edit_interval: float = Field(default=3.0, ge=0)
    status_edits_per_second: float = Field(default=10.0, gt=0)
    retry_initial_delay: float = Field(default=2.0, gt=0)
    retry_max_delay: float = Field(default=60.0, gt=0)
    retry_give_up_after: float = Field(default=24 * 3600.0, gt=0)
    stall_notice_after: float = Field(
        default=300.0, gt=0, description="no progress from the service this long: the status message says so (s)"
    )
    stall_give_up_after: float = Field(
        default=6 * 3600.0, gt=0, description="no progress this long: the call fails with a Retry button (s)"
    )
    voice_match_threshold: float = Field(
        default=VOICE_MATCH_THRESHOLD, gt=0, le=1, description="cosine at which a voice is taken for a known person"
    )
    log_level: LogLevel = Field(default="info", description="critical | error | warning | info | debug")

    @field_validator(
        "telegram_token",
        "telegram_api_url",
        "telegram_file_url",
        "transcription_api_key",
        "transcription_language",
        "llm_base_url",
        "llm_api_key",
        "llm_proxy",
        "embedding_model",
        "miniapp_url",
        "miniapp_short_name",
        "audio_dir",
        "transcript_preview_after_s",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("allowed_user_ids", "allowed_chat_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        return value

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)

    @field_validator("miniapp_url")
    @classmethod
    def _https_base(cls, value: str | None) -> str | None:
        """Telegram opens Mini Apps only over HTTPS; the page's relative links need the trailing slash."""
        if value is None:
            return None
        if not value.startswith("https://"):
            raise ValueError("BOT_MINIAPP_URL must be an https:// address (Telegram opens Mini Apps only over HTTPS)")
        return value if value.endswith("/") else value + "/"

    @property
    def miniapp_enabled(self) -> bool:
        return self.miniapp_url is not None

    @property
    def keeps_audio(self) -> bool:
        """Whether processed calls keep a compact audio copy for the Mini App's player."""
        return self.miniapp_enabled and self.audio_retention_days > 0

    @property
    def audio_folder(self) -> Path:
        """Where the audio copies live: BOT_AUDIO_DIR, else ``audio/`` beside the database (they belong to it)."""
        return self.audio_dir or self.database_path.parent / "audio"

    @property
    def local_files_dir(self) -> Path | None:
        """Where recordings are read in place: the Bot API server's folder in local mode, none for the cloud API."""
        return self.telegram_files_dir if self.telegram_local_mode else None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in logs (the token is part of Bot API URLs and local file paths)."""
        values = (self.telegram_token, self.transcription_api_key, self.llm_api_key)
        return tuple(v for v in values if v)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    def is_allowed(self, user_id: int) -> bool:
        """The allow-list, the one rule for chat and Mini App alike: empty = everyone."""
        return not self.allowed_user_ids or user_id in self.allowed_user_ids

    def is_allowed_owner(self, owner_id: int) -> bool:
        """A call's owner: a person (the user allow-list) or a group chat (negative id: the chat allow-list)."""
        return self.is_allowed_group(owner_id) if owner_id < 0 else self.is_allowed(owner_id)

    def is_allowed_group(self, chat_id: int) -> bool:
        """A group is served when the chat allow-list names it, or when neither allow-list is set; its members
        need not be on the user allow-list (a team is more people than the bot's owner)."""
        if self.allowed_chat_ids:
            return chat_id in self.allowed_chat_ids
        return not self.allowed_user_ids
