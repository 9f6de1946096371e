"""Range aggregates over an SQLite database in CPython (the stdlib's sqlite3): the same table,
the same queries as the Rust example sqlite_queries. One query after another; then on a
ThreadPoolExecutor with a connection per thread; then on a pool sharing one connection behind
a lock. sqlite3 lets go of the GIL while SQLite runs a query, so the threads can overlap."""

import argparse
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

from measurement import emit, fail, timed

try:
    import sqlite3
except ImportError:
    fail("this python3 has no sqlite3 module: it was built without SQLite")

QUERY = "SELECT count(*), coalesce(sum(value), 0) FROM readings WHERE id BETWEEN ? AND ?"


def value_of(row_id):
    return row_id % 1000


def expected(first, last):
    """The closed form of the data, as in the Rust example."""

    def below(n):
        return (n // 1000) * 499_500 + (n % 1000) * (n % 1000 - 1) // 2

    return (last - first + 1, below(last + 1) - below(first))


def ranges(rows, count):
    """Each over half the table, their first ids spread from the first row to the middle."""
    span = max(rows // 2, 1)
    firsts = (1 + (rows - span) * k // count for k in range(count))
    return [(first, first + span - 1) for first in firsts]


def fill(path, rows):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = wal")
    with connection:
        connection.execute("CREATE TABLE readings (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        connection.executemany(
            "INSERT INTO readings (id, value) VALUES (?, ?)",
            ((row_id, value_of(row_id)) for row_id in range(1, rows + 1)),
        )
    connection.close()


def query(connection, ids):
    return connection.execute(QUERY, ids).fetchone()


def one_after_another(path, queries):
    connection = sqlite3.connect(path)
    try:
        return [query(connection, ids) for ids in queries]
    finally:
        connection.close()


def connection_each(path, queries, threads):
    """ThreadPoolExecutor with an initializer: each thread opens its own connection."""
    local = threading.local()

    def connect():
        local.connection = sqlite3.connect(path)

    with ThreadPoolExecutor(max_workers=threads, initializer=connect) as executor:
        return list(executor.map(lambda ids: query(local.connection, ids), queries))


def one_shared_connection(path, queries, threads):
    """One connection for every thread, behind a lock, as a Mutex in Rust."""
    connection = sqlite3.connect(path, check_same_thread=False)
    lock = threading.Lock()

    def locked_query(ids):
        with lock:
            return query(connection, ids)

    try:
        with ThreadPoolExecutor(max_workers=threads) as executor:
            return list(executor.map(locked_query, queries))
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--queries", type=int, required=True)
    parser.add_argument("--workers", required=True, help="pool sizes, comma-separated: 1,2")
    args = parser.parse_args()
    pools = [int(workers) for workers in args.workers.split(",")]
    if args.rows < 1 or args.queries < 1 or min(pools) < 1:
        fail("--rows, --queries and --workers must be 1 or more")
    queries = ranges(args.rows, args.queries)
    answers = [expected(first, last) for first, last in queries]

    def record(variant, workers, outcome):
        found, seconds = outcome
        if found != answers:
            fail(f"{variant} on {workers} threads: {found}, not {answers}")
        emit("sqlite", variant, seconds, workers=workers)

    with tempfile.TemporaryDirectory(prefix="sqlite_queries") as directory:
        path = os.path.join(directory, "readings.db")
        _, seconds = timed(lambda: fill(path, args.rows))
        emit("sqlite", "fill", seconds)
        record("one after another", 1, timed(lambda: one_after_another(path, queries)))
        for workers in pools:
            outcome = timed(lambda: connection_each(path, queries, workers))
            record("threads, a connection each", workers, outcome)
        workers = max(pools)
        outcome = timed(lambda: one_shared_connection(path, queries, workers))
        record("threads, one shared connection", workers, outcome)


if __name__ == "__main__":
    main()
