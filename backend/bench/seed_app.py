"""The seed article's endpoint, as written there: a new database connection per request,
one INSERT, commit, close. Used only as the benchmark's baseline (DATABASE_URL from env)."""
import os

import psycopg
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
DSN = os.environ["SEED_DATABASE_URL"]


class Feedback(BaseModel):
    model_output_id: str
    reviewer_id: str
    approval: bool
    correction: str = ""
    comment: str = ""


@app.post("/feedback/")
def submit_feedback(feedback: Feedback):
    conn = psycopg.connect(DSN)
    cur = conn.cursor()
    cur.execute(
        "INSERT INTO seed_feedback (model_output_id, reviewer_id, approval, correction, comment) VALUES (%s, %s, %s, %s, %s)",
        (feedback.model_output_id, feedback.reviewer_id, feedback.approval, feedback.correction, feedback.comment),
    )
    conn.commit()
    cur.close()
    conn.close()
    return {"status": "success"}
