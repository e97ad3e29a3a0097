"""The garbage collector of a long-running web process, tuned for its pages' latency.

Python's cyclic collector runs a full (generation 2) collection every few requests of a large
page, and a full collection walks every tracked object of the process: the ~110,000 of Django,
the apps and their libraries loaded at start, and the ~55,000 more that the first requests
build (URL resolvers, compiled templates, the reference choices). On `/support/` (a 0.8 MB
page, ~50,000 container objects made and dropped a request) that was one request in six
spending 100-400 ms in the collector: its p95 was 2.5x its median (bench/README.md section 17).

`settle()` collects once, then moves every object still alive into the permanent generation
(`gc.freeze()`: the collector no longer walks them; in gunicorn's master, before the workers are
forked, it also keeps their memory pages shared), and raises the youngest generation's
threshold so that a request makes a few young collections instead of ~75. Reference cycles are
still collected; objects frozen are never freed (they live as long as the process anyway).
"""

import gc

# Allocations (net of frees) of container objects between two young collections: Python's
# default is 700; a large page makes ~50,000.
YOUNG_THRESHOLD = 10_000


def settle() -> None:
    """Freeze what is alive now and raise the young threshold. Call it after start-up, and once
    more after a worker's first request (gunicorn.conf.py); calling it again is harmless."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
