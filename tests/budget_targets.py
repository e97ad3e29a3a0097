"""Functions the budget tests run in a child process (importable, no Django)."""

import time


def allocate(megabytes: int) -> int:
    blocks = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(blocks)


def sleep(seconds: float) -> None:
    time.sleep(seconds)
