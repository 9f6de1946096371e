"""fibonacci(N), CALLS times in CPython: one after another, in one thread each, in one process
each."""

import argparse
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from measurement import emit, fail, timed


def fibonacci(n):
    """T3's recursion: fibonacci(1) = fibonacci(2) = 1."""
    return 1 if n <= 2 else fibonacci(n - 1) + fibonacci(n - 2)


def expected_fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def in_pool(executor_class, n, calls):
    with executor_class(max_workers=calls) as executor:
        return list(executor.map(fibonacci, [n] * calls))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--calls", type=int, required=True)
    args = parser.parse_args()
    n, calls = args.n, args.calls
    if n < 1 or calls < 1:
        fail("--n and --calls must be 1 or more")
    expected = [expected_fibonacci(n)] * calls

    def record(variant, outcome):
        results, seconds = outcome
        if results != expected:
            fail(f"{variant}: fibonacci({n}) gave {results}, not {calls} x {expected[0]}")
        emit("fib", variant, seconds)

    record("sequential", timed(lambda: [fibonacci(n) for _ in range(calls)]))
    record("threads", timed(lambda: in_pool(ThreadPoolExecutor, n, calls)))
    record("processes", timed(lambda: in_pool(ProcessPoolExecutor, n, calls)))


if __name__ == "__main__":
    main()
