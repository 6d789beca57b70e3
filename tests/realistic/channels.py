"""Channels a call goes through before it reaches the service: telephone narrowband, low-bitrate codecs, a laptop
microphone in a reverberant room, noise at a set SNR, unequal levels, clipping, two sides on different channels.

Each condition turns the per-speaker tracks (16 kHz float) into one file a user would send. Everything random is
seeded, so a condition renders the same file every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.neural_speech import RATE, music, resample, write_voice_note
from tests.realistic.render import Tracks, voice_line
from tests.realistic.scripts import BABBLE_VOICES, BANK
from tests.speech import ffmpeg

PHONE_BAND = (300.0, 3400.0)


@dataclass(frozen=True)
class Condition:
    """``kind`` picks the chain; ``noise``/``snr_db`` for noisy ones, ``level_db`` for the far side's level."""

    kind: str
    about: str
    noise: str = ""
    snr_db: float = 0.0
    level_db: float = 0.0


CONDITIONS: dict[str, Condition] = {
    "clean": Condition("clean", "studio-clean voices, Telegram voice note (Ogg/Opus 32 kbit/s)"),
    "phone": Condition("phone", "telephone: 300-3400 Hz, 8 kHz, G.711 mu-law WAV"),
    "opus-6k": Condition("opus-6k", "telephone band through Opus at 6 kbit/s (Ogg)"),
    "amr-nb": Condition("amr-nb", "telephone band through AMR-NB 7.95 kbit/s, as phone recorders save (.amr)"),
    "laptop": Condition("laptop", "laptop microphone in a room: reverb (RT60 0.6 s), small-mic high-pass, fan"),
    **{
        f"{noise}-{snr}": Condition("noise", f"{noise} noise at SNR {snr} dB", noise=noise, snr_db=float(snr))
        for noise in ("babble", "music", "street")
        for snr in (20, 10, 5)
    },
    "level-12db": Condition("level", "the far side 12 dB quieter than the near side", level_db=-12.0),
    "clipping": Condition("clipping", "overdriven input: about 3% of speech samples clipped (16 kHz WAV)"),
    "mixed-sides": Condition("mixed-sides", "near side through the telephone chain, far side on a laptop mic"),
}


def render_condition(condition: Condition, tracks: Tracks, side_b: tuple[str, ...], dest_stem: Path) -> Path:
    """The file for ``condition``: ``dest_stem`` with the condition's suffix. Written whole or not at all."""
    near = _mix(tracks, [s for s in tracks.audio if s not in side_b])
    far = _mix(tracks, [s for s in tracks.audio if s in side_b])
    active = speech_mask(tracks)
    kind = condition.kind
    if kind == "level":
        far = far * np.float32(10 ** (condition.level_db / 20))
    if kind == "mixed-sides":
        samples = telephone_roundtrip(near) + laptop(far, seed=3)
    elif kind == "laptop":
        samples = laptop(near + far, seed=3)
    elif kind == "noise":
        noise = make_noise(condition.noise, near.size, dest_stem.parent)
        samples = add_noise(near + far, noise, condition.snr_db, active)
    elif kind == "clipping":
        samples = clip(near + far, active, share=0.03)
    else:
        samples = near + far
    samples = samples + _noise_floor(samples.size)
    return _encode(kind, samples, dest_stem)


def speech_mask(tracks: Tracks) -> np.ndarray:
    mask = np.zeros(tracks.samples, bool)
    for turn in tracks.turns:
        mask[int(turn.start * RATE) : int(turn.end * RATE)] = True
    return mask


def band_limit(samples: np.ndarray, band: tuple[float, float] = PHONE_BAND) -> np.ndarray:
    """A telephone channel's band: 8th-order Butterworth band-pass (zero phase)."""
    from scipy.signal import butter, sosfiltfilt

    sos = butter(4, band, btype="bandpass", fs=RATE, output="sos")
    return sosfiltfilt(sos, samples).astype(np.float32)


def mu_law(samples: np.ndarray, mu: float = 255.0) -> np.ndarray:
    """G.711-like 8-bit mu-law quantisation and back."""
    clipped = np.clip(samples, -1.0, 1.0)
    encoded = np.sign(clipped) * np.log1p(mu * np.abs(clipped)) / np.log1p(mu)
    quantised = np.round(encoded * 127.0) / 127.0
    return (np.sign(quantised) * np.expm1(np.abs(quantised) * np.log1p(mu)) / mu).astype(np.float32)


def telephone_roundtrip(samples: np.ndarray) -> np.ndarray:
    """Band-limited, sampled at 8 kHz, mu-law coded, and back at 16 kHz (one side of a mixed recording)."""
    from scipy.signal import resample_poly

    narrow = resample_poly(band_limit(samples), 1, 2).astype(np.float32)
    wide = resample(mu_law(narrow), 8_000)[: samples.size]
    return np.pad(wide, (0, samples.size - wide.size))


def reverb(samples: np.ndarray, rt60_s: float, seed: int) -> np.ndarray:
    """Convolution with a synthetic room response: a direct path, then exponentially decaying noise (-60 dB at
    ``rt60_s``), scaled back to the input's level."""
    from scipy.signal import fftconvolve

    rng = np.random.default_rng(seed)
    t = np.arange(int(rt60_s * RATE)) / RATE
    tail = rng.normal(0.0, 1.0, t.size) * np.exp(-6.9 * t / rt60_s)
    tail[: int(0.003 * RATE)] = 0.0  # first reflections arrive a few milliseconds late
    response = 0.35 * tail / np.sqrt(np.sum(tail**2))
    response[0] = 1.0
    wet = fftconvolve(samples, response)[: samples.size]
    return (wet * (_rms(samples) / (_rms(wet) or 1.0))).astype(np.float32)


def laptop(samples: np.ndarray, seed: int) -> np.ndarray:
    from scipy.signal import butter, sosfilt

    room = reverb(samples, 0.6, seed)
    room = sosfilt(butter(2, 150.0, btype="highpass", fs=RATE, output="sos"), room).astype(np.float32)
    fan = sosfilt(butter(2, 900.0, fs=RATE, output="sos"), np.random.default_rng(seed + 1).normal(0, 1, room.size))
    return room + (fan * (_rms(room) * 10 ** (-30 / 20) / _rms(fan))).astype(np.float32)


def add_noise(speech: np.ndarray, noise: np.ndarray, snr_db: float, active: np.ndarray) -> np.ndarray:
    """``speech`` plus ``noise`` scaled so that speech power (over the samples where someone speaks) over noise
    power (over the whole noise) is ``snr_db``."""
    gain = _rms(speech[active]) / (_rms(noise) * 10 ** (snr_db / 20))
    return (speech + noise[: speech.size] * gain).astype(np.float32)


def clip(samples: np.ndarray, active: np.ndarray, share: float) -> np.ndarray:
    """Gain so that ``share`` of the speech samples exceed full scale, then hard clipping at full scale."""
    limit = float(np.quantile(np.abs(samples[active]), 1.0 - share))
    return np.clip(samples / limit, -1.0, 1.0).astype(np.float32) * np.float32(0.99)


def make_noise(kind: str, size: int, cache_dir: Path) -> np.ndarray:
    if kind == "music":
        return music(size / RATE + 0.1)[:size]
    if kind == "street":
        return street(size, seed=17)
    return babble(size, seed=23, cache_dir=cache_dir)


def babble(size: int, seed: int, cache_dir: Path) -> np.ndarray:
    """Four voices heard in no conversation, each reading sentences back to back, all at once."""
    rng = np.random.default_rng(seed)
    out = np.zeros(size, np.float32)
    for voice in BABBLE_VOICES:
        cursor = int(rng.uniform(0, 1.0) * RATE)
        while cursor < size:
            line = voice_line(voice, BANK[int(rng.integers(len(BANK)))], cache_dir)[: size - cursor]
            out[cursor : cursor + line.size] += line
            cursor += line.size + int(rng.uniform(0.1, 0.5) * RATE)
    return out


def street(size: int, seed: int) -> np.ndarray:
    """Traffic: a low rumble (brown noise), cars passing (band-limited noise swelling for a few seconds) and now
    and then a horn."""
    from scipy.signal import butter, sosfilt

    rng = np.random.default_rng(seed)
    rumble = np.cumsum(rng.normal(0.0, 1.0, size))
    rumble = sosfilt(butter(2, 20.0, btype="highpass", fs=RATE, output="sos"), rumble)
    hiss = sosfilt(butter(2, (200.0, 4000.0), btype="bandpass", fs=RATE, output="sos"), rng.normal(0, 1, size))
    t = np.arange(size) / RATE
    swell = np.zeros(size)
    for centre in np.arange(rng.uniform(1, 4), size / RATE, 6.0):
        swell += np.exp(-0.5 * ((t - centre - rng.uniform(-1, 1)) / rng.uniform(0.8, 1.6)) ** 2)
    out = rumble / _rms(rumble) + 1.5 * hiss / _rms(hiss) * (0.2 + swell)
    for start in np.arange(rng.uniform(5, 10), size / RATE - 1, 17.0):
        span = (t >= start) & (t < start + 0.4)
        out[span] += 2.0 * (np.sin(2 * np.pi * 420 * t[span]) + np.sin(2 * np.pi * 520 * t[span]))
    return out.astype(np.float32)


def _encode(kind: str, samples: np.ndarray, dest_stem: Path) -> Path:
    dest = dest_stem.with_suffix({"phone": ".wav", "clipping": ".wav", "amr-nb": ".amr"}.get(kind, ".ogg"))
    partial = dest.with_name(f"{dest.stem}.partial{dest.suffix}")
    if kind in ("clean", "noise", "level", "laptop", "mixed-sides"):
        write_voice_note(samples, partial)
    else:
        if kind in ("phone", "opus-6k", "amr-nb"):
            samples = band_limit(samples)
        codec = {
            "phone": ["-ar", "8000", "-c:a", "pcm_mulaw"],
            "opus-6k": ["-ar", "8000", "-c:a", "libopus", "-b:a", "6k", "-f", "ogg"],
            "amr-nb": ["-ar", "8000", "-c:a", "libopencore_amrnb", "-b:a", "7.95k", "-f", "amr"],
            "clipping": ["-c:a", "pcm_s16le"],
        }[kind]
        pcm = dest.with_suffix(".pcm")
        pcm.write_bytes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())
        try:
            ffmpeg("-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", str(pcm), *codec, str(partial))
        finally:
            pcm.unlink(missing_ok=True)
    partial.replace(dest)
    return dest


def _mix(tracks: Tracks, speakers: list[str]) -> np.ndarray:
    out = np.zeros(tracks.samples, np.float32)
    for name in speakers:
        out += tracks.audio[name]
    return out


def _noise_floor(size: int) -> np.ndarray:
    return np.random.default_rng(7).normal(0.0, 10 ** (-62 / 20), size).astype(np.float32)


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) or 1e-12
