"""A realistic call set made by the project: conversations (overlaps, backchannels, quick turns, 2-6 speakers, a
long call with a returning speaker) rendered with neural and espeak voices, through channels (telephone, codecs,
laptop reverb, noise at set SNRs, unequal levels, clipping, mixed sides), with exact reference turns, and the
scores a speaker stage is judged by. See tests/realistic/scripts.py and channels.py for what each name means."""

from tests.realistic.calls import DEFAULT_CACHE, TEST_SUBSET, RealisticCall, realistic_call, speaker_tracks
from tests.realistic.channels import CONDITIONS, Condition
from tests.realistic.render import RefTurn, Tracks
from tests.realistic.scoring import diarization_error_rate, overlap_share, word_error_rate, word_speaker_accuracy
from tests.realistic.scripts import CAST, CONVERSATIONS, Conversation, Say

__all__ = [
    "CAST",
    "CONDITIONS",
    "CONVERSATIONS",
    "DEFAULT_CACHE",
    "TEST_SUBSET",
    "Condition",
    "Conversation",
    "RealisticCall",
    "RefTurn",
    "Say",
    "Tracks",
    "diarization_error_rate",
    "overlap_share",
    "realistic_call",
    "speaker_tracks",
    "word_error_rate",
    "word_speaker_accuracy",
]
