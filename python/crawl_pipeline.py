"""A crawl of the local site's articles in CPython, the crawl_pipeline example's work: each page
fetched with urllib and analysed with html.parser (the words of its body text and its links).
One after another; in two phases (a pool of threads fetches every page, then a pool of processes
analyses them all); and pipelined, as the tutorial's decision guide advises for mixed work:
threads for the I/O, processes for the CPU, each page handed to the processes as it arrives.
Every way's totals must be what the site says it put in its articles."""

import argparse
import json
import urllib.request
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from html.parser import HTMLParser

from measurement import emit, fail, timed

# The local site is reached directly, whatever proxy the environment names.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url):
    with opener.open(url, timeout=30) as response:
        return response.read().decode("utf-8", errors="replace")


class Counter(HTMLParser):
    """Counts the words of the <body> text, scripts and styles left out, and the <a href> links."""

    def __init__(self):
        super().__init__()
        self.in_body = False
        self.in_code = False
        self.words = 0
        self.links = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        elif tag in ("script", "style"):
            self.in_code = True
        elif tag == "a" and any(name == "href" for name, _ in attrs):
            self.links += 1

    def handle_endtag(self, tag):
        if tag == "body":
            self.in_body = False
        elif tag in ("script", "style"):
            self.in_code = False

    def handle_data(self, data):
        if self.in_body and not self.in_code:
            self.words += len(data.split())


def analyse(html):
    counter = Counter()
    counter.feed(html)
    counter.close()
    return counter.words, counter.links


def one_after_another(urls, threads):
    return [analyse(get(url)) for url in urls]


def in_two_phases(urls, threads):
    with ThreadPoolExecutor(max_workers=threads) as fetching:
        pages = list(fetching.map(get, urls))
    with ProcessPoolExecutor() as analysing:
        return list(analysing.map(analyse, pages))


def pipelined(urls, threads):
    with ThreadPoolExecutor(max_workers=threads) as fetching, ProcessPoolExecutor() as analysing:
        fetched = [fetching.submit(get, url) for url in urls]
        analysed = [analysing.submit(analyse, page.result()) for page in as_completed(fetched)]
        return [counts.result() for counts in analysed]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", required=True, help="127.0.0.1:PORT")
    parser.add_argument("--pages", required=True, type=int)
    parser.add_argument("--threads", required=True, type=int)
    args = parser.parse_args()
    urls = [f"http://{args.site}/articles/{number}" for number in range(1, args.pages + 1)]
    try:
        held = json.loads(get(f"http://{args.site}/articles/totals/{args.pages}"))
    except (OSError, ValueError) as error:
        fail(f"the site at {args.site} does not say what its articles hold: {error}")
    for variant, crawl in (
        ("one after another", one_after_another),
        ("fetch all, then analyse", in_two_phases),
        ("pipelined", pipelined),
    ):
        try:
            counts, seconds = timed(lambda: crawl(urls, args.threads))
        except OSError as error:
            fail(f"{variant}: {error}")
        words, links = sum(w for w, _ in counts), sum(l for _, l in counts)
        if (len(counts), words, links) != (args.pages, held["words"], held["links"]):
            fail(
                f"{variant}: {len(counts)} pages hold {words} words and {links} links, "
                f"but the site put {held['words']} and {held['links']} in {args.pages}"
            )
        emit("crawl", variant, seconds, count=args.pages)


if __name__ == "__main__":
    main()
