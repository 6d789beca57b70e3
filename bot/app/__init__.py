"""The bot assembled: the runtime built once from settings, handler registration, command-line flags, logging."""
