import pytest

from tests.blocks.provider import LocalProvider


@pytest.fixture
def provider(settings):
    running = LocalProvider()
    settings.NEWSROOM_EMBED_PROVIDERS = running.settings()
    settings.NEWSROOM_EMBED_TIMEOUT = 1
    yield running
    running.stop()
