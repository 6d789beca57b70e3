"""Voice profiles: who a call's speakers are, recognised by the voice prints the transcription service returns."""
