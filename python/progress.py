"""Four tasks of the sum of squares at once, one thread (or process) each, each recording the
time it reaches every 1 % of its loop: the picture of threads at work, with the GIL and without
it. Each kind runs four times, without the recording, with it, with it and without it, so that
what it costs is measured too, and neither goes first more often."""

import argparse
import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from measurement import emit, fail, timed
from sum_of_squares import split, sum_of_squares

STEPS = 100

# Each worker's copy of the barrier its tasks wait at (see `task`).
barrier = None


def keep_barrier(shared):
    """The pool's initializer: a process pool hands the barrier to its workers as they start,
    the only way a multiprocessing barrier reaches them."""
    global barrier
    barrier = shared


def task(bounds, origin, recorded):
    """One task's share of the sum. The tasks wait for each other first, so that they start
    together however long each worker took to start: the picture shows how they share the
    cores. Recorded: the same sum in STEPS slices, with the seconds since `origin` at the
    start and after each slice. perf_counter is system-wide (CLOCK_MONOTONIC on Linux,
    mach_absolute_time on macOS, QueryPerformanceCounter on Windows), so a child process's
    times share the parent's origin; the parent checks that they fall inside its own
    measurement."""
    barrier.wait(timeout=60)
    if not recorded:
        return sum_of_squares(bounds), None
    start, stop = bounds
    times = [time.perf_counter() - origin]
    total = 0
    for k in range(STEPS):
        low = start + (stop - start) * k // STEPS
        high = start + (stop - start) * (k + 1) // STEPS
        # The running total goes in as sum's start: sum adds in machine integers only while
        # its total fits in 64 bits, so slices summed from 0 would stay on that fast path
        # where the whole sum leaves it, and run about 20 % faster than the work timed plain.
        total = sum((i * i for i in range(low, high)), total)
        times.append(time.perf_counter() - origin)
    return total, times


def run(kind, n, tasks, recorded):
    # One worker per task (a task waits at the barrier, so no worker takes two), started
    # inside the measurement, as T1's program does.
    origin = time.perf_counter()
    executor_class, barrier_class = {
        "threads": (ThreadPoolExecutor, threading.Barrier),
        "processes": (ProcessPoolExecutor, multiprocessing.Barrier),
    }[kind]
    pool = executor_class(tasks, initializer=keep_barrier, initargs=(barrier_class(tasks),))
    with pool:
        bounds = split(n, tasks)
        return list(pool.map(task, bounds, [origin] * tasks, [recorded] * tasks))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--tasks", type=int, required=True)
    parser.add_argument("--kinds", default="threads,processes")
    args = parser.parse_args()
    n, tasks = args.n, args.tasks
    if tasks < 1:
        fail("--tasks must be 1 or more")
    expected = n * (n - 1) * (2 * n - 1) // 6
    kinds = args.kinds.split(",")
    if not set(kinds) <= {"threads", "processes"}:
        fail(f"--kinds takes threads and processes, not {args.kinds}")
    # Not measured: the first sum of a process runs slower (its memory is not yet set up), and
    # would otherwise count against whichever variant goes first.
    sum_of_squares((0, n // tasks))

    for kind in kinds:
        for recorded in (False, True, True, False):
            parts, seconds = timed(lambda: run(kind, n, tasks, recorded))
            total = sum(part for part, _ in parts)
            if total != expected:
                fail(f"{kind} summed {total}, not {expected}")
            if not recorded:
                emit("progress", kind, seconds, workers=tasks)
                continue
            progress = [times for _, times in parts]
            if not all(0 <= t <= seconds for times in progress for t in times):
                fail(f"{kind}: a task's times fall outside the {seconds:.3f} s it was timed")
            variant = f"{kind}, progress recorded"
            emit("progress", variant, seconds, workers=tasks, progress=progress)


if __name__ == "__main__":
    main()
