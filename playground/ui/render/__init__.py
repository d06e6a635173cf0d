"""Pixels: everything that turns state into a picture lives here; scenes decide what to show."""
