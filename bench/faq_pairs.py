#!/usr/bin/env python3
"""Domain-free retrieval benchmark: a Chinese question-pair corpus run as an FAQ pool.

From a pair file (LCQMC and the like: q1, q2, label 1 when both ask the same thing) it builds

- the pool: every distinct q1, one FAQ entry each (so the q1 of negative pairs, which share words
  with their q2 but ask something else, are hard distractors);
- the queries: the q2 of positive pairs, unless the q2 is itself a pool question (after the light
  normalisation below); a query may have several right entries (every q1 it is paired with).

The pool becomes a knowledge base without a lexicon (domain-free mode), indexed by the project's
indexer; `indexer rank` ranks every query. A query is right at k when one of its entries is among
the best k. The same pool and queries are ranked by a plain character-unigram BM25 (k1 1.2, b
0.75) written here, as the baseline. Prints recall@1 and recall@5 of both, their ratio, and how
often the project would answer with the right entry (not out of scope).

Pair files: TSV (q1<TAB>q2<TAB>label), or JSON Lines with sentence1/sentence2/label or
text_a/text_b/label. Standard library only. The corpus is not part of the repository
(bench/README.md says where to get it).

Usage: bench/faq_pairs.py PAIRS [--indexer build/indexer/indexer] [--limit N] [--work DIR]
"""
import argparse
import collections
import heapq
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import unicodedata


def normalise(text):
    """NFKC, lower case, without white space and punctuation: what tells two questions apart."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P"))


def label_of(value):
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return None


def read_pairs(path):
    """[(q1, q2, label)] and the number of lines that were not a pair."""
    pairs, bad = [], 0
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if line.lstrip().startswith("{"):
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    bad += 1
                    continue
                q1 = row.get("sentence1", row.get("text_a"))
                q2 = row.get("sentence2", row.get("text_b"))
                label = label_of(row.get("label"))
            else:
                cells = line.split("\t")
                q1, q2, label = (cells[0], cells[1], label_of(cells[2])) if len(cells) >= 3 else (None, None, None)
            if not q1 or not q2 or label not in (0, 1):
                bad += 1
                continue
            pairs.append((" ".join(q1.split()), " ".join(q2.split()), label))
    return pairs, bad


def build_pool(pairs, limit, seed):
    """The pool (list of questions, index = entry number) and the queries [(text, {entries})]."""
    pool, by_key = [], {}
    for q1, _, _ in pairs:
        key = normalise(q1)
        if key and key not in by_key:
            by_key[key] = len(pool)
            pool.append(q1)
    gold = collections.OrderedDict()  # normalised q2 → (first surface form, right entries)
    for q1, q2, label in pairs:
        key = normalise(q2)
        if label != 1 or not key or key in by_key:
            continue
        text, right = gold.setdefault(key, (q2, set()))
        right.add(by_key[normalise(q1)])
    queries = list(gold.values())
    if limit and limit < len(queries):
        queries = random.Random(seed).sample(queries, limit)
    return pool, queries


def entry_id(i):
    return "q%05d" % i


def write_entries(pool, path):
    """The pool in the store's entry form: one FAQ entry a question, answered by a placeholder
    (the answer is not what is measured)."""
    with open(path, "w", encoding="utf-8") as f:
        for i, q in enumerate(pool):
            entry = {"id": entry_id(i), "topic": "faq", "kind": "faq", "question": q, "phrasings": [],
                     "cases": [{"verdict": "info", "answer": "answer " + entry_id(i)}]}
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def write_faq_sheet(pool, path):
    """The same pool as an FAQ sheet (kb/faq/, id/question/answer columns), for `--from-sheet`."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("id,question,answer\n")
        for i, q in enumerate(pool):
            f.write('%s,"%s",answer %s\n' % (entry_id(i), q.replace('"', '""'), entry_id(i)))


def rank_with_project(pool, queries, args, work):
    kb_dir = os.path.join(work, "kb")
    os.makedirs(os.path.join(kb_dir, "faq"), exist_ok=True)
    write_faq_sheet(pool, os.path.join(kb_dir, "faq", "pool.csv"))
    store = os.path.join(work, "pool.db")
    build = [args.indexer, "build", kb_dir, "--out", store]
    if not args.from_sheet:
        entries = os.path.join(work, "entries.jsonl")
        write_entries(pool, entries)
        build += ["--entries-jsonl", entries]
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if args.quiet else None)
    questions = os.path.join(work, "queries.txt")
    with open(questions, "w", encoding="utf-8") as f:
        for text, _ in queries:
            f.write(text + "\n")
    out = subprocess.run([args.indexer, "rank", store, "--questions", questions, "--top", str(args.top)],
                         check=True, capture_output=True, text=True).stdout
    ranked, answered = [], []
    for line in out.splitlines():
        row = json.loads(line)
        ranked.append([int(i[1:]) for i in row.get("ids", [])])
        answered.append(int(row["answer"][1:]) if row.get("answer") else None)
    if len(ranked) != len(queries):
        sys.exit("indexer rank gave %d rankings for %d queries" % (len(ranked), len(queries)))
    return ranked, answered


class CharBM25:
    """Okapi BM25 over single characters (normalised as above), each query character counted once."""

    def __init__(self, docs, k1=1.2, b=0.75):
        self.postings = collections.defaultdict(list)  # char → [(doc, tf)]
        lengths = [len(normalise(d)) for d in docs]
        average = sum(lengths) / max(len(docs), 1)
        for i, d in enumerate(docs):
            for c, tf in collections.Counter(normalise(d)).items():
                self.postings[c].append((i, tf))
        n = len(docs)
        # Every (doc, score) a character contributes, computed once.
        self.contributions = {}
        for c, plist in self.postings.items():
            idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            self.contributions[c] = [(i, idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[i] / average)))
                                     for i, tf in plist]

    def rank(self, query, top):
        scores = collections.defaultdict(float)
        for c in set(normalise(query)):
            for i, s in self.contributions.get(c, ()):
                scores[i] += s
        return [i for i, _ in heapq.nsmallest(top, scores.items(), key=lambda kv: (-kv[1], kv[0]))]


def recall(rankings, queries, k):
    hits = sum(1 for ranked, (_, right) in zip(rankings, queries) if right.intersection(ranked[:k]))
    return hits / max(len(queries), 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pairs", help="TSV q1<TAB>q2<TAB>label, or JSON Lines sentence1/sentence2/label")
    ap.add_argument("--indexer", default="build/indexer/indexer")
    ap.add_argument("--limit", type=int, default=0, help="rank only N queries, sampled deterministically")
    ap.add_argument("--seed", type=int, default=14, help="the sample's seed (with --limit)")
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--work", help="keep the knowledge base, store and rankings here (default: a temporary folder)")
    ap.add_argument("--from-sheet", action="store_true",
                    help="index the FAQ sheet kb/faq/pool.csv (needs the FAQ import) instead of --entries-jsonl")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--require-ratio", type=float, metavar="R",
                    help="exit 1 unless recall@1 is at least R times the baseline's")
    args = ap.parse_args()

    pairs, bad = read_pairs(args.pairs)
    pool, queries = build_pool(pairs, args.limit, args.seed)
    if not pool or not queries:
        sys.exit("%s: no pool or no queries (%d pairs read, %d lines skipped)" % (args.pairs, len(pairs), bad))
    with tempfile.TemporaryDirectory(prefix="faq-pairs-") as tmp:
        work = args.work or tmp
        os.makedirs(work, exist_ok=True)
        ours, answered = rank_with_project(pool, queries, args, work)
    bm25 = CharBM25(pool)
    theirs = [bm25.rank(text, args.top) for text, _ in queries]

    figures = {
        "corpus": os.path.basename(args.pairs), "pairs": len(pairs), "skipped_lines": bad,
        "pool": len(pool), "queries": len(queries),
        "ours_recall@1": recall(ours, queries, 1), "ours_recall@%d" % args.top: recall(ours, queries, args.top),
        "bm25_recall@1": recall(theirs, queries, 1), "bm25_recall@%d" % args.top: recall(theirs, queries, args.top),
        "answered_right": sum(1 for a, (_, r) in zip(answered, queries) if a in r) / len(queries),
        "out_of_scope": sum(1 for a in answered if a is None) / len(queries),
    }
    for k in (1, args.top):
        base = figures["bm25_recall@%d" % k]
        figures["ratio@%d" % k] = figures["ours_recall@%d" % k] / base if base else float("inf")
    print("%s: %d pairs, pool %d questions, %d queries" % (figures["corpus"], len(pairs), len(pool), len(queries)))
    for k in (1, args.top):
        print("recall@%d  ours %.4f  char-BM25 %.4f  ratio %.3f" % (
            k, figures["ours_recall@%d" % k], figures["bm25_recall@%d" % k], figures["ratio@%d" % k]))
    print("answered with a right entry %.4f, out of scope %.4f" % (figures["answered_right"], figures["out_of_scope"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)
    if args.require_ratio is not None and figures["ours_recall@1"] < args.require_ratio * figures["bm25_recall@1"]:
        sys.exit("recall@1 %.4f is below %.2f times the baseline's %.4f" % (
            figures["ours_recall@1"], args.require_ratio, figures["bm25_recall@1"]))


if __name__ == "__main__":
    main()
