"""Run the service: ``python -m transcription_api [--host H] [--port N] [--env-file FILE] [--log-level L]``.

``--help`` lists every TRANSCRIBE_* setting; flags win over the environment, which wins over the env file.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from transcription_api.command_line import settings_from_command_line


def main(argv: Sequence[str] | None = None) -> None:
    settings = settings_from_command_line(argv)  # before anything heavy: --help and bad flags answer at once
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import uvicorn

    from transcription_api.app import create_app
    from transcription_api.engine.errors import ModelUnavailable
    from transcription_api.engine.models import choose_model

    try:
        if not settings.distributed:  # distributed: the workers load the model, not the API
            choose_model(settings)  # cheap: resolves the model before anything heavy loads
    except ModelUnavailable as exc:
        raise SystemExit(f"transcription_api cannot start: {exc}") from None
    failures: list[str] = []

    def stop_on_fatal(reason: str) -> None:  # called from the worker thread
        failures.append(reason)
        server.should_exit = True

    app = create_app(settings, on_fatal=stop_on_fatal)
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level=settings.log_level, timeout_graceful_shutdown=15
    )
    server = uvicorn.Server(config)
    server.run()
    if failures:  # non-zero, so that a supervisor (systemd, Docker, Kubernetes) restarts the service
        raise SystemExit(f"transcription_api stopped: {failures[0]}")


if __name__ == "__main__":
    main()
