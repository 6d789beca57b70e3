"""Bearer-key check, active whenever an API key is configured."""

from __future__ import annotations

import secrets

from fastapi import Depends, Request

from transcription_api.errors import Unauthorized
from transcription_api.runtime import ApiRuntime, get_runtime


def require_api_key(request: Request, runtime: ApiRuntime = Depends(get_runtime)) -> None:
    expected = runtime.settings.api_key
    if expected is None:
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Missing API key: send 'Authorization: Bearer <key>'.")
    if not secrets.compare_digest(token.strip().encode(), expected.encode()):
        raise Unauthorized("Invalid API key.")
