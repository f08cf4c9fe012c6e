#!/usr/bin/env python3
"""Runs a question set (the public eval format) against the real server. Every field a question
carries is checked: topic(s), verdict, mentions, forbid, slots, region_expected. A set passes when
exactly its known failures fail (tests/known_failures.json): a new failure fails the test, and so
does a known one that now passes (take it off the list).
  run_questions.py --server BIN --indexer BIN --kb DIR --set questions.jsonl [--known FILE]"""
import argparse
import json
import os
import sys

from harness import Server

CHECKED_FIELDS = {"q", "id", "topic", "topics", "verdict", "mentions", "forbid", "slots", "region_expected",
                  "region", "format", "channel", "as_of"}


def problems(q, r):
    why = []
    unknown = set(q) - CHECKED_FIELDS
    if unknown:
        why.append(f"the runner does not check {sorted(unknown)}")
    topics = q.get("topics", [q.get("topic")])
    if topics == [None]:
        topics = [r.get("topic")]  # a turn may leave the topic open
    if r.get("topic") not in topics:
        why.append(f"topic {r.get('topic')!r} not in {topics}")
    if "verdict" in q:
        accepted = q["verdict"] if isinstance(q["verdict"], list) else [q["verdict"]]
        if r.get("verdict") not in accepted:
            why.append(f"verdict {r.get('verdict')!r} not in {accepted}")
    answer = (r.get("answer") or "").replace(" ", "")
    for group in q.get("mentions", []):
        if not any(s.replace(" ", "") in answer for s in group):
            why.append("answer lacks any of " + "/".join(group))
    for s in q.get("forbid", []):
        if s in answer:
            why.append(f"answer contains {s!r}")
    slots = r.get("slots") or {}
    for key, value in q.get("slots", {}).items():
        if slots.get(key) != value:
            why.append(f"slot {key} is {slots.get(key)!r}, not {value!r}")
    if "region_expected" in q and slots.get("region") != q["region_expected"]:
        why.append(f"region is {slots.get('region')!r}, not {q['region_expected']!r}")
    return why


def run_item(s, item):
    """The problems of one question or dialogue (each turn sent with the previous context)."""
    context, why = None, []
    for k, q in enumerate(item.get("turns", [item]), 1):
        body = {"question": q["q"]}
        for field in ("region", "format", "channel", "as_of"):
            if field in q:
                body[field] = q[field]
        if context is not None:
            body["context"] = context
        status, r = s.request("POST", "/v1/ask", body)
        prefix = f"turn {k}: " if "turns" in item else ""
        why += [prefix + f"status {status}"] if status != 200 else [prefix + w for w in problems(q, r)]
        context = (r or {}).get("context")
    return why


def main():
    ap = argparse.ArgumentParser()
    for name in ("--server", "--indexer", "--kb", "--set"):
        ap.add_argument(name, required=True)
    ap.add_argument("--known", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "known_failures.json"))
    a = ap.parse_args()
    items = [json.loads(line) for line in open(a.set, encoding="utf-8") if line.strip()]
    known = set(json.load(open(a.known, encoding="utf-8")).get(os.path.basename(a.set), []))
    failed, unexpected = set(), 0
    with Server(a.server, a.indexer, a.kb) as s:
        for item in items:
            why = run_item(s, item)
            if why:
                failed.add(item["id"])
                if item["id"] not in known:
                    unexpected += 1
                    text = " / ".join(q["q"] for q in item.get("turns", [item]))
                    print(f"FAIL {item['id']} {text}\n     " + "; ".join(why))
    fixed = sorted(known - failed)
    for i in fixed:
        print(f"FIXED {i}: passes now; take it off {os.path.basename(a.known)}")
    n = len(items)
    print(f"{n - len(failed)}/{n} passed; {len(failed & known)} known failures, {unexpected} new, {len(fixed)} fixed")
    return 0 if n and unexpected == 0 and not fixed else 1


if __name__ == "__main__":
    sys.exit(main())
