"""Small sequential torch models (silero VAD, resemblyzer's LSTM) run single-threaded.

Silero scores 32 ms frames one at a time and the voice encoder runs a 3-layer LSTM over small batches: splitting
such work across threads costs more in synchronisation than it gains. Measured on 2 busy cores: VAD 10x and
embeddings 3.4x faster on one thread than on two. The whisper model (CTranslate2) keeps its own threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def single_threaded() -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
