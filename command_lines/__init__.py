"""What every command line of the project shares (``python -m bot``, ``python -m bot.cli``,
``python -m transcription_api``, ``python -m transcription_api.worker``): ``--help`` listing every setting, the
``--env-file`` and ``--log-level`` flags, and the settings they make. Imports nothing but pydantic-settings, so the
bot and the service both may use it and ``--help`` stays instant."""
