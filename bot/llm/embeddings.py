"""Text embeddings from the OpenAI-compatible ``/v1/embeddings`` endpoint (OpenAI, Ollama, vLLM serve it)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import openai

from bot.shared.errors import BotError

BATCH = 128  # inputs per request: well within every server's limit


class EmbeddingError(BotError):
    """The endpoint failed, timed out, does not serve embeddings or answered something unusable."""


class Embedder:
    """Unit-length float32 vectors, one row per text."""

    def __init__(self, client: openai.AsyncOpenAI, model: str) -> None:
        self._client = client
        self.model = model

    async def aclose(self) -> None:
        await self._client.close()

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            rows += await self._batch([t or " " for t in texts[start : start + BATCH]])
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1.0, norms)

    async def _batch(self, texts: list[str]) -> list[list[float]]:
        try:
            response = await self._client.embeddings.create(model=self.model, input=texts)
        except openai.APITimeoutError as exc:
            raise EmbeddingError("the embedding endpoint timed out") from exc
        except openai.APIConnectionError as exc:
            raise EmbeddingError("the embedding endpoint is unreachable") from exc
        except openai.APIStatusError as exc:
            raise EmbeddingError(f"the embedding endpoint answered HTTP {exc.status_code}") from exc
        data = sorted(response.data, key=lambda item: item.index)
        if len(data) != len(texts) or any(not item.embedding for item in data):
            raise EmbeddingError("the embedding endpoint answered a different number of vectors")
        if len({len(item.embedding) for item in data}) != 1:
            raise EmbeddingError("the embedding endpoint answered vectors of different sizes")
        return [list(item.embedding) for item in data]
