#!/usr/bin/env python3
"""Runs the project's own regression questions (same format as the public eval sets) against the
real server and fails when any question fails. Usage:
  run_questions.py --server BIN --indexer BIN --kb DIR --set questions.jsonl [--min-pass 1.0]"""
import argparse
import json
import sys

from harness import Server


def problems(q, r):
    why = []
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
    return why


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--indexer", required=True)
    ap.add_argument("--kb", required=True)
    ap.add_argument("--set", required=True)
    ap.add_argument("--min-pass", type=float, default=1.0)
    a = ap.parse_args()
    items = [json.loads(line) for line in open(a.set, encoding="utf-8") if line.strip()]
    failed = 0
    with Server(a.server, a.indexer, a.kb) as s:
        for item in items:
            # A dialogue sends each turn with the previous response's context.
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
            if why:
                failed += 1
                text = " / ".join(q["q"] for q in item.get("turns", [item]))
                print(f"FAIL {item.get('id')} {text}\n     " + "; ".join(why))
    n = len(items)
    print(f"{n - failed} passed, {failed} failed")
    return 0 if n and (n - failed) >= a.min_pass * n else 1


if __name__ == "__main__":
    sys.exit(main())
