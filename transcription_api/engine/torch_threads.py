"""The voice encoder (resemblyzer's LSTM over small batches) runs single-threaded, as the VAD does (vad.py).

Splitting such small work across threads costs more in synchronisation than it gains: on 2 busy cores the
embeddings ran 3.4x faster on one thread than on two. The whisper model (CTranslate2) keeps its own threads.
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
