"""Dask counterpart of EngineBench's run: a sweep of no-op tasks, then a chain of no-op tasks
each after the previous (the chain's first after the whole sweep), through Dask's local schedulers.

Dask keeps no durable record of what ran (no store, no fingerprints, no resume), so it does less
per task than Kakehashi's engine does per point: the figure is the overhead a user would compare
against, not like for like. Prints tasks/s per scheduler, best of `repeats` after one warm-up.

Run with Debian's dask:  /usr/bin/python3 bench/engine/dask_noop.py [sweep=100000] [chain=1000] [repeats=3]
"""
import sys
import time

import dask
import dask.local
import dask.threaded

sweep = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
chain = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3


def noop(*_):
    return None


def graph():
    g = {("wide", i): (noop,) for i in range(sweep)}
    g["gather"] = (noop, [("wide", i) for i in range(sweep)])
    previous = "gather"
    for i in range(chain):
        g[("chain", i)] = (noop, previous)
        previous = ("chain", i)
    return g, previous


def run(scheduler):
    g, last = graph()
    t = time.perf_counter()
    if scheduler == "threads":
        dask.threaded.get(g, last)
    else:
        dask.local.get_sync(g, last)
    return time.perf_counter() - t


print(f"dask {dask.__version__}: sweep {sweep} + chain {chain} no-op tasks")
for scheduler in ("threads", "sync"):
    run(scheduler)  # warm-up
    times = sorted(run(scheduler) for _ in range(repeats))
    tasks = sweep + chain
    print(f"{scheduler:8s} best {tasks / times[0]:>10,.0f} tasks/s  median {tasks / times[len(times) // 2]:>10,.0f} tasks/s")
