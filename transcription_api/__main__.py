"""Run the service: ``python -m transcription_api`` (settings from TRANSCRIBE_* variables)."""

from __future__ import annotations

import logging
import os


def main() -> None:
    import uvicorn

    from transcription_api.app import create_app
    from transcription_api.engine.errors import ModelUnavailable
    from transcription_api.engine.models import choose_model
    from transcription_api.settings import ApiSettings

    level = os.environ.get("TRANSCRIBE_LOG_LEVEL", "info").upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = ApiSettings()
        choose_model(settings)  # cheap: resolves the model before anything heavy loads
    except (ValueError, ModelUnavailable) as exc:
        raise SystemExit(f"transcription_api cannot start: {exc}") from None
    failures: list[str] = []

    def stop_on_fatal(reason: str) -> None:  # called from the worker thread
        failures.append(reason)
        server.should_exit = True

    app = create_app(settings, on_fatal=stop_on_fatal)
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level=level.lower(), timeout_graceful_shutdown=15
    )
    server = uvicorn.Server(config)
    server.run()
    if failures:  # non-zero, so that a supervisor (systemd, Docker, Kubernetes) restarts the service
        raise SystemExit(f"transcription_api stopped: {failures[0]}")


if __name__ == "__main__":
    main()
