import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_inquiry_counts():
    """The inquiry rate limit counts in the cache, whose local-memory store outlives
    one test: every test starts with nothing counted."""
    cache.clear()
    yield
    cache.clear()
