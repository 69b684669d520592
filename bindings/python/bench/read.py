"""The read figure of bench.py alone, for comparing two builds in one run
(run by hand, not a timed test): prints the best of 5 x 2000 reads of a
50-message conversation, in us per read. Alternate two interpreters, e.g.

    for i in 1 2 3 4; do old/bin/python read.py; new/bin/python read.py; done
"""

import time
from datetime import datetime, timezone

import frontdesk as fd

T = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
ws = fd.Workspace(fd.WorkspaceConfig.reopen_on_reply("Bench"))
ws.add_user(fd.SYSTEM, "Admin", "admin@bench.test", fd.Role.ADMIN, now=T)
for i in range(50):
    ws.receive_message(fd.SYSTEM, now=T, channel="sms", handle="+1 555 000 0000", body=f"message {i}")
times = []
for _ in range(5):
    start = time.perf_counter()
    for _ in range(2000):
        ws.conversation(fd.SYSTEM, 1)
    times.append(time.perf_counter() - start)
print(f"{min(times) / 2000 * 1e6:.0f}")
