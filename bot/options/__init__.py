"""What a user can choose about how a call is transcribed: speakers, spoken language, vocabulary."""
