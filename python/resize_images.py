"""A thumbnail of every PNG and JPEG image in DIR with Pillow, at most 256x256: one after
another, then on a ThreadPoolExecutor and on a ProcessPoolExecutor with a worker per CPU. The
CPython twin of crates/resize_images; it needs Pillow (python/requirements.txt)."""

import argparse
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from measurement import emit, fail, timed

try:
    from PIL import Image
except ImportError:
    fail("no Pillow: python3 -m pip install -r python/requirements.txt")

MAX_SIDE = 256
EXTENSIONS = {".png", ".jpg", ".jpeg"}


def make_thumbnail(job):
    """Decode, resize and save one image; returns the image's size."""
    image_path, thumbnail_path = job
    with Image.open(image_path) as image:
        size = image.size
        # Lanczos over the whole image, as the Rust side does; Pillow's default (bicubic after a
        # cheap box reduction, reducing_gap=2.0) trades quality for speed.
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=None)
        image.save(thumbnail_path)
    return size


def fits(saved, size):
    """The saved thumbnail fills the box along the image's longer side and keeps its shape."""
    width, height = size
    longest = max(width, height)
    scale = min(1, MAX_SIDE / longest)
    return max(saved) == min(MAX_SIDE, longest) and all(
        abs(got - side * scale) <= 1 for got, side in zip(saved, size)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    images = sorted(p for p in args.dir.iterdir() if p.suffix.lower() in EXTENSIONS)
    if not images:
        fail(f"no PNG or JPEG images in {args.dir}")
    workers = os.cpu_count()

    def one_after_another(jobs):
        return [make_thumbnail(job) for job in jobs]

    def in_pool(executor_class):
        def run(jobs):
            # The pool starts inside the measurement, as the Rust pool's processes do.
            with executor_class(max_workers=workers) as executor:
                return list(executor.map(make_thumbnail, jobs))

        return run

    with tempfile.TemporaryDirectory() as out:
        for variant, way in [
            ("sequential", one_after_another),
            ("threads", in_pool(ThreadPoolExecutor)),
            ("processes", in_pool(ProcessPoolExecutor)),
        ]:
            folder = Path(out, variant)
            folder.mkdir()
            jobs = [(image, folder / image.name) for image in images]
            sizes, seconds = timed(lambda: way(jobs))
            for (image, thumbnail), size in zip(jobs, sizes):
                with Image.open(thumbnail) as saved:
                    if not fits(saved.size, size):
                        fail(f"{variant}: the thumbnail of {image} is {saved.size}, from {size}")
            emit("images", variant, seconds, count=len(images))


if __name__ == "__main__":
    main()
