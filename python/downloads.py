"""COUNT downloads from the local fixture site in CPython (urllib, no proxy), for each COUNT:
one thread per URL, then a pool of 32 threads."""

import argparse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from measurement import emit, fail, timed

POOL_THREADS = 32
PAGE = "/example"

# The local site is reached directly, whatever proxy the environment names.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url):
    with opener.open(url, timeout=30) as response:
        return response.read()


def thread_per_url(urls):
    with ThreadPoolExecutor(max_workers=len(urls)) as executor:
        return list(executor.map(get, urls))


def pool(urls):
    with ThreadPoolExecutor(max_workers=POOL_THREADS) as executor:
        return list(executor.map(get, urls))


def raise_open_files_limit(wanted):
    """A thousand connections need a thousand file descriptors; some systems allow fewer."""
    try:
        import resource
    except ImportError:  # Windows: no such limit on sockets
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            fail(f"this needs {wanted} open files, but the system allows at most {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", required=True, help="127.0.0.1:PORT")
    parser.add_argument("--counts", required=True, help="comma-separated, e.g. 10,100,1000")
    args = parser.parse_args()
    counts = [int(count) for count in args.counts.split(",")]
    raise_open_files_limit(max(counts) + 256)
    urls = [f"http://{args.site}{PAGE}?page={i}" for i in range(max(counts))]
    try:
        page = get(urls[0])
    except OSError as error:
        fail(f"the site at {args.site} does not answer: {error}")
    for count in counts:
        for variant, download in (("thread per URL", thread_per_url), ("pool of 32 threads", pool)):
            try:
                pages, seconds = timed(lambda: download(urls[:count]))
            except OSError as error:
                fail(f"{variant}: {error}")
            wrong = sum(1 for body in pages if body != page)
            if len(pages) != count or wrong:
                fail(f"{variant}: {len(pages)} of {count} pages came back, {wrong} of them wrong")
            emit("download", variant, seconds, count=count)


if __name__ == "__main__":
    main()
