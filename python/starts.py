"""What starting a worker costs in CPython: start + join of a Thread, then of a Process with each
start method this platform has (fork, spawn, forkserver), that do nothing."""

import argparse
import multiprocessing
import threading

from measurement import emit, timed


def nothing():
    pass


def start_and_join(worker):
    worker.start()
    worker.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, required=True)
    args = parser.parse_args()
    kinds = [("thread", lambda: threading.Thread(target=nothing))]
    for method in ("fork", "spawn", "forkserver"):
        if method in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context(method)
            kinds.append((f"process ({method})", lambda c=context: c.Process(target=nothing)))
    for variant, make in kinds:
        # One start that is not measured: the first pays for imports (and the fork server).
        start_and_join(make())
        for _ in range(args.samples):
            worker = make()
            _, seconds = timed(lambda: start_and_join(worker))
            emit("start", variant, seconds)


if __name__ == "__main__":
    main()
