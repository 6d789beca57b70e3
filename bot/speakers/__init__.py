"""Who is who in a call: speaker cards, renaming, names heard, voices known, finding speakers again."""
