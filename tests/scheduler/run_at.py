"""Run the ``netmgr`` CLI in a real process whose clock starts at a given instant.

python tests/scheduler/run_at.py 2026-03-09T08:00:00+00:00 scheduler --once
"""

import datetime as dt
import sys

import time_machine

if __name__ == "__main__":
    start = dt.datetime.fromisoformat(sys.argv[1])
    with time_machine.travel(start, tick=True):
        from netmgr.cli import main

        sys.argv = ["netmgr", *sys.argv[2:]]
        main()
