import pytest


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    """Demo data is loaded only in demo mode (the command refuses otherwise)."""
    settings.DEMO_MODE = True
