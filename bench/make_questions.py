#!/usr/bin/env python3
"""Writes bench/questions.txt: distinct questions for load tests, built from templates × regions ×
relations × colloquial forms (not the shared eval sets). Deterministic (fixed seed).
  make_questions.py                  2,004 questions → bench/questions.txt (committed)
  make_questions.py --fresh N PATH   N other distinct questions (a realistic round where most
                                     questions are new to the answer cache), not committed"""
import itertools
import os
import random
import sys

REGIONS = ["兰州", "南京", "西宁", "乌鲁木齐", "成都", "杭州", "广州", "郑州", "长沙", "哈尔滨", "昆明", "合肥",
           "济南", "沈阳", "南宁", "贵阳", "太原", "石家庄", "福州", "南昌", "", "", "", ""]
RELATIONS = ["老婆", "老公", "我妈", "俺爹", "儿子", "闺女", "我哥", "妹妹", "爷爷", "外婆", "孙子", "外孙女",
             "岳母", "婆婆", "朋友", "外甥", "家里人"]
CARD = ["医保卡", "社保卡", "医保个人账户", "个账", "医保"]
ASK = ["吗", "不", "行不行", "可以吗", "能不能行"]
TEMPLATES = [
    "{r}{card}里的钱能给{rel}用{ask}",
    "{r}{rel}能用我{card}的余额买药{ask}",
    "{r}怎么查{card}余额",
    "{r}{card}里还剩多少钱咋查",
    "{r}家庭共济怎么绑定{rel}",
    "{r}{card}的钱能取出来{ask}",
    "{r}人去世了{card}里的钱怎么办",
    "{r}医保钱包能给{rel}转钱{ask}",
    "{r}把{card}借给{rel}看病{ask}",
    "{r}{card}的钱能提现到微信{ask}",
    "{r}{card}余额年底会清零{ask}",
    "{r}用{card}给{rel}交居民医保{ask}",
]


# Extra variety for the fresh round: a polite opening and a closing word multiply the templates.
OPENINGS = ["", "请问", "你好，", "想问一下", "麻烦问下", "老师好，", "急！", "咨询一下，"]
CLOSINGS = ["", "？", "谢谢", "，急", "，在线等", "啊", "呢", "。"]


def all_questions():
    out = set()
    for t, r, rel, card, ask in itertools.product(TEMPLATES, REGIONS, RELATIONS, CARD, ASK):
        out.add(t.format(r=r, rel=rel, card=card, ask=ask))
    return sorted(out)


def fresh(n, path):
    rnd = random.Random(20261202)
    committed = set(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "questions.txt"),
                         encoding="utf-8").read().split("\n"))
    out = set()
    base = all_questions()
    while len(out) < n:
        q = rnd.choice(OPENINGS) + rnd.choice(base) + rnd.choice(CLOSINGS)
        if q not in committed:
            out.add(q)
    questions = sorted(out)
    rnd.shuffle(questions)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(questions) + "\n")
    print(f"{len(questions)} fresh questions → {path}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--fresh":
        return fresh(int(sys.argv[2]), sys.argv[3])
    rnd = random.Random(20261123)
    questions = all_questions()
    rnd.shuffle(questions)
    questions = questions[:2000] + ["公积金怎么提取", "今天天气怎么样", "yibao yue zenme cha", "醫保卡餘額怎麼查詢"]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "questions.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(questions) + "\n")
    print(f"{len(questions)} questions → {path}")


if __name__ == "__main__":
    main()
