#!/usr/bin/python3
"""Regenerate backend/openapi.json from the app:  /usr/bin/python3 backend/tools/dump_openapi.py"""
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)


def current_openapi():
    from feedback_backend.app import create_app
    from feedback_backend.config import load_settings
    with tempfile.TemporaryDirectory() as d:
        env = {"DATABASE_URL": f"sqlite:///{d}/x.db", "FEEDBACK_SECRET_KEY": "x" * 40,
               "FEEDBACK_ARGON2_MEMORY_KIB": "8192", "FEEDBACK_ARGON2_TIME_COST": "1"}
        app = create_app(load_settings(env))
        doc = app.openapi()
        app.state.fr.engine.close()
    return doc


def render(doc):
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    with open(os.path.join(HERE, "openapi.json"), "w") as f:
        f.write(render(current_openapi()))
    print("wrote backend/openapi.json")
