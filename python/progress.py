"""Four tasks of the sum of squares at once, one thread (or process) each, each recording the
time it reaches every 1 % of its loop: the picture of threads at work, with the GIL and without
it. Each kind runs twice, first without the recording, so that its cost is measured too."""

import argparse
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from measurement import emit, fail, timed
from sum_of_squares import split, sum_of_squares

STEPS = 100


def recorded_sum_of_squares(bounds, origin):
    """The same sum in STEPS slices, with the seconds since `origin` at the start and after
    each slice. perf_counter is system-wide (CLOCK_MONOTONIC on Linux, mach_absolute_time on
    macOS, QueryPerformanceCounter on Windows), so a child process's times share the parent's
    origin; the parent checks that they fall inside its own measurement."""
    start, stop = bounds
    times = [time.perf_counter() - origin]
    total = 0
    for k in range(STEPS):
        low = start + (stop - start) * k // STEPS
        high = start + (stop - start) * (k + 1) // STEPS
        total += sum(i * i for i in range(low, high))
        times.append(time.perf_counter() - origin)
    return total, times


def run(executor_class, n, tasks, recorded):
    # One worker per task, started inside the measurement, as T1's program does.
    origin = time.perf_counter()
    with executor_class(max_workers=tasks) as executor:
        if recorded:
            parts = executor.map(recorded_sum_of_squares, split(n, tasks), [origin] * tasks)
            return list(parts)
        return [(total, None) for total in executor.map(sum_of_squares, split(n, tasks))]


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
    executors = {"threads": ThreadPoolExecutor, "processes": ProcessPoolExecutor}
    kinds = args.kinds.split(",")
    if not set(kinds) <= executors.keys():
        fail(f"--kinds takes threads and processes, not {args.kinds}")
    # Not measured: the first sum of a process runs slower (its memory is not yet set up), and
    # would otherwise count against whichever kind goes first.
    sum_of_squares((0, n // tasks))

    for kind in kinds:
        for recorded in (False, True):
            parts, seconds = timed(lambda: run(executors[kind], n, tasks, recorded))
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
