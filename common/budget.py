"""Run a function in a child Python process with limits on CPU time, memory and wall time.

For work on untrusted input whose cost we cannot bound in advance (parsing an uploaded PDF):
the child sets `RLIMIT_CPU` and `RLIMIT_AS` on itself before doing anything else and runs at a
lower priority, and the parent kills it at the wall-clock timeout. A web worker that waits for
it stays responsive to nothing else (it is one request), but the machine's other workers keep
their CPU and memory, and the request ends within the timeout whatever the input.

The function is named as "package.module:function", takes keyword arguments that pickle and
returns a JSON-serialisable value. Knows nothing of Django.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


class BudgetExceeded(Exception):
    """The child ran out of CPU time, memory or wall time (`.limit` says which)."""

    def __init__(self, limit: str, elapsed: float):
        super().__init__(f"{limit} budget exceeded after {elapsed:.1f} s")
        self.limit = limit
        self.elapsed = elapsed


class ChildFailed(Exception):
    """The child died or raised something unexpected (a crash in a parsing library)."""


def call_with_budget(
    function: str,
    *,
    cpu_seconds: int,
    memory_mb: int,
    timeout_seconds: float,
    kwargs: dict,
) -> object:
    """Return `function(**kwargs)` computed in a child process within the limits given.

    Raises `BudgetExceeded` when a limit is reached, `ChildFailed` when the child crashes.
    """
    request = pickle.dumps(
        {"function": function, "kwargs": kwargs, "cpu": cpu_seconds, "memory_mb": memory_mb}
    )
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "common.budget"],
            input=request,
            capture_output=True,
            timeout=timeout_seconds,
            cwd=PROJECT_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BudgetExceeded("time", time.monotonic() - started) from None
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        signals = {-24: "CPU", -9: "CPU"}  # SIGXCPU at the soft limit, SIGKILL at the hard one
        if completed.returncode in signals:
            raise BudgetExceeded(signals[completed.returncode], elapsed)
        if b"MemoryError" in completed.stderr[-2000:]:
            raise BudgetExceeded("memory", elapsed)
        raise ChildFailed(completed.stderr[-2000:].decode("utf-8", "replace"))
    try:
        answer = json.loads(completed.stdout)
    except ValueError:
        raise ChildFailed("the child answered no JSON") from None
    if "memory" in answer:
        raise BudgetExceeded("memory", elapsed)
    return answer["result"]


def _set_limits(cpu_seconds: int, memory_mb: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.nice(5)  # the web workers come first when the cores are busy


def _child() -> None:
    request = pickle.loads(sys.stdin.buffer.read())
    _set_limits(request["cpu"], request["memory_mb"])
    module_name, _, name = request["function"].partition(":")
    try:
        function = getattr(importlib.import_module(module_name), name)
        answer = {"result": function(**request["kwargs"])}
    except MemoryError:
        answer = {"memory": True}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    _child()
