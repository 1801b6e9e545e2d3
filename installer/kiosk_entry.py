"""Entry point of the bundled ``kiosk`` executable (PyInstaller, installer/kiosk.spec).

The same commands as ``python -m kiosk``. Code that starts a child kiosk
process as ``[sys.executable, "-m", "kiosk", ...]`` (the demo, the selftest)
works unchanged inside the bundle: there ``sys.executable`` is this program,
so a leading ``-m kiosk`` is dropped.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if argv[:2] == ["-m", "kiosk"]:
        argv = argv[2:]
    from kiosk.cli import main

    sys.exit(main(argv))
