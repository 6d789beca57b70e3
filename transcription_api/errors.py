"""Errors the API answers with, and their translation into HTTP responses at the edge."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """A request the service refuses, with a sentence the client can show to a person."""

    status_code = 400
    openai_type = "invalid_request_error"
    openai_code: str | None = None  # OpenAI's error code; the HTTP status when None
    param: str | None = None  # the request parameter at fault, when one is

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthorized(ApiError):
    status_code = 401
    openai_type = "authentication_error"


class NotFound(ApiError):
    status_code = 404


class NotReady(ApiError):
    status_code = 409


class PayloadTooLarge(ApiError):
    status_code = 413


class UnsupportedMedia(ApiError):
    status_code = 415


class InvalidInput(ApiError):
    status_code = 422


class Unavailable(ApiError):
    status_code = 503
    openai_type = "server_error"


def _respond(
    request: Request, status: int, message: str, kind: str, param: str | None = None, code: str | None = None
) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if request.url.path.startswith("/v1/"):
        body = {"error": {"message": message, "type": kind, "param": param, "code": code or status}}
        return JSONResponse(body, status_code=status, headers=headers)
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "form"))
        parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return "; ".join(parts) or "Invalid request."


def install_error_handlers(app: FastAPI) -> None:
    """Every error leaves as JSON with a readable message; never a stack trace."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _respond(request, exc.status_code, exc.message, exc.openai_type, exc.param, exc.openai_code)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _respond(request, 422, describe_validation(exc), "invalid_request_error")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _respond(request, exc.status_code, str(exc.detail), "invalid_request_error")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return _respond(request, 500, "Internal error; the request was not processed.", "server_error")


def install_unavailable_handler(app: FastAPI, errors: tuple[type[Exception], ...], message: str) -> None:
    """Answer 503 with ``message`` when a backing service (the distributed mode's Redis) cannot be reached."""

    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        return _respond(request, Unavailable.status_code, message, Unavailable.openai_type)

    for error in errors:
        app.add_exception_handler(error, _unavailable)
