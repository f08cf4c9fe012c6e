#!/usr/bin/env python3
"""Writes bench/questions.txt: distinct questions for load tests, built from templates × regions ×
relations × colloquial forms (not the shared eval sets). Deterministic (fixed seed)."""
import itertools
import os
import random

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


def main():
    rnd = random.Random(20261123)
    out = set()
    for t, r, rel, card, ask in itertools.product(TEMPLATES, REGIONS, RELATIONS, CARD, ASK):
        out.add(t.format(r=r, rel=rel, card=card, ask=ask))
    questions = sorted(out)
    rnd.shuffle(questions)
    questions = questions[:2000] + ["公积金怎么提取", "今天天气怎么样", "yibao yue zenme cha", "醫保卡餘額怎麼查詢"]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "questions.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(questions) + "\n")
    print(f"{len(questions)} questions → {path}")


if __name__ == "__main__":
    main()
