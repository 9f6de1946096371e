"""COUNT downloads at once from the bench's local site in CPython, for each COUNT: one thread per
URL and a pool of 32 threads, with urllib (no proxy), then one asyncio task per URL on a plain
TCP connection (downloads_async.py). Each measurement runs in a process of its own, so that the
memory it reports is its own."""

import argparse
import json
import subprocess
import sys
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import downloads_async
from measurement import emit, fail, timed, usage

AT_ONCE = 32
VARIANTS = ("thread per URL", "pool of 32 threads", downloads_async.VARIANT)

# The local site is reached directly, whatever proxy the environment names.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Waiting:
    """How many downloads are in flight now, and the most at once."""

    def __init__(self):
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    def __enter__(self):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exception):
        with self.lock:
            self.now -= 1


def get(url):
    with opener.open(url, timeout=30) as response:
        return response.read()


def thread_per_url(urls, download):
    """A thread per URL, each started at once. If the system refuses a thread, the ones started
    still finish, and the refusal is the error."""
    errors = []

    def run(url):
        try:
            download(url)
        except Exception as error:  # reported below, with the others
            errors.append(f"{url}: {error}")

    threads = []
    refused = None
    for url in urls:
        thread = threading.Thread(target=run, args=(url,))
        try:
            thread.start()
        except RuntimeError as error:
            refused = f"the system refused thread {len(threads) + 1} of {len(urls)}: {error}"
            break
        threads.append(thread)
    for thread in threads:
        thread.join()
    if refused or errors:
        raise RuntimeError(refused or errors[0])


def pool(urls, download):
    with ThreadPoolExecutor(max_workers=AT_ONCE) as executor:
        list(executor.map(download, urls))


def one(site, count, variant):
    """One measurement: count downloads in one way, all checked, then what this process used."""
    paths = [f"/page/{i}" for i in range(count)]
    if variant == downloads_async.VARIANT:
        seconds, waiting_peak = downloads_async.measure(site, paths)
    else:
        page = get(f"http://{site}/page/first")
        waiting = Waiting()

        def download(url):
            with waiting:
                body = get(url)
            if body != page:
                raise ValueError(f"the page came back wrong ({len(body)} bytes)")

        way = thread_per_url if variant == "thread per URL" else pool
        urls = [f"http://{site}{path}" for path in paths]
        _, seconds = timed(lambda: way(urls, download))
        waiting_peak = waiting.peak
    emit("download", variant, seconds, count=count, io=usage(waiting_peak))


def raise_open_files_limit(wanted):
    """10,000 connections need 10,000 file descriptors; some systems allow fewer by default."""
    try:
        import resource
    except ImportError:  # Windows: no such limit on sockets
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            fail(
                f"this needs {wanted} open files, but the system allows at most {hard}: raise the "
                f"hard limit (`ulimit -n {wanted}` as root) or measure fewer downloads at once"
            )
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def measure(site, counts):
    """Every variant at every count, each in a process of its own; a variant that cannot run
    at a count gets a line that says why, and the others go on."""
    raise_open_files_limit(max(counts) + 256)
    try:
        get(f"http://{site}/page/first")
    except OSError as error:
        fail(f"the site at {site} does not answer: {error}")
    for count in counts:
        for variant in VARIANTS:
            args = ["--site", site, "--count", str(count), "--variant", variant]
            child = subprocess.run(
                [sys.executable, "-B", __file__, *args], capture_output=True, text=True
            )
            if child.returncode == 0:
                sys.stdout.write(child.stdout)
                sys.stdout.flush()
                continue
            why = (child.stderr.strip().splitlines() or [f"exit status {child.returncode}"])[-1]
            why = why.removeprefix("bench (python): ")
            line = {"part": "download", "variant": variant, "count": count, "failed": why}
            print(json.dumps(line), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", required=True, help="127.0.0.1:PORT")
    parser.add_argument("--counts", help="comma-separated, e.g. 10,100,1000,10000")
    parser.add_argument("--count", type=int, help="one measurement: this many downloads...")
    parser.add_argument("--variant", choices=VARIANTS, help="... in this way")
    args = parser.parse_args()
    if args.variant is None:
        if args.counts is None:
            parser.error("give --counts, or --count and --variant")
        measure(args.site, [int(count) for count in args.counts.split(",")])
        return
    try:
        one(args.site, args.count, args.variant)
    except (OSError, RuntimeError, ValueError) as error:
        fail(f"{args.variant}: {error}")


if __name__ == "__main__":
    main()
