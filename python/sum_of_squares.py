"""The sum of i*i below N in CPython: sequential, then in threads and in processes with
1, 2, ... MAX_WORKERS workers, each worker summing its share of the range."""

import argparse
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from measurement import emit, fail, timed


def sum_of_squares(bounds):
    start, stop = bounds
    return sum(i * i for i in range(start, stop))


def split(n, parts):
    return [(n * k // parts, n * (k + 1) // parts) for k in range(parts)]


def in_pool(executor_class, n, workers):
    # The pool starts inside the measurement, as it would in a program that needs it once.
    with executor_class(max_workers=workers) as executor:
        return sum(executor.map(sum_of_squares, split(n, workers)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--max-workers", type=int, required=True)
    args = parser.parse_args()
    n = args.n
    expected = n * (n - 1) * (2 * n - 1) // 6

    def record(variant, workers, outcome):
        total, seconds = outcome
        if total != expected:
            fail(f"{variant} with {workers} workers summed {total}, not {expected}")
        emit("sum", variant, seconds, workers=workers)

    record("sequential", 1, timed(lambda: sum_of_squares((0, n))))
    for workers in range(1, args.max_workers + 1):
        record("threads", workers, timed(lambda: in_pool(ThreadPoolExecutor, n, workers)))
        record("processes", workers, timed(lambda: in_pool(ProcessPoolExecutor, n, workers)))


if __name__ == "__main__":
    main()
