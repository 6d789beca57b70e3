"""The channels the voice-profile calibration hears its calls through, built from the realistic call set's own
chains (tests/realistic/channels.py): clean; a telephone line (300-3400 Hz, 8 kHz, G.711 mu-law, back at 16 kHz);
the same line from a street (traffic noise at 10 dB SNR); a laptop microphone in a room (reverb RT60 0.6 s, fan)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tests.realistic.channels import add_noise, laptop, street, telephone_roundtrip

NOISE_SNR_DB = 10.0
_SPEECH_DBFS = -40.0  # samples above this count as speech for the SNR


def telephone(samples: np.ndarray) -> np.ndarray:
    """``samples`` (16 kHz float) through a narrowband G.711 mu-law line, back at 16 kHz."""
    return telephone_roundtrip(samples)


def street_telephone(samples: np.ndarray) -> np.ndarray:
    """A telephone line from a street: traffic noise at ``NOISE_SNR_DB`` below the speech, then the line."""
    active = np.abs(samples) > 10 ** (_SPEECH_DBFS / 20)
    return telephone(add_noise(samples, street(samples.size, seed=17), NOISE_SNR_DB, active))


def laptop_room(samples: np.ndarray) -> np.ndarray:
    return laptop(samples, seed=5)


CHANNELS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "clean": lambda samples: samples,
    "phone": telephone,
    "phone-street-10dB": street_telephone,
    "laptop": laptop_room,
}
