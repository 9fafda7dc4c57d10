#!/usr/bin/python3
"""Every feedback row the backend stored, straight from its database, one JSON object a line:
{"id", "idempotency_key", "model_output_id", "approval", "retracted"}.

The public export leaves the idempotency key out; the fault and crash tests need it to say
"this decision is in the backend exactly once" per decision rather than per output.

    feedback_rows.py DATABASE_URL      (sqlite:///path or postgresql://user:pass@host/db)
"""
import json
import sys


def rows(url):
    query = ("SELECT CAST(id AS text), CAST(idempotency_key AS text), CAST(model_output_id AS text), "
             "approval, retracted_at IS NOT NULL FROM feedback")
    if url.startswith("sqlite://"):
        import sqlite3
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite://"):]
        con = sqlite3.connect(path, timeout=30)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()
    import psycopg
    with psycopg.connect(url) as con:
        return con.execute(query).fetchall()


def main():
    for fid, key, oid, approval, retracted in rows(sys.argv[1]):
        print(json.dumps({"id": fid, "idempotency_key": key, "model_output_id": oid,
                          "approval": bool(approval), "retracted": bool(retracted)}))


if __name__ == "__main__":
    main()
