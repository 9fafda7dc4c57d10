"""Request limits enforced while the body streams in, before anything is parsed.

`JsonScan` follows the structure of a JSON document chunk by chunk (strings, nesting) without
building it, so that a body with too many items or too deep nesting is refused after reading
only as far as the first item over the limit."""
from __future__ import annotations

import ctypes
import gc
import ctypes.util
import logging
import re

log = logging.getLogger("feedback_backend")

_STRUCT = re.compile(rb'["\[\]{},]')
_IN_STR = re.compile(rb'["\\]')


class TooMany(Exception):
    def __init__(self, what, limit):
        super().__init__(what)
        self.what, self.limit = what, limit


class JsonScan:
    """Counts the elements of every array in the first `array_depth` levels (the item lists of
    POST /outputs and POST /feedback/batch) and the nesting depth. Not a validator: a malformed
    document is left for the parser to name."""

    def __init__(self, max_items: int, array_depth: int = 2, max_depth: int = 64):
        self.max_items, self.array_depth, self.max_depth = max_items, array_depth, max_depth
        self.stack: list = []  # per open container: [is_array, commas]
        self.in_str = False
        self.skip_next = False  # a backslash ended the previous chunk

    def feed(self, chunk: bytes):
        pos, n = 0, len(chunk)
        if self.skip_next and n:
            pos, self.skip_next = 1, False
        stack = self.stack
        while pos < n:
            if self.in_str:
                m = _IN_STR.search(chunk, pos)
                if m is None:
                    return
                pos = m.end()
                if chunk[m.start()] == 0x5C:  # backslash: the next byte is escaped
                    if pos < n:
                        pos += 1
                    else:
                        self.skip_next = True
                else:
                    self.in_str = False
                continue
            m = _STRUCT.search(chunk, pos)
            if m is None:
                return
            pos = m.end()
            c = chunk[m.start()]
            if c == 0x22:
                self.in_str = True
            elif c in (0x5B, 0x7B):  # [ {
                stack.append([c == 0x5B, 0])
                if len(stack) > self.max_depth:
                    raise TooMany("nesting depth", self.max_depth)
            elif c in (0x5D, 0x7D):
                if stack:
                    stack.pop()
            elif stack and stack[-1][0] and len(stack) <= self.array_depth:  # a comma between items
                stack[-1][1] += 1
                if stack[-1][1] >= self.max_items:
                    raise TooMany("items", self.max_items)


_libc = None


def _c():
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc.malloc_trim, _libc.mallopt  # glibc?
        except (OSError, AttributeError) as e:
            log.debug("glibc malloc controls unavailable", extra={"error": str(e)})
            _libc = False
    return _libc


def limit_malloc_arenas(n=2):
    """glibc gives every thread that allocates its own heap arena; freed memory then stays spread
    over up to 8 x cores arenas. A few arenas keep a large request's memory reusable and trimmable."""
    c = _c()
    if c:
        c.mallopt(-8, n)  # M_ARENA_MAX


def give_memory_back():
    """Return freed heap pages to the system after a large request (glibc keeps them otherwise)."""
    gc.collect()  # a parsed body caught in a reference cycle (tracebacks) would keep its pages
    c = _c()
    if c:
        c.malloc_trim(0)
