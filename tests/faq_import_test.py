#!/usr/bin/env python3
"""FAQ sheets through the real indexer (issue 14, items 1 and 4):

- `indexer import` normalises a GB18030 CSV and an XLSX with multi-line cells into kb/faq/*.jsonl
  (UTF-8, canonical keys, each row with its id), prints what it found, and checks the knowledge
  base with the new file in it;
- a file in neither UTF-8 nor GB18030 is refused and nothing is written; rows without an answer
  are left out and reported;
- `indexer export --kind faq` → `indexer import` round-trips: the same ids, topics, questions,
  answers and sources;
- the imported rows answer their own questions (faq-server --ask on a store built from them)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from harness import run_checks, server_args

# The fixtures' questions and the entries that must answer them.
OWN_QUESTIONS = {"医保卡丢了在哪补办": "faq-gb18030-2", "新生儿怎么办理医保": "faq-gb18030-3",
                 "门诊慢特病怎么申请认定": "mentebing", "医保缴费年限不够怎么办": "1002"}


def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def kb_copy(args, tmp, name="kb"):
    path = os.path.join(tmp, name)
    shutil.copytree(args.kb, path)
    return path


def import_both(args, kb):
    for fixture in ("gb18030.csv", "multiline.xlsx"):
        rc, out = run(args.indexer, "import", os.path.join(args.fixtures, fixture), kb)
        assert rc == 0, out


def check_import_gb18030(args, tmp):
    kb = kb_copy(args, tmp)
    rc, out = run(args.indexer, "import", os.path.join(args.fixtures, "gb18030.csv"), kb)
    assert rc == 0, out
    for text in ("csv, GB18030, 2 rows", "column 问题 → question", "column 相似问题 → similar_questions",
                 "gb18030.jsonl: 2 entries", "kb ok: "):
        assert text in out, (text, out)
    with open(os.path.join(kb, "faq", "gb18030.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    assert [r["id"] for r in rows] == ["faq-gb18030-2", "faq-gb18030-3"], rows
    assert rows[0]["similar_questions"] == ["社保卡掉了去哪里补", "医保卡遗失了如何补卡"], rows[0]
    assert rows[0]["effective_from"] == "2024-01-05", rows[0]
    assert set(rows[1]) == {"id", "question", "similar_questions", "answer", "topic"}, rows[1]


def check_import_xlsx(args, tmp):
    kb = kb_copy(args, tmp)
    rc, out = run(args.indexer, "import", os.path.join(args.fixtures, "multiline.xlsx"), kb)
    assert rc == 0, out
    assert "xlsx, UTF-8 (XLSX), 2 rows" in out, out
    with open(os.path.join(kb, "faq", "multiline.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    assert rows[0]["answer"].count("\n") == 3, rows[0]
    assert rows[0]["similar_questions"] == ["慢性病门诊待遇怎么办理", "高血压能办门诊慢特病吗"], rows[0]
    assert rows[1]["id"] == "1002", rows[1]


def check_refused_and_bad_rows(args, tmp):
    kb = kb_copy(args, tmp)
    latin1 = os.path.join(tmp, "latin1.csv")
    with open(latin1, "wb") as f:
        f.write("question,answer\nq,café\n".encode("latin-1"))
    rc, out = run(args.indexer, "import", latin1, kb)
    assert rc == 1, out
    assert "latin1.csv:2: the file is neither UTF-8 nor GB18030 (GBK); save it as UTF-8" in out, out
    assert not os.path.exists(os.path.join(kb, "faq", "latin1.jsonl"))
    sheet = os.path.join(tmp, "sheet.csv")
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("问题,答案,备注\n职工医保怎么转到新单位,由新单位办理增员后接续缴费。,x\n没有答案的问题,,\n")
    rc, out = run(args.indexer, "import", sheet, kb)
    assert rc == 1, out
    for text in ("column 备注: not read", "sheet.csv:1: unknown column '备注'", "sheet.csv:3: missing answer",
                 "sheet.jsonl: 1 entries"):
        assert text in out, (text, out)
    rc, out = run(args.indexer, "check", kb)  # the unknown column and the row are left behind
    assert rc == 0, out


def exported(args, kb):
    rc, out = run(args.indexer, "export", kb, "--kind", "faq")
    assert rc == 0, out
    return sorted((json.loads(line) for line in out.splitlines() if line.startswith("{")), key=lambda e: e["id"]), out


def check_export_import_round_trip(args, tmp):
    kb = kb_copy(args, tmp)
    import_both(args, kb)
    first, _ = exported(args, kb)
    assert len(first) == 4, first
    dump = os.path.join(tmp, "all-faq.jsonl")
    with open(dump, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in first)
    fresh = kb_copy(args, tmp, "fresh")
    rc, out = run(args.indexer, "import", dump, fresh)
    assert rc == 0, out
    second, _ = exported(args, fresh)
    assert second == first, (first, second)
    rc, out = run(args.indexer, "export", fresh)  # without --kind: the rules too
    assert rc == 0 and out.count("\n") > 100, out[:500]


def check_rows_answer_their_questions(args, tmp):
    kb = kb_copy(args, tmp)
    import_both(args, kb)
    store = os.path.join(tmp, "faq.db")
    rc, out = run(args.indexer, "build", kb, "--out", store)
    assert rc == 0, out
    for question, entry in OWN_QUESTIONS.items():
        rc, out = run(args.server, "--config", "/dev/null", "--store", store, "--ask", question)
        assert rc == 0, out
        answer = json.loads(out)
        assert (answer["entry_id"], answer["verdict"]) == (entry, "info"), (question, answer["entry_id"])


def main():
    args = server_args("--fixtures")
    checks = [(name, fn) for name, fn in globals().items() if name.startswith("check_")]
    failed = 0
    for name, fn in checks:
        with tempfile.TemporaryDirectory() as tmp:
            failed += run_checks([(name, fn)], args, tmp)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
