from tests.proactief.conftest import _notify_stub, campagneteam, notify  # noqa: F401 - fixtures
from tests.sources.conftest import _brp_stub, brp  # noqa: F401 - fixtures
from tests.sources.conftest import wereld as wereld
