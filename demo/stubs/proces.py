"""Starting a stub server as a process of its own (for ``./kcc run`` and the tests)."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def starten(module: str, *args: str, env=None, log=None, timeout: float = 60):
    """Starts ``python -m demo.stubs.<module>`` on a free loopback port; returns (process,
    base URL) once it listens."""
    klaar = Path(tempfile.mkstemp(prefix=f"stub-{module}-")[1])
    klaar.write_text("")
    proc = subprocess.Popen(  # noqa: S603 - our own module, our own arguments
        [
            sys.executable,
            "-m",
            f"demo.stubs.{module}",
            "--poort",
            "0",
            "--klaar",
            str(klaar),
            *args,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else None,
        start_new_session=True,
    )
    einde = time.monotonic() + timeout
    try:
        while time.monotonic() < einde:
            poort = klaar.read_text().strip()
            if poort:
                return proc, f"http://127.0.0.1:{poort}"
            if proc.poll() is not None:
                raise RuntimeError(f"stub {module} stopped (exit code {proc.returncode})")
            time.sleep(0.05)
        proc.kill()
        raise RuntimeError(f"stub {module} did not start within {timeout} s")
    finally:
        klaar.unlink(missing_ok=True)
