"""Everything the app reads from or writes to disk: atomic writes, your samples (PNGs with their
strokes), pictures handed over by a user, and session files. No pygame."""
