"""What the benchmark programs print: one JSON line per measurement, the same shape as the Rust
benchmark program prints, so that `cargo xtask bench` reads both alike."""

import json
import sys
import time


def timed(work):
    """Runs work() and returns its result with the seconds it took."""
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def emit(part, variant, seconds, workers=None, count=None, io=None, progress=None):
    line = {"part": part, "variant": variant}
    if workers is not None:
        line["workers"] = workers
    if count is not None:
        line["count"] = count
    line["seconds"] = seconds
    if io is not None:
        line["io"] = io
    if progress is not None:
        # Each task's times in seconds; microseconds are enough for a picture.
        line["progress"] = [[round(t, 6) for t in times] for times in progress]
    print(json.dumps(line), flush=True)


def usage(waiting_peak):
    """What this process used, as the Rust program reports it: peak resident memory in KiB, CPU
    time (user + system), and the most downloads it had waiting at once. None on Windows."""
    try:
        import resource
    except ImportError:
        return None
    used = resource.getrusage(resource.RUSAGE_SELF)
    # Linux counts the peak in KiB, macOS in bytes.
    per_kib = 1024 if sys.platform == "darwin" else 1
    return {
        "peak_rss_kib": used.ru_maxrss // per_kib,
        "cpu_seconds": used.ru_utime + used.ru_stime,
        "waiting_peak": waiting_peak,
    }


def fail(message):
    """Ends the program the way the Rust one does: a line on stderr, exit status 1."""
    print(f"bench (python): {message}", file=sys.stderr)
    sys.exit(1)
