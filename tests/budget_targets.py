"""Functions the budget tests run in a child process (importable, no Django)."""

import time


def allocate(megabytes: int) -> int:
    blocks = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(blocks)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def limits() -> dict:
    import os
    import resource

    return {
        "cpu": resource.getrlimit(resource.RLIMIT_CPU),
        "memory": resource.getrlimit(resource.RLIMIT_AS),
        "nice": os.nice(0),
    }


def exceed_cpu() -> None:
    """What the kernel does at the soft CPU limit, at once."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGXCPU)
