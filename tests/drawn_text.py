"""What text a frame asked the renderer to draw: every string passed to theme.text or
theme.blit_text while the fixture is active (the cached text is still rendered as usual)."""

import pytest

from playground.render import theme


@pytest.fixture
def drawn_text(monkeypatch) -> list[str]:
    seen: list[str] = []
    text, blit_text = theme.text, theme.blit_text

    def recording_text(content, *args, **kwargs):
        seen.append(content)
        return text(content, *args, **kwargs)

    def recording_blit_text(surface, content, *args, **kwargs):
        seen.append(content)
        return blit_text(surface, content, *args, **kwargs)

    monkeypatch.setattr(theme, "text", recording_text)
    monkeypatch.setattr(theme, "blit_text", recording_blit_text)
    return seen
