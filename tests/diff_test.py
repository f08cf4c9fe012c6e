#!/usr/bin/env python3
"""`indexer diff`: a knowledge-base change seen before it is published. Two stores are built from
kb/ and from a copy with one change planted; the diff must list exactly the questions it changes
and exit 1 when a verdict changes (0 when only wording does, 2 for bad usage).
  diff_test.py --indexer BIN --kb DIR"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

QUESTIONS = [
    {"id": "fit", "q": "个人账户能用来健身吗"},
    {"id": "bal", "q": "医保余额怎么查"},
    {"id": "wife", "q": "我老婆能用我医保卡里的钱吗"},
    {"id": "dlg", "turns": [{"q": "医保个账的钱能给我家里人花吗"}, {"q": "那俺娘呢"}]},
]
FITNESS = ('- verdict: "no"\n      answer: 不可以。按摩椅、健身卡', '- verdict: "yes"\n      answer: 可以。按摩椅、健身卡')


def copy_kb(kb, tmp, name, edit=None):
    """A copy of kb/ with `edit` = (file, old, new) applied, built into a store; the store's path."""
    root = os.path.join(tmp, name)
    shutil.copytree(kb, os.path.join(root, "kb"))
    if edit:
        path = os.path.join(root, "kb", edit[0])
        text = open(path, encoding="utf-8").read()
        assert text.count(edit[1]) == 1, f"the planted change does not fit {edit[0]}"
        open(path, "w", encoding="utf-8").write(text.replace(edit[1], edit[2]))
    return os.path.join(root, "kb")


def run(indexer, *args):
    p = subprocess.run([indexer, "diff", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--indexer", required=True)
    ap.add_argument("--kb", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        # Wording only: the same verdicts.
        balance = ("entries/balance.yaml", "      answer: 查医保个人账户余额有好几种办法，挑顺手的用就行。",
                   "      answer: 查医保个人账户余额有好几种办法。")
        for name, edit in (("old", None), ("verdict", ("entries/account_purchases.yaml", *FITNESS)),
                           ("wording", balance)):
            kb = copy_kb(a.kb, tmp, name, edit) if edit else a.kb
            stores[name] = os.path.join(tmp, name + ".db")
            subprocess.run([a.indexer, "build", kb, "--out", stores[name]], check=True, capture_output=True)
        questions = os.path.join(tmp, "questions.jsonl")
        with open(questions, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in QUESTIONS)
        plain = os.path.join(tmp, "questions.txt")
        with open(plain, "w", encoding="utf-8") as f:
            f.write("# one question a line\n个人账户能用来健身吗\n\n医保余额怎么查\n")

        # The same store: nothing changes.
        rc, out, err = run(a.indexer, stores["old"], stores["old"], "--questions", questions)
        assert rc == 0 and out.strip() == "questions: 5, changed: 0 (entries 0, verdicts 0, answers 0)", (rc, out, err)

        # A planted verdict: listed old → new, and the exit status stops CI.
        rc, out, err = run(a.indexer, stores["old"], stores["verdict"], "--questions", questions)
        assert rc == 1, (rc, out, err)
        assert out.startswith("fit: 个人账户能用来健身吗\n  verdict: no → yes\n  answer:\n    - 不可以。"), out
        assert "\n    + 可以。按摩椅、健身卡" in out, out
        assert "entry:" not in out and "bal:" not in out and "dlg" not in out, out
        assert out.rstrip().endswith("questions: 5, changed: 1 (entries 0, verdicts 1, answers 1)"), out

        # The same in JSON, and from a plain-text question file.
        rc, out, err = run(a.indexer, stores["old"], stores["verdict"], "--questions", questions, "--json")
        doc = json.loads(out)
        assert rc == 1 and doc["summary"] == {"questions": 5, "changed": 1, "changed_entries": 0,
                                              "changed_verdicts": 1, "changed_answers": 1}, (rc, doc)
        change = doc["changes"][0]
        assert (change["id"], change["old"]["verdict"], change["new"]["verdict"]) == ("fit", "no", "yes"), change
        assert change["old"]["entry_id"] == change["new"]["entry_id"] == "ap-fitness-massage", change
        rc, out, err = run(a.indexer, stores["old"], stores["verdict"], "--questions", plain)
        assert rc == 1 and out.startswith(plain + ":2: 个人账户能用来健身吗\n"), (rc, out)
        assert "changed: 1 (entries 0, verdicts 1" in out, out

        # Wording alone: listed, but not a failure.
        rc, out, err = run(a.indexer, stores["old"], stores["wording"], "--questions", questions)
        assert rc == 0 and out.startswith("bal: 医保余额怎么查\n  answer:\n"), (rc, out, err)
        assert "verdicts 0" in out and "verdict:" not in out, out

        # Bad usage and unreadable input: status 2, and why.
        broken = os.path.join(tmp, "broken.jsonl")
        open(broken, "w").write('{"q": "医保余额怎么查"}\nnot json at all {\n{"id": "x"}\n')
        for args, why in (((stores["old"], "--questions", questions), "give the old and the new store"),
                          ((stores["old"], stores["old"]), "--questions"),
                          ((stores["old"], os.path.join(tmp, "none.db"), "--questions", questions), "not found"),
                          ((stores["old"], stores["old"], "--questions", os.path.join(tmp, "none.txt")),
                           "cannot read"),
                          ((stores["old"], stores["old"], "--questions", broken), "broken.jsonl:3: no \"q\"")):
            rc, out, err = run(a.indexer, *args)
            assert rc == 2 and why in err, (args, rc, out, err)
    print("indexer diff: planted verdict listed and exit 1; wording alone exit 0; bad usage exit 2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
