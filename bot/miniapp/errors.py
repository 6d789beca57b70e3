"""What the Mini App's server refuses, each with its HTTP status; translated into a JSON error at the edge."""

from __future__ import annotations


class MiniAppError(Exception):
    status = 500
    text_key = "error_failed"


class Unauthorized(MiniAppError):
    """No initData, a forged one, or one older than BOT_MINIAPP_AUTH_MAX_AGE_S."""

    status = 401
    text_key = "error_unauthorized"


class NotAllowed(MiniAppError):
    """The user is not on BOT_ALLOWED_USER_IDS."""

    status = 403
    text_key = "error_not_allowed"


class LinkRefused(MiniAppError):
    """An audio link that is forged, for another call, or expired."""

    status = 403
    text_key = "error_link"


class NotFound(MiniAppError):
    """No such call of this user (another user's call looks exactly like a missing one), or no such file."""

    status = 404
    text_key = "error_not_found"
