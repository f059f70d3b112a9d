"""The executor boundary and its in-process implementation (also the test double)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn(item, *args)`` for every item; yields ``(index, result)`` in completion order."""

    def map_unordered(self, fn: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[tuple[int, R]]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Everything in the calling process: deterministic, debuggable, no pickling."""

    def map_unordered(self, fn: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[tuple[int, R]]:
        for index, item in enumerate(items):
            yield index, fn(item, *args)

    def close(self) -> None:
        return None
