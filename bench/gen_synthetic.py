#!/usr/bin/env python3
"""Generates N synthetic FAQ entries as JSON Lines in the store's entry format, for scale tests.

Entries read like the real ones: each is a topic with a question and six phrasings built from
the real lexicons (concept forms, kinship terms, regions, colloquial endings), a few rules, an
answer and a source. Deterministic for a given N and seed.

Usage: gen_synthetic.py N OUT.jsonl [--kb kb]"""
import argparse
import json
import os
import random

import yaml

TOPICS = ["balance_query", "account_basics", "family_sharing_eligibility", "family_sharing_scope",
          "family_sharing_binding", "family_sharing_usage", "wallet_transfer", "withdrawal_conditions",
          "withdrawal_to_wechat", "card_misuse"]
ENDINGS = ["吗", "不", "行不行", "可以吗", "能不能", "怎么办", "咋弄", "要怎么操作", "有什么规定", "是真的吗"]
OPENERS = ["", "", "请问", "我想问下", "喂你好", "麻烦问一下", "俺想知道"]
SHAPES = ["{o}{region}{a}的{b}{c}{e}", "{o}{rel}{a}{b}能{c}{e}", "{o}{a}{b}和{c}有啥关系",
          "{o}在{region}{rel}的{a}{b}{e}", "{o}{b}{c}的时候{a}{e}", "{o}{a}{c}{e}"]


def load(kb):
    with open(os.path.join(kb, "lexicon", "concepts.yaml"), encoding="utf-8") as f:
        concepts = yaml.safe_load(f)["concepts"]
    with open(os.path.join(kb, "lexicon", "relations.yaml"), encoding="utf-8") as f:
        relations = yaml.safe_load(f)["relations"]
    with open(os.path.join(kb, "lexicon", "regions.yaml"), encoding="utf-8") as f:
        provinces = yaml.safe_load(f)["provinces"]
    words = [str(form) for c in concepts if c["kind"] in ("domain", "common") for form in c["forms"]]
    kin = [str(form) for forms in relations.values() for form in forms if len(str(form)) >= 2]
    regions = [c["short"][0] if c.get("short") else c["name"] for p in provinces for c in p.get("cities", [])]
    return words, kin, regions


def entry(i, rnd, words, kin, regions):
    topic = TOPICS[i % len(TOPICS)]

    def phrase():
        return rnd.choice(SHAPES).format(o=rnd.choice(OPENERS), region=rnd.choice(regions), rel=rnd.choice(kin),
                                         a=rnd.choice(words), b=rnd.choice(words), c=rnd.choice(words),
                                         e=rnd.choice(ENDINGS))
    question = phrase()
    phrasings = [phrase() for _ in range(6)]
    # Like the real answers: a short verdict sentence, then the rule and what to do.
    body = "%s和%s有关，%s时要注意%s。办理前请以当地医保部门的规定为准，可拨打12333咨询（合成条目%d）。" % (
        rnd.choice(words), rnd.choice(words), rnd.choice(words), rnd.choice(words), i)
    cases = [
        {"slots": {"relation": ["配偶", "父母", "子女"]}, "verdict": "yes", "answer": "可以，{relation}在范围内。" + body},
        {"slots": {"relation": ["其他"]}, "verdict": "no", "answer": "不可以。" + body},
        {"verdict": "info", "answer": "要看情况。" + body, "speech": "要看情况。" + body[:60]},
    ]
    return {"id": "syn-%07d" % i, "topic": topic, "question": question, "phrasings": phrasings,
            "sources": [{"title": "合成来源 %d" % (i % 97), "date": "2025-01-01"}], "cases": cases,
            "from": "2021-04-13" if i % 5 == 0 else "", "to": "", "regions": [], "materials": "", "file": "synthetic",
            "line": i + 1}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--kb", default="kb")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    words, kin, regions = load(a.kb)
    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(a.n):
            f.write(json.dumps(entry(i, rnd, words, kin, regions), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
