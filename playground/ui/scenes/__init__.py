"""Scenes decide what happens on screen; `playground.ui.render` decides how it looks."""
