#!/usr/bin/env python3
"""The question log, feedback and the editors' report (issue 12, items 2-4), against the real
server:

- redaction: questions carrying an ID-card number, a mobile number, a bank-card number and a name
  (asked fresh, from the answer cache, as a follow-up, in the channel field and in a feedback
  comment); then every file the server wrote (the SQLite log with its -wal and -shm, while it
  runs and after it stops) and everything it logged are searched: none of it may appear;
- POST /v1/feedback: 204 with an answer's context, 400 with the usual JSON error on a bad body or
  a context that does not verify, 404 when the server keeps no log; stored with the entry and the
  kb_version the context names;
- `faq-server report` in text and CSV: top questions, unanswered questions grouped by wording,
  negative feedback with the answer given, questions per topic."""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time

from harness import Server, run_checks, server_args

PERSONAL = ["110105194912310021", "19491231", "13812345678", "6222021234567890123", "6222 0212 3456 7890 123",
            "张三", "13912345678", "A12345678"]
PII_QUESTION = "我叫张三，身份证号110105194912310021，手机13812345678，银行卡6222 0212 3456 7890 123，医保卡丢了怎么办"


def rows(db_path, sql):
    with sqlite3.connect(db_path) as db:
        return db.execute(sql).fetchall()


def wait_for_rows(db_path, table, n, seconds=15):
    """The writer thread is asynchronous: wait until `n` rows are in (bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(db_path) and rows(db_path, f"SELECT count(*) FROM {table}")[0][0] >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"{table}: fewer than {n} rows after {seconds} s")


def files_mentioning(folder, needles, skip=()):
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            if path in skip:
                continue
            with open(path, "rb") as f:
                data = f.read()
            found += [(name, n) for n in needles if n.encode() in data]
    return found


def redaction(a, ctx):
    with Server(a.server, a.indexer, a.kb) as s:
        for _ in range(3):  # fresh, then from the cache by question, then by the raw body
            status, r = s.ask(question=PII_QUESTION, channel="widget")
            assert status == 200, r
        status, follow = s.ask(question="我叫张三，手机13812345678，那补办要带什么", context=r["context"])
        assert status == 200, follow
        status, _ = s.ask(question="社保卡号：A12345678 余额怎么查", channel="13812345678")
        assert status == 200
        status, _ = s.request("POST", "/v1/feedback", {"context": r["context"], "rating": "down",
                                                        "comment": "我电话13912345678，身份证110105194912310021"})
        assert status == 204, status
        wait_for_rows(s.question_log, "questions", 5)
        wait_for_rows(s.question_log, "feedback", 1)
        # While the server runs (the -wal file holds what is not checkpointed yet) …
        leaks = files_mentioning(s.tmp.name, PERSONAL, skip={s.store})
        assert not leaks, f"personal data on disk while running: {leaks}"
        stored = [q for (q,) in rows(s.question_log, "SELECT question FROM questions ORDER BY id")]
        assert stored[0] == "我叫[姓名]，身份证号[身份证号]，手机[手机号]，银行卡[银行卡号]，医保卡丢了怎么办", stored
        assert stored[0] == stored[1] == stored[2], stored  # the cached answers too
        assert rows(s.question_log, "SELECT channel FROM questions ORDER BY id") == [
            ("widget",), ("widget",), ("widget",), ("api",), ("other",)]
        conversations = rows(s.question_log, "SELECT conversation FROM questions ORDER BY id")
        assert conversations[3] == conversations[2], conversations  # the follow-up joins its conversation
        (comment,), = rows(s.question_log, "SELECT comment FROM feedback")
        assert comment == "我电话[手机号]，身份证[身份证号]", comment
        rc = s.stop()
        assert rc == 0, rc
        # … and after it stopped; its log too.
        leaks = files_mentioning(s.tmp.name, PERSONAL, skip={s.store})
        assert not leaks, f"personal data on disk after stopping: {leaks}"
        log = s.log_so_far()
        assert not [n for n in PERSONAL if n in log], log


def feedback(a, ctx):
    with Server(a.server, a.indexer, a.kb) as s:
        status, r = s.ask(question="我老婆能用我医保卡里的钱吗")
        assert status == 200, r
        for rating in ("up", "down", "very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"):
            status, body = s.request("POST", "/v1/feedback", {"context": r["context"], "rating": rating})
            assert status == 204 and body is None, (rating, status, body)
        bad = [
            ({"context": r["context"], "rating": "great"}, "invalid_rating"),
            ({"context": r["context"]}, "invalid_rating"),
            ({"rating": "up"}, "missing_context"),
            ({"context": r["context"][:-4] + "AAAA", "rating": "up"}, "invalid_context"),
            ({"context": "not a context", "rating": "up"}, "invalid_context"),
            ({"context": r["context"], "rating": "up", "comment": "x" * 1001}, "comment_too_long"),
            ({"context": r["context"], "rating": "up", "comment": 5}, "invalid_field"),
            (b"{not json", "invalid_json"),
            (b"\xff\xfe", "invalid_utf8"),
        ]
        for body, code in bad:
            status, err = s.request("POST", "/v1/feedback", body)
            assert status == 400 and err["error"]["code"] == code and err["error"]["message"], (body, status, err)
        status, _ = s.request("GET", "/v1/feedback")
        assert status == 405, status
        wait_for_rows(s.question_log, "feedback", 7)
        stored = rows(s.question_log, "SELECT rating, entry, topic, kb_version FROM feedback ORDER BY id")
        assert [x[0] for x in stored] == ["up", "down", "very_satisfied", "satisfied", "neutral", "dissatisfied",
                                          "very_dissatisfied"], stored
        assert all(x[1:] == (r["entry_id"], r["topic"], r["kb_version"]) for x in stored), (stored, r)
    # A context from another server (another secret) does not verify here.
    with Server(a.server, a.indexer, a.kb, extra_args=["--question-log", ""]) as s:
        status, err = s.request("POST", "/v1/feedback", {"context": r["context"], "rating": "up"})
        assert status == 404 and err["error"]["code"] == "not_found", (status, err)  # no log: no feedback


def report(a, ctx):
    with Server(a.server, a.indexer, a.kb) as s:
        asked = [("公积金怎么取", 4), ("公积金怎么提取", 2), ("医保余额怎么查", 3), ("养老金什么时候发", 1)]
        for q, n in asked:
            for _ in range(n):
                status, r = s.ask(question=q)
                assert status == 200, r
        status, r = s.ask(question="我老婆的爸妈能用我医保卡里的钱吗")
        status, _ = s.request("POST", "/v1/feedback", {"context": r["context"], "rating": "very_dissatisfied",
                                                        "comment": "看不懂"})
        assert status == 204
        wait_for_rows(s.question_log, "questions", 11)
        wait_for_rows(s.question_log, "feedback", 1)
        log, entry = s.question_log, r["entry_id"]
        text = subprocess.run([a.server, "report", "--log", log], capture_output=True, text=True, timeout=60)
        assert text.returncode == 0, text.stderr
        out = text.stdout
        for part in ("11 questions", "Top questions", "Unanswered and low-confidence questions",
                     "Negative feedback", "Questions per topic"):
            assert part in out, (part, out)
        top = out.split("Top questions")[1].split("\n")[1]
        assert top.split("\t")[:2] == ["  4", "公积金怎么取"], top
        unanswered = out.split("Unanswered")[1].split("Negative")[0]
        assert "asked 6 times in 2 wording(s): 公积金怎么取" in unanswered, unanswered  # grouped by wording
        negative = out.split("Negative feedback")[1].split("Questions per topic")[0]
        assert f"entry {entry}" in negative and "very_dissatisfied" in negative, negative
        assert "我老婆的爸妈能用我医保卡里的钱吗" in negative and "看不懂" in negative, negative
        assert "out_of_scope\tunknown\t" in out.split("Questions per topic")[1], out
        table = subprocess.run([a.server, "report", "--log", log, "--format", "csv", "--days", "1"],
                               capture_output=True, text=True, timeout=60)
        assert table.returncode == 0, table.stderr
        records = list(csv.DictReader(io.StringIO(table.stdout)))
        assert {r["section"] for r in records} == {"summary", "top", "unanswered", "negative_feedback", "topic"}
        neg = [r for r in records if r["section"] == "negative_feedback"]
        assert len(neg) == 1 and neg[0]["entry"] == entry and neg[0]["rating"] == "very_dissatisfied", neg
        groups = {r["group"] for r in records if r["section"] == "unanswered" and r["question"].startswith("公积金")}
        assert len(groups) == 1, records  # both wordings in one group
        bad = subprocess.run([a.server, "report", "--log", os.path.join(s.tmp.name, "none.db")],
                             capture_output=True, text=True, timeout=60)
        assert bad.returncode == 2 and "not found" in bad.stderr, bad


def main():
    a = server_args()
    started = time.monotonic()
    checks = [
        ("redaction: no ID, mobile, bank-card number or name on disk or in the log", redaction),
        ("feedback: 204, 400 with the usual error, 404 without a log; stored with its answer", feedback),
        ("report: top, unanswered by wording, negative feedback with its answer, per topic; text and CSV", report),
    ]
    failed = run_checks(checks, a, {})
    print(f"{len(checks) - failed} passed, {failed} failed; wall {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
