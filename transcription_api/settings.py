"""Settings of the transcription service, read from TRANSCRIBE_* environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from transcription_api.webhooks.targets import check_secret, check_url

PACKAGED_BASE = "packaged-base"
PACKAGED_TINY_EN = "packaged-tiny.en"
LogLevel = Literal["critical", "error", "warning", "info", "debug"]


class ApiSettings(BaseSettings):
    """Everything the service can be told; built once in ``__main__`` and passed down."""

    model_config = SettingsConfigDict(env_prefix="TRANSCRIBE_", env_file=None, extra="ignore", env_ignore_empty=True)

    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = Field(default=None, description="Bearer key; empty disables auth")
    data_dir: Path = Path("data/transcription")
    max_upload_mb: int = Field(default=4096, gt=0)
    retention_hours: float = Field(default=72.0, gt=0, description="kept this long after the first fetch")
    unfetched_retention_hours: float = Field(default=720.0, gt=0, description="cap for results nobody fetched")
    purge_interval_s: float = Field(default=600.0, gt=0)
    max_duration_hours: float = Field(default=12.0, gt=0, description="longest recording accepted")
    max_attempts: int = Field(default=3, ge=1, description="runs a job gets before it is failed as poison")
    ffmpeg_timeout_s: float = Field(default=1800.0, gt=0, description="longest decode of one recording (s)")

    model: str = Field(default="auto", description="auto | packaged-base | packaged-tiny.en | a local dir | a name")
    model_dir: Path | None = Field(default=None, description="where downloaded models are cached")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    compute_type: str = Field(default="auto", description="auto | int8 | float16 | float32 | int8_float16")
    batch_size: int = Field(default=8, gt=0)
    beam_size: int = Field(default=5, gt=0)
    vad: Literal["auto", "silero", "pyannote"] = Field(
        default="auto", description="auto: silero on CPU, pyannote on CUDA"
    )
    cpu_threads: int = Field(default=0, ge=0, description="0 = all cores")
    language: str | None = Field(default=None, description="force a language for every job")
    gpu_model: str = Field(default="large-v3", description="model used on CUDA when model=auto")

    align_model_dir: Path | None = Field(default=None, description="local wav2vec2 alignment model")
    diarization_model: str | None = Field(default=None, description="pyannote pipeline dir or hub id")
    hf_token: str | None = None
    max_speakers_default: int = Field(default=8, gt=0)
    block_s: float = Field(
        default=300.0, ge=5.0, description="audio processed at a time; streamed segments arrive once per block (s)"
    )
    log_level: LogLevel = Field(default="info", description="critical | error | warning | info | debug")

    queue_url: str | None = Field(
        default=None, description="redis://… = distributed mode (API + python -m transcription_api.worker)"
    )
    queue_password: SecretStr | None = Field(
        default=None, description="distributed: Redis password (requirepass), added to the queue URL; never logged"
    )
    queue_visibility_timeout_s: float = Field(
        default=10800.0, gt=0, description="distributed: backstop; a turn unacknowledged this long is redelivered (s)"
    )
    worker_lease_s: float = Field(
        default=30.0,
        gt=0,
        description="distributed: a running job whose worker stops renewing it this long is requeued (s)",
    )
    reaper_interval_s: float = Field(
        default=5.0, gt=0, description="distributed: how often each worker requeues the jobs of dead workers (s)"
    )
    worker_port: int = Field(default=9100, description="distributed: a worker's /health and /metrics port")

    webhook_url: str | None = Field(
        default=None, description="callback URL for jobs submitted without callback_url (needs webhook_secret)"
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="Standard Webhooks signing secret: whsec_<base64 of 24-64 bytes>; unset = no webhooks"
    )
    webhook_allowed_hosts: str = Field(
        default="", description="comma-separated host or host:port callbacks may reach although private or loopback"
    )
    webhook_timeout_s: float = Field(default=10.0, gt=0, description="longest delivery request, connect to answer (s)")
    webhook_retry_first_s: float = Field(default=5.0, gt=0, description="wait before the first retry (s)")
    webhook_retry_factor: float = Field(default=4.0, ge=1, description="each later wait is this many times longer")
    webhook_retry_max_s: float = Field(default=10800.0, gt=0, description="longest wait between two attempts (s)")
    webhook_retry_window_h: float = Field(default=24.0, gt=0, description="no attempt later than this after the event")
    webhook_poll_interval_s: float = Field(
        default=1.0, gt=0, description="how often the deliverer looks for finished jobs and due retries (s)"
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("queue_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("TRANSCRIBE_QUEUE_URL must be a redis:// (or rediss://, unix://) URL")
        return value

    @model_validator(mode="after")
    def _blank_key_means_none(self) -> ApiSettings:
        if self.api_key is not None and not self.api_key.strip():
            self.api_key = None
        return self

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_secret(value.get_secret_value())
        return value

    @model_validator(mode="after")
    def _webhook_default(self) -> ApiSettings:
        if self.webhook_url is not None:
            if self.webhook_secret is None:
                raise ValueError("TRANSCRIBE_WEBHOOK_URL needs TRANSCRIBE_WEBHOOK_SECRET (deliveries are signed)")
            check_url(self.webhook_url)
        return self

    @property
    def distributed(self) -> bool:
        return self.queue_url is not None

    @property
    def queue_address(self) -> str:
        """The URL the distributed mode connects to: the queue URL with queue_password added when the URL has no
        credentials of its own. Secret: log it only through distributed.redis_store.without_credentials."""
        url = self.queue_url or ""
        parts = urlsplit(url)
        if self.queue_password is None or parts.password is not None or parts.scheme == "unix":
            return url
        secret = quote(self.queue_password.get_secret_value(), safe="")
        return urlunsplit(parts._replace(netloc=f"{quote(parts.username or '', safe='')}:{secret}@{parts.netloc}"))

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def max_duration_s(self) -> float:
        return self.max_duration_hours * 3600

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def work_dir(self) -> Path:
        """The running job's decoded audio (16 kHz PCM, 115 MB an hour), deleted when the job ends."""
        return self.data_dir / "work"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "jobs.sqlite3"
