"""Structured (JSON lines) logging on stderr. Never log passwords or tokens."""
import json
import logging
import sys
import time

_STD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None)).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, rec):
        d = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(rec.created)) + "Z",
             "level": rec.levelname.lower(), "logger": rec.name, "msg": rec.getMessage()}
        for k, v in rec.__dict__.items():
            if k not in _STD and not k.startswith("_"):
                d[k] = v
        if rec.exc_info:
            d["exc"] = self.formatException(rec.exc_info)
        return json.dumps(d, default=str)


_done = False


def setup_logging(level=None):
    import os
    level = level or getattr(logging, os.environ.get("FEEDBACK_LOG_LEVEL", "INFO").upper(), logging.INFO)
    global _done
    if _done:
        return
    _done = True
    h = logging.StreamHandler(sys.stderr)
    h.setFormatter(JsonFormatter())
    lg = logging.getLogger("feedback_backend")
    lg.addHandler(h)
    lg.setLevel(level)
    lg.propagate = False
