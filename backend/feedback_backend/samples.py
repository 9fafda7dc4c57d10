"""Realistic, deterministic sample outputs for a demo (`feedback-backend load-samples`)."""
from __future__ import annotations

import json
import random
import uuid
from datetime import timedelta

from .db import utcnow

REVIEWS = [
    "The refund took three weeks and nobody answered my emails.",
    "Great product but the battery dies by lunchtime.",
    "Arrived broken, the box was soaked. Replacement came quickly though.",
    "Five stars, would buy again!",
    "It's fine. Does what it says.",
    "Not sure how I feel — the app is slick but it logs me out every day.",
    "Absolutely terrible customer service, I was on hold for 2 hours.",
    "Works as advertised. Setup took five minutes.",
    "I love it 😍 but my cat hates the noise 🙀",
    "Meh.",
    "Oh great, another update that moves every button. Just what I needed.",
    "المنتج ممتاز والتوصيل كان سريعاً جداً",
    "השירות היה איטי אבל המוצר עצמו מעולה",
    "Produit correct, mais la notice est incompréhensible.",
    "<b>BEST</b> purchase <script>alert('xss')</script> ever",
    "Robert'); DROP TABLE feedback;-- said it was okay",
]
TICKETS = [
    "My order #{n} hasn't arrived and tracking hasn't updated in 6 days.",
    "How do I change the email address on my account?",
    "I was charged twice for the same subscription this month.",
    "The export button gives me a blank CSV file.",
    "Can I get an invoice with my company's VAT number on it?",
    "Your app crashes when I rotate my phone on the checkout page.",
]
PARAS = [
    "The quarterly report shows revenue growth of 12% year over year, driven primarily by the enterprise segment, "
    "while consumer subscriptions were flat. Operating costs rose faster than expected because of new hires in "
    "support and infrastructure spending ahead of the planned launch in the Nordics.",
    "Customers in the survey repeatedly mentioned onboarding friction: the verification email often lands in spam, "
    "the password rules are not shown until after a failed attempt, and the tutorial cannot be skipped.",
    "Engineering proposes moving the nightly batch jobs to an event-driven pipeline. This would cut latency for "
    "dashboards from hours to minutes but requires changes to the retry semantics of three downstream consumers.",
    "Legal flagged that the retention policy for chat transcripts conflicts with the new regional regulation, "
    "which limits storage to 90 days unless the user explicitly consents to longer retention.",
    "The incident on Tuesday was caused by an expired TLS certificate on an internal service. Alerts fired but "
    "were routed to a channel nobody watches at night; the on-call rotation has since been updated.",
]
COMMENTS = [
    "you people are idiots, fix your site",
    "Thanks for the quick help yesterday!",
    "I will find where you live if this isn't refunded",
    "This thread is full of bots lol",
    "Could you please stop sending me newsletters?",
    "go back to where you came from",
    "Honestly the worst firmware update ever, what were they thinking",
    "<img src=x onerror=alert(1)> nice try",
]


def _conf(rng: random.Random) -> float:
    # spread: about 60% below 0.8 (needs review), some very low
    return round(min(0.999, max(0.01, rng.betavariate(2.2, 1.3))), 3)


def _sentiment(rng, i):
    text = rng.choice(REVIEWS)
    label = rng.choice(["positive", "negative", "neutral", "mixed"])
    return ("sentiment-v3", rng.choice(["1.4.2", "1.4.3"]), text, label, {"source": "app-store", "locale": "en"})


def _summary(rng, i):
    paras = rng.sample(PARAS, rng.randint(1, 5))
    text = "\n\n".join(paras)
    summary = " ".join(p.split(",")[0].split(".")[0] + "." for p in paras[: rng.randint(1, 3)])
    return ("summarizer-v2", "2.0.1", text, summary, {"doc_id": f"DOC-{1000 + i}", "paragraphs": len(paras)})


def _support(rng, i):
    q = rng.choice(TICKETS).format(n=rng.randint(10000, 99999))
    opening = rng.choice(["Hi there,", "Hello,", "Dear customer,", "Hey!"])
    body = rng.choice([
        "Thanks for reaching out. I've checked your account and can see the issue. ",
        "Sorry for the trouble! ",
        "I understand how frustrating this must be. ",
    ]) * rng.randint(1, 3)
    close = rng.choice(["Best regards,\nSupport Team", "Cheers,\nSam from Support", "Kind regards"])
    return ("support-reply-gen", "0.9.0", q, f"{opening}\n\n{body.strip()}\n\n{close}", {"channel": rng.choice(["email", "chat"])})


def _toxicity(rng, i):
    text = rng.choice(COMMENTS)
    label = rng.choice(["toxic", "non-toxic", "threat", "insult"])
    return ("toxicity-v1", "3.1.0", text, label, {"thread": rng.randint(1, 500)})


def make_samples(count=300, seed=42, threshold=0.8, now=None):
    rng = random.Random(seed)
    now = now or utcnow()
    gens = [_sentiment, _summary, _support, _toxicity]
    rows = []
    for i in range(count):
        name, ver, inp, out, meta = gens[rng.randrange(len(gens))](rng, i)
        conf = _conf(rng)
        created = now - timedelta(seconds=rng.uniform(0, 60 * 3600))
        needs = conf < threshold
        rows.append({"id": str(uuid.uuid4()), "model_name": name, "model_version": ver, "input": inp,
                     "output": out, "confidence": conf, "metadata": json.dumps(meta, ensure_ascii=False),
                     "created_at": created, "received_at": created + timedelta(seconds=rng.uniform(0.05, 3)),
                     "needs_review": needs, "review_state": "pending" if needs else "not_needed"})
    return rows
