"""The transcription engine: decode → VAD + ASR → word timestamps → diarization → speaker assignment.

Only modules in this package import whisperx, torch and the other model libraries, and only when a stage loads.
"""
