"""Scenes decide what happens on screen; `playground.render` decides how it looks."""
