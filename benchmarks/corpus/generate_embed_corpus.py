#!/usr/bin/env python3
"""Writes benchmarks/src/main/resources/embed-corpus.txt: 2,000 English texts, one per line, for
`benchmarks/run.sh embed`. Deterministic (fixed seed, Python's random.Random); every word and template
below was written for this project. Lengths: about a quarter short queries and titles (3-12 words), a
third one to three sentences, a third paragraphs, a tenth long passages (up to about 320 words, still
under bge-small's 512 tokens so no model truncates or splits any text).

    python3 benchmarks/corpus/generate_embed_corpus.py
"""
import random
from pathlib import Path

SEED = 20261121
COUNT = 2000

SUBJECTS = [
    "the billing service", "our support team", "the new warehouse", "a small bakery in Lyon", "the city council",
    "the mobile app", "the research group", "a delivery driver", "the hospital pharmacy", "the school library",
    "the payments gateway", "a mountain village", "the night shift", "the data pipeline", "a local football club",
    "the museum curator", "the customer portal", "the train operator", "a freelance translator", "the weather station",
    "the search index", "the solar farm", "a second-hand bookshop", "the cooking class", "the recruitment process",
    "the tenants' association", "the backup job", "a family-run vineyard", "the airport shuttle", "the marketing plan",
]
VERBS = [
    "reported", "delayed", "improved", "reviewed", "rejected", "approved", "rebuilt", "measured", "described",
    "replaced", "scheduled", "cancelled", "documented", "simplified", "tested", "shipped", "questioned", "expanded",
    "translated", "monitored", "audited", "archived", "repaired", "priced", "summarised", "migrated",
]
OBJECTS = [
    "the quarterly invoices", "a faulty sensor", "the opening hours", "three new recipes", "the refund policy",
    "the login page", "an overdue shipment", "the annual budget", "the river crossing", "a broken escalator",
    "the holiday rota", "the vaccination schedule", "a leaking roof", "the password reset flow", "the tasting menu",
    "the error logs", "a rare manuscript", "the parking rules", "the onboarding checklist", "the bus timetable",
    "the storage costs", "a customer complaint", "the safety inspection", "the exam results", "the rental contract",
]
TIMES = [
    "last Tuesday", "before the long weekend", "during the storm", "after the audit", "in early spring",
    "at the end of the month", "over the summer", "on the first day", "late at night", "within two hours",
    "since the merger", "ahead of the launch", "in March 2024", "for the third time", "without any warning",
]
REASONS = [
    "because the supplier changed its prices", "so that nobody has to wait in line", "after several customers asked for it",
    "since the old version kept timing out", "to meet the new regulations", "while the main office was closed",
    "because the numbers did not add up", "as the forecast predicted heavy rain", "to save about 12% on energy",
    "after a long discussion with the staff", "because two servers ran out of disk space", "to make the form easier to read",
]
ADJECTIVES = [
    "quiet", "crowded", "expensive", "reliable", "confusing", "friendly", "slow", "modern", "fragile", "careful",
    "generous", "noisy", "narrow", "accurate", "seasonal", "temporary", "ancient", "efficient", "curious", "bright",
]
NOUNS = [
    "garden", "report", "kitchen", "network", "contract", "market", "harbour", "recipe", "ticket", "bridge",
    "library", "invoice", "forest", "database", "festival", "engine", "orchard", "workshop", "clinic", "newsletter",
]
QUESTIONS = [
    "How do I {v} {o}?", "Why was {o} {v} {t}?", "Who {v} {o}?", "Can {s} explain {o}?",
    "What happens to {o} {t}?", "Is {s} open {t}?", "Where can I find {o}?", "When will {s} fix {o}?",
]
TITLES = [
    "{A} {N} guide", "Notes on {o}", "{S} update", "How {s} {v} {o}", "{A} {N} for beginners", "Minutes: {o}",
    "The {a} {n} problem", "{N} checklist, {t}",
]
SENTENCES = [
    "{S} {v} {o} {t}.",
    "{S} {v} {o} {r}.",
    "{T}, {s} {v} {o}, and the result was {a}.",
    "According to the notes, {s} {v} {o} {t} {r}.",
    "Nobody expected that {s} would have {v} {o} {t}.",
    "The {a} {n} next to {s} was {v} {t}.",
    "If {s} had not {v} {o}, the {n} would still be {a}.",
    "We {v} {o} twice, once {t} and once {t2}.",
    "{S} says {o} will be {v} {r}.",
    "In short, {o} turned out to be more {a} than the {n} itself.",
    "Order #{num} was {v} {t}; the customer paid {price} EUR.",
    "The {n} holds {num} items, about {pct}% of them {a}.",
    "Please note that {o} may be {v} {t} {r}.",
    "Compared with the {a} {n}, {o} felt {a2} and a little {a3}.",
]
QUOTES = ["\"It was {a},\" said one visitor.", "(See also: {o}.)", "Update {t}: {s} {v} {o} again."]


def fill(rng, template):
    def cap(text):
        return text[0].upper() + text[1:]
    values = {
        "s": rng.choice(SUBJECTS), "v": rng.choice(VERBS), "o": rng.choice(OBJECTS), "t": rng.choice(TIMES),
        "t2": rng.choice(TIMES), "r": rng.choice(REASONS), "a": rng.choice(ADJECTIVES), "a2": rng.choice(ADJECTIVES),
        "a3": rng.choice(ADJECTIVES), "n": rng.choice(NOUNS), "num": str(rng.randint(2, 9999)),
        "price": f"{rng.randint(1, 900)}.{rng.randint(0, 99):02d}", "pct": str(rng.randint(1, 99)),
    }
    values.update({"S": cap(values["s"]), "T": cap(values["t"]), "A": cap(values["a"]), "N": cap(values["n"])})
    return template.format(**values)


def sentence(rng):
    text = fill(rng, rng.choice(SENTENCES))
    if rng.random() < 0.08:
        text += " " + fill(rng, rng.choice(QUOTES))
    return text


def text_of_words(rng, low, high):
    target = rng.randint(low, high)
    parts = []
    words = 0
    while words < target:
        s = sentence(rng)
        parts.append(s)
        words += len(s.split())
    return " ".join(parts)


def one_text(rng):
    kind = rng.random()
    if kind < 0.12:
        return fill(rng, rng.choice(QUESTIONS))
    if kind < 0.25:
        return fill(rng, rng.choice(TITLES))
    if kind < 0.58:
        return text_of_words(rng, 12, 60)
    if kind < 0.90:
        return text_of_words(rng, 60, 180)
    return text_of_words(rng, 180, 300)


def main():
    rng = random.Random(SEED)
    texts = [one_text(rng) for _ in range(COUNT)]
    out = Path(__file__).resolve().parent.parent / "src" / "main" / "resources" / "embed-corpus.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(texts) + "\n", encoding="utf-8")
    words = sorted(len(t.split()) for t in texts)
    print(f"wrote {out}: {len(texts)} texts, words min {words[0]} median {words[len(words) // 2]} "
          f"max {words[-1]} total {sum(words)}")


if __name__ == "__main__":
    main()
