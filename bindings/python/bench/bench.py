"""Benchmarks of the Python binding (run by hand, not a timed test):

    python bindings/python/bench/bench.py [messages]

Prints the cost of one crossing (a trivial call), of reading a 50-message
conversation (a generated value built from the core's serde form), of one
receive_message call, and the throughput of batch ingestion through
receive_messages. Figures are
recorded in docs/bindings.md.
"""

import sys
import time
from datetime import datetime, timezone

import frontdesk as fd

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
T = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def workspace() -> fd.Workspace:
    ws = fd.Workspace(fd.WorkspaceConfig.reopen_on_reply("Bench"))
    ws.add_user(fd.SYSTEM, "Admin", "admin@bench.test", fd.Role.ADMIN, now=T)
    return ws


def best(f, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


ws = workspace()
ws.receive_message(fd.SYSTEM, now=T, channel="sms", handle="+1 555 000 0000", body="hi")
calls = 200_000
t = best(lambda: [ws.can_see(fd.SYSTEM, 1) for _ in range(calls)])
print(f"one crossing (can_see):              {t / calls * 1e9:8.0f} ns/call")

for i in range(49):
    ws.receive_message(fd.SYSTEM, now=T, channel="sms", handle="+1 555 000 0000", body=f"message {i}")
reads = 2_000
t = best(lambda: [ws.conversation(fd.SYSTEM, 1) for _ in range(reads)])
print(f"conversation read (50 messages):     {t / reads * 1e6:8.0f} us/call")

contacts = 1000
handles = [f"+1 555 {i // 10000:03d} {i % 10000:04d}" for i in range(contacts)]


def single():
    w = workspace()
    for i in range(N // 10):
        w.receive_message(fd.SYSTEM, now=T, channel=fd.Channel.SMS, handle=handles[i % contacts], body="hello")


t = best(single, 1)
print(f"receive_message, one call each:      {N // 10 / t:10,.0f} messages/s")

batch = [fd.Inbound(channel=fd.Channel.SMS, handle=handles[i % contacts], body="hello") for i in range(N)]


def batched():
    w = workspace()
    out = w.receive_messages(fd.SYSTEM, batch, now=T)
    assert len(out) == N and isinstance(out[-1], fd.Delivered)


t = best(batched)
print(f"receive_messages, one batch of {N:,}: {N / t:10,.0f} messages/s ({t * 1e3:.0f} ms)")

start = time.perf_counter()
batch = [fd.Inbound(channel=fd.Channel.SMS, handle=handles[i % contacts], body="hello") for i in range(N)]
print(f"building the {N:,} Inbound objects:  {N / (time.perf_counter() - start):10,.0f} objects/s (caller's side)")
