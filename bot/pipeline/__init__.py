"""The call pipeline: file → audio → transcription job → stored transcript → summary → delivery."""
