#include <catch2/catch.hpp>
#include <limits>

#include "fixture.h"

TEST_CASE("answer: contract fields", "[answer]") {
  auto r = test::ask("怎么查询医保卡余额");
  CHECK(r.topic == "balance_query");
  CHECK(r.verdict == "info");
  CHECK_FALSE(r.entry_id.empty());
  CHECK(r.confidence > 0);
  CHECK(r.confidence <= 1);
  CHECK_FALSE(r.sources.empty());
  CHECK(r.kb_version == test::store().kb_version());
  auto j = r.to_json();
  for (const char* key :
       {"answer", "verdict", "topic", "entry_id", "confidence", "slots", "sources", "related", "kb_version"})
    CHECK(j.contains(key));
}

TEST_CASE("answer: out of scope points to 12333 and never borrows a rule", "[answer]") {
  for (const char* q :
       {"今天天气怎么样", "帮我推荐一只股票", "公积金怎么提取", "职工医保住院报销比例是多少", "银行卡余额怎么查"}) {
    INFO(q);
    auto r = test::ask(q);
    CHECK(r.topic == "out_of_scope");
    CHECK(r.verdict == "unknown");
    CHECK(r.answer.find("12333") != std::string::npos);
  }
}

// Regression: "这个是啥" was answered with "what is the personal account" at confidence 0.75,
// because the entry's phrasings share the question word 是啥.
TEST_CASE("answer: frame words alone name no subject and are not answered", "[answer]") {
  for (const char* q : {"这个是啥", "啥意思", "为什么", "有什么区别"}) {
    INFO(q);
    auto r = test::ask(q);
    CHECK(r.topic == "out_of_scope");
    CHECK(r.verdict == "unknown");
  }
  // With a subject they are ordinary questions.
  CHECK(test::ask("医保个账是啥").topic == "account_basics");
  CHECK(test::ask("还剩多少钱").topic == "balance_query");
}

// "这算违规吗" asks whether something is forbidden: yes means it is (regression: such questions got
// the rule's "no" while the answer said it was a violation).
TEST_CASE("answer: a question whether something is a violation is answered as asked", "[answer]") {
  auto r = test::ask("我老婆拿我的医保卡去给她自己开药，这算违规吗");
  CHECK(r.verdict == "yes");
  CHECK(r.answer.rfind("算违规。", 0) == 0);
  auto scam = test::ask("有人打电话说能帮我把医保的钱提现到微信，是不是诈骗");
  CHECK(scam.verdict == "yes");
  CHECK(scam.answer.rfind("是骗局。", 0) == 0);
  CHECK(test::ask("我老婆拿我的医保卡去给她自己开药，行吗").verdict == "no");  // asked the usual way
}

// Regression: "……得准备啥材料" got the rule's "yes" and no list unless asked as a follow-up.
TEST_CASE("answer: a question for the materials gets the list", "[answer]") {
  auto r = test::ask("我老公去世了，他医保卡里的钱要转到我名下得准备啥材料");
  CHECK(r.verdict == "info");
  CHECK(r.answer.find("需要准备的材料") != std::string::npos);
  CHECK(r.answer.find("死亡证明") != std::string::npos);
}

// Regressions: the place one is insured (参保地) was an out-of-scope word, so checking the balance
// "in my home 参保地" was out of scope; "被查出来会怎么处理" was a how-question, not a consequence.
TEST_CASE("answer: 参保地 is a place, and being found out asks for the consequence", "[answer]") {
  CHECK(test::ask("人在外地打工，怎么查老家参保地的医保余额").topic == "balance_query");
  CHECK(test::ask("更换参保地需要什么手续").topic == "out_of_scope");
  auto r = test::ask("我拿我爸的医保卡给自己开药，被查出来会怎么处理");
  CHECK(r.topic == "card_misuse");
  CHECK(r.verdict == "info");
}

TEST_CASE("answer: the region asked about appears in the answer", "[answer]") {
  CHECK(test::ask("兰州的医保个账能给家里人用不").answer.find("兰州") != std::string::npos);
  CHECK(test::ask("怎么查医保余额", "", "text", "西宁").answer.find("西宁") != std::string::npos);
  CHECK(test::ask("乌鲁木齐怎么查医保余额", "", "speech").answer.find("乌鲁木齐") != std::string::npos);
}

TEST_CASE("answer: bad input is reported, not asserted", "[answer]") {
  CHECK_THROWS_AS(test::ask(""), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("   "), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask(std::string(501 * 3, 'a')), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("医保", "2021-13-01"), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("医保", "", "html"), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("\xff\xfe"), kb::InvalidRequest);
  CHECK_NOTHROW(test::ask(std::string(500, 'a')));
}

// The response is written as text directly; it must be exactly what the JSON library writes.
TEST_CASE("answer: the JSON text is byte for byte the library's", "[answer]") {
  for (const char* q : {"我老婆的爸妈能用我医保卡里的钱吗", "医保里的钱能给亲戚用吗", "公积金怎么提取",
                        "兰州怎么查医保余额", "我在北京上班交医保，我妈在河北，她买药能用我的钱吗", "帮我推荐一只股票",
                        "xyzzy", "家庭共济怎么绑定", "医保卡里的钱能取出来吗",
                        // slots.owner (was missing from the direct text; found by fuzz_answer)
                        "老公的医保个人账户能给公公用吗"}) {
    for (const char* format : {"text", "markdown", "speech"}) {
      INFO(q << " " << format);
      auto r = test::ask(q, "2026-01-01", format);
      CHECK(r.json_text() == r.to_json().dump());
      CHECK(r.json_text(false) == r.to_json(false).dump());
    }
  }
  kb::AskResponse odd;
  odd.answer = "tab\\there \"quoted\" back\\\\slash \x01 control \n line";
  odd.confidence = 1.0;
  odd.sources = {{"t", "https://x", "2021-04-13"}, {"only title", "", ""}};
  CHECK(odd.json_text() == odd.to_json().dump());
  odd.confidence = 0.1 + 0.2;
  CHECK(odd.json_text() == odd.to_json().dump());
  // Escapes at every offset of the eight-byte blocks the writer skips whole, next to multi-byte text.
  for (const char* special : {"\"", "\\", "\x1f", "\n", "\x7f"}) {
    for (size_t at = 0; at < 17; ++at) {
      odd.answer = std::string(at, 'a') + special + "医保" + std::string(16 - at, 'b');
      INFO(at);
      CHECK(odd.json_text() == odd.to_json().dump());
    }
  }
  // Found by tests/fuzz/answer_fuzz.cpp: the library writes some doubles with more digits than the
  // shortest form (std::to_chars: 0.361225504154325), and a value that is not finite as null.
  for (double c : {0.36122550415432497, 1e-7, 1e21, std::numeric_limits<double>::quiet_NaN()}) {
    INFO(c);
    odd.confidence = c;
    CHECK(odd.json_text() == odd.to_json().dump());
    CHECK(odd.json_text(false) == odd.to_json(false).dump());
  }
}

TEST_CASE("answer: another part of medical insurance, or a weak match, asks channels to offer a person", "[answer]") {
  auto neighbouring = test::ask("住院报销比例是多少");
  CHECK(neighbouring.verdict == "unknown");
  CHECK(neighbouring.handoff);
  CHECK(neighbouring.to_json()["handoff"] == true);
  auto clear = test::ask("医保卡余额怎么查");
  CHECK_FALSE(clear.handoff);
  CHECK(clear.json_text() == clear.to_json().dump());
}

TEST_CASE("answer: neighbouring business asked in personal-account words", "[answer]") {
  // Was: the death rule of the medical account (yes), the pension account's "no", and where the
  // account's money comes from (info).
  for (const char* q : {"我妈去世了，她养老保险账户里的钱家里能领吗", "养老保险个人账户里的钱，人走了家属能继承吗？",
                        "灵活就业交职工医保一个月多少钱啊 2025年"}) {
    INFO(q);
    auto r = test::ask(q);
    CHECK(r.topic == "out_of_scope");
    CHECK(r.verdict == "unknown");
  }
  CHECK(test::ask("我爸走了，他医保个人账户里剩的钱算遗产吗").topic == "withdrawal_conditions");
}

TEST_CASE("answer: sharing with a bare 他/她 asks who it is, never says yes or no", "[answer]") {
  // Regression: 他 named nobody, so entries about relatives were marked down as if the asker asked
  // for himself ("我的医保能给他用吗" → daily goods, no), or a procedure answered yes.
  for (const char* q : {"我的医保能给他用吗", "把我卡里的钱共济给他行不", "我卡里的钱能共济给她吗"}) {
    INFO(q);
    auto r = test::ask(q);
    CHECK(r.topic == "family_sharing_eligibility");
    CHECK(r.verdict == "conditional");
    REQUIRE(r.ask);
    CHECK(r.ask->slot == "relation");
  }
}

// Regressions from the independent sets' first runs (each failed before its fix).
TEST_CASE("answer: regressions, each with the topic and verdict it now gets", "[answer]") {
  struct Row {
    const char* q;
    const char* topic;
    const char* verdict;
  };
  const Row rows[] = {
      // 没 before the verb and 过 after it: never insured (was: the general rule's yes).
      {"俺娘啥医保都没参加过,能直接刷俺的医保个人账户看病不", "family_sharing_eligibility", "no"},
      // Moving the money to a relative's bank card is cashing out (was: a yes about deduction order).
      {"家庭共济开通了,那能不能把我医保账户的钱直接转到我妈银行卡上,让她自己随便花?", "withdrawal_conditions", "no"},
      // A reason to want the money is never a ground to withdraw it (was: conditional).
      {"医保卡里攒了两万多，娃上大学学费紧张，这钱能不能全取出来先交学费", "withdrawal_conditions", "no"},
      // Giving birth is a hospital stay; maternity insurance is the other business (was: out of scope).
      {"媳妇生娃住院,医保报完剩下自己掏的那部分,能刷我个人账户的钱吗", "family_sharing_scope", "yes"},
      {"生育津贴怎么领", "out_of_scope", "unknown"},
      // The fifth independent round (questions_thirteenth): who told the asker, a close friend, a
      // rumour's illness, an unmarried partner, a step-parent, cash for living costs.
      // 听同事说 names who told, not who is asked about (was: sharing with non-relatives).
      {"听同事说医保卡里的钱12月31号前不花掉就清零了，真的假的", "account_basics", "no"},
      // 好兄弟 is a friend, not a sibling (was: how shared money is deducted).
      {"好兄弟最近手头紧，能不能把他绑到我的共济里，让他用我账户的钱拿药", "family_sharing_eligibility", "no"},
      // "74种大病医保卡" is the illness rumour, not the offtopic 大病医保 (was: out of scope).
      {"网上说得了恶性肿瘤等74种大病医保卡的钱可以提现，这是真的吗", "withdrawal_conditions", "no"},
      // An unmarried partner is no spouse, for the wallet too (was: 可以).
      {"能用医保钱包把个人账户的钱转给我对象吗？我们还没结婚", "wallet_transfer", "no"},
      // A step-parent is a parent in law only where there is a supporting relationship: conditional
      // (was: 可以, as for a parent; h13-023).
      {"继母把我从小带大的，家庭共济能绑继母吗？", "family_sharing_eligibility", "conditional"},
      {"能用医保钱包给我继父转钱吗", "wallet_transfer", "conditional"},
      // Cash for a relative's living costs is cashing out (was: 可以, how many relatives to share with).
      {"我绑了家庭共济，能不能把共济的钱取出来给老人当生活费？", "withdrawal_conditions", "no"},
      // The sixth independent round (questions_fourteenth, questions_verdicts_second, dialogues_fifth).
      // A scam call to a relative is a scam, not who may share (topics.yaml shuns 诈骗; was: 可以).
      {"我妈70多了，今天有人打电话给她，说她的医保卡在外地被盗刷了涉嫌骗保，让她下载一个会议软件共享屏幕。这是医保局的"
       "正常操作吗",
       "card_misuse", "no"},
      // Whether the lender is punished too: a penalty question (was: info).
      {"老公同意了，我用他的医保卡买药，要是被查到会不会连他也一起处罚？", "card_misuse", "yes"},
      // 上门女婿 describes the asker; the in-laws are who is asked about (was: the list of 近亲属).
      {"我是上门女婿，想用我的医保个人账户给岳父岳母买药，能办家庭共济吗", "family_sharing_eligibility", "no"},
      // A pharmacy's "年底清零" pitch gets both: no, and the balance does not lapse.
      {"药店说医保卡里的钱年底就清零了，不换白不换，刷卡换洗衣粉和食用油行不行", "card_misuse", "no"},
      // 有没有 asks yes or no (was: info).
      {"居民医保到底有没有个人账户", "account_basics", "no"},
      // "在什么情况下才可以" asks for the conditions (was: conditional).
      {"医保个人账户余额到底在什么情况下才可以取现", "withdrawal_conditions", "info"},
      // Checking a parent's balance on the asker's own phone needs the parent's consent (was: info).
      {"我妈七十多了不会用智能手机，我用我自己手机能查她医保卡里还有多少钱吗", "balance_query", "conditional"},
      // Whether to bring the asker's card for a bound parent: no, the parent's own (was: info).
      {"我爸绑了我的家庭共济，他去医院看病要带我的医保卡吗", "family_sharing_usage", "no"},
      // Lending the card is impersonation, whoever borrows it; lending the money is sharing it (was:
      // the card rule's 不可以 to a question about the money).
      {"医保卡可以借给亲戚用吗", "card_misuse", "no"},
      {"能把医保卡里的钱借给我妈用吗", "family_sharing_eligibility", "yes"},
      // The account pays a relative's resident-scheme contribution, not an employee-scheme premium
      // (was: 可以); for a flexible worker it depends on the scheme chosen.
      {"个人账户的钱能替我儿子交职工医保吗", "family_sharing_scope", "no"},
      {"我老公是灵活就业，能用我的个人账户帮他交医保吗", "family_sharing_scope", "conditional"},
      // What day the monthly credit arrives: where to see it, the day differs by place (was: where
      // the money comes from; with 发工资 in the question, out of scope).
      {"个人账户每月几号到账", "balance_query", "info"},
      // Moving city is no ground to withdraw: the balance moves (was: 可以申请, the rule for a new place
      // that cannot take it); where it cannot, one may apply (dev046); whether it moves, yes.
      {"单位把我从苏州调到成都了，苏州那边医保个人账户还有一万块，能不能直接取出来？还是只能转过去",
       "withdrawal_conditions", "no"},
      {"新单位所在地说不接收原来的医保余额，能提取吗", "withdrawal_conditions", "yes"},
      {"换工作去了外省，医保个人账户里的钱会跟着转过去吗", "withdrawal_conditions", "yes"},
      // Buying for the card's owner with her own card is no impersonation: 算冒用吗 is a violation
      // question (was: 可以, read as "yes, it is").
      {"婆婆瘫在床上，降压药都是我去药店帮她拿，刷的是她本人的医保卡。这样算冒用别人医保卡吗", "card_misuse", "no"},
      // A retiree sharing with a grandchild on the resident scheme: the grandchild's scheme is not
      // the asker's ("上的是" keeps the clause's subject), and a retiree may share (was: no account).
      {"退休职工能不能把自己的医保个人账户给孙女用？孙女三岁，上的是居民医保。", "family_sharing_eligibility", "yes"},
      // Whether a conduct is punished leans to the conduct's rule (scoring.conduct_bonus; was: what
      // shared money may buy, a no).
      {"我儿子拿我的医保卡到药房买了好几桶蛋白粉，说是能刷，这个会不会被罚啊", "card_misuse", "yes"},
      // Whose account a bound parent's purchase is charged to: the deduction order (was: whether a
      // relative's own account goes first); Cantonese 而家 (now) is no 二价 (a vaccine).
      {"我和我哥都给老妈绑了家庭共济，她去买药时钱是从我俩谁的账户里扣", "family_sharing_usage", "info"},
      {"我喺廣州返工，交嘅係職工醫保，阿媽喺湖南鄉下。聽講而家有個醫保錢包可以跨省轉錢，我可唔可以轉啲俾佢用",
       "wallet_transfer", "conditional"},
      // Which of two balances is the medical account's: the difference, not the bank (was: out of scope).
      {"银行APP里看社保卡余额有两百多，医保APP里个人账户余额却是三千，哪个才是我医保里的钱", "account_basics", "info"},
      // Asked only how, with no yes/no word: how to bind, not who may share (was: eligibility, 可以;
      // scoring.how_only_penalty).
      {"行吧 那给我妈绑要怎么弄", "family_sharing_binding", "info"},
      // Asked whether the negative holds: the verdict answers it as asked (was: the rule's verdict,
      // so "是不是不能给岳父用" got 不可以 as a no); a negated fact is left to the rule, and so is
      // "是不是没什么关系", which asks whether all is well.
      {"是不是医保卡不能借给别人用？同事老找我借", "card_misuse", "yes"},
      {"医保卡里的钱是不是年底不清零啊", "account_basics", "yes"},
      {"退休了是不是医保卡就不往里打钱了", "account_basics", "no"},
      // A verb's potential negated (取不出来) is a negation too (vc4-030, vc4-031: the rule's verdict).
      {"退休了医保卡里的钱是不是就取不出来了，只能看病买药用", "withdrawal_conditions", "yes"},
      {"出国定居的话是不是也取不出来医保的钱？", "withdrawal_conditions", "no"},
      // "会不会坐牢" asks yes or no (h17-068: a consequence, info); "会坐几年牢" asks what follows.
      {"用医保卡开了药转手卖给别人，被查到会不会坐牢", "card_misuse", "yes"},
      // Inheritance among siblings is no question of who may share (h17-045: the siblings got the
      // near relatives' rule).
      {"我爸去年冬天在沈阳走了，医保卡里还剩两万出头。我妈前几年也不在了，我们兄妹三个商量着平分。这钱能继承吗？",
       "withdrawal_conditions", "yes"},
      // Not knowing whether the relative is insured makes it depend (h17-010: 交没交医保 held 没交医保,
      // the uninsured relative's no).
      {"我也不知道我弟这几年交没交医保，我想用我的职工医保个人账户给他看牙，可以吗", "family_sharing_eligibility",
       "conditional"},
      // Identity papers are the police's business (h17-080: how to bind, on 办 and 户口本).
      {"小孩办身份证要带户口本吗，在哪办", "out_of_scope", "unknown"},
      // Moving one's insurance home is another business (h17-079: who may share, on the parents
      // and a colleague named in passing).
      {"在佛山做了十年，今年打算回老家湖北襄阳照顾我爸妈，社保医保都要转回去，听人说转移很麻烦，之前同事转了半年还没弄"
       "好。"
       "职工医保的关系怎么转回老家？要跑哪几个部门，线上能办吗",
       "out_of_scope", "unknown"},
      {"我刚才接到个电话，说我医保卡异常了，让我把验证码念给他听，我已经念了，是不是没什么关系啊", "card_misuse", "no"},
      // Settling abroad named by its papers (枫叶卡, 注销户口) with 工作 in passing (was: no, as for
      // a posting abroad).
      {"女儿在加拿大拿了枫叶卡，准备回国注销户口，以后不打算回国工作了，她医保个人账户的钱能一次性取出来吗",
       "withdrawal_conditions", "yes"},
      // A hospital's deposit is the hospital's business (was: what the account pays for, 可以);
      // withdrawing the balance to pay one is still a withdrawal question.
      {"我爸住院了，医院让先交五千押金，用医保卡的话是不是就不用交押金了", "out_of_scope", "unknown"},
      {"我妈住院要交押金，我医保卡里攒了两万多，想全部取出来给她用，去哪里取", "withdrawal_conditions", "no"},
      // Sharing that will not be set up, asked whether two cities of one province are the cause (was:
      // who may share, 可以).
      {"我在济南交的职工医保，老婆在青岛交的居民医保，弄家庭共济一直提示添加失败，校验不通过，是不是因为我俩不在一个城"
       "市参保",
       "family_sharing_binding", "info"},
      // Whether siblings may share is no question why a balance shows 0 (was: ab-zero-balance, info;
      // scoring.why_entry_penalty).
      {"我哥哥姐姐可以用我的醫保個人賬戶嗎？他們都在農村交的居民醫保", "family_sharing_eligibility", "yes"},
      // The pharmacy's 可以 is a statement, not a second question (was: the rule's 不合规 as a no;
      // slots.yaml question_particles).
      {"药店刷医保卡可以换米面油洗衣液，这个违规吗", "card_misuse", "yes"},
      // What the asker denies having is not their scheme (was: 职工, and "问题里参加居民医保的是你的父母").
      {"我没有职工医保，只有居民医保，是不是不能给我妈用家庭共济", "family_sharing_eligibility", "yes"},
      // 农村医保 is the resident scheme's colloquial name (was: the default case, no).
      {"我外婆能用我的职工医保个人账户吗，她交的农村医保", "family_sharing_eligibility", "yes"},
      // 病逝 is a death (was: an unknown word, and the father made it who may share).
      {"我父亲上个月在武汉病逝了，他医保卡里还有三万多块钱，这笔钱我们子女能继承吗", "withdrawal_conditions", "yes"},
  };
  for (const auto& r : rows) {
    INFO(r.q);
    auto a = test::ask(r.q);
    CHECK(a.topic == r.topic);
    CHECK(a.verdict == r.verdict);
  }
}

TEST_CASE("answer: can it be done, and what to bring: the verdict stays, the list follows", "[answer]") {
  auto both = test::ask("老父亲上个月走了,他医保卡里还剩一些钱,家里人能取出来吗?都要准备啥材料");
  CHECK(both.verdict == "yes");
  CHECK(both.answer.find(test::store().messages().materials_heading) != std::string::npos);
  CHECK(test::ask("父亲去世了领取医保余额要准备啥材料").verdict == "info");  // the list alone
}

TEST_CASE("answer: may a relative use it, and how: the yes with the steps to bind", "[answer]") {
  for (const char* q : {"我爸能用我的医保吗，怎么弄", "能给我哥用吗？咋绑"}) {
    INFO(q);
    const auto r = test::ask(q, "2026-01-01");
    CHECK(r.entry_id == "fs-elig-general");
    CHECK(r.verdict == "yes");
    CHECK(r.answer.find("国家医保服务平台") != std::string::npos);
  }
}

TEST_CASE("answer: whether, and what follows: the verdict answers whether", "[answer]") {
  // Was: info (the consequence case) and yes (会, the penalty turned round) — both read as an
  // allowed conduct by a channel that shows the verdict.
  auto lend = test::ask("朋友想借我的医保卡去看牙，这样可以吗？被查到会怎样");
  CHECK(lend.verdict == "no");
  CHECK(lend.answer.find("后果") != std::string::npos);
  CHECK(test::ask("药店让刷医保卡换米面油，可以吗？会不会被罚").verdict == "no");
  // One question at a time keeps its own reading.
  CHECK(test::ask("医保卡借给亲戚用，被查出来会咋样").verdict == "info");
  CHECK(test::ask("借别人的卡看病会被暂停结算吗").verdict == "yes");
  // "算不算套现？能这么干吗" asks whether it is 套现, then whether it may be done: the second is
  // what a resident acts on (was: yes, the violation question turned round).
  CHECK(test::ask("同事让我用我的医保卡帮他刷药，他转我现金，这样算不算套现？能这么干吗").verdict == "no");
  CHECK(test::ask("同事让我用我的医保卡帮他刷药，他转我现金，这样算不算套现").verdict == "yes");
}

TEST_CASE("answer: a second question in its own sentence gets its own lead", "[answer]") {
  // Was: who may share, and nothing on whether the balance is cleared at the end of the year.
  auto r = test::ask("医保个人账户年底会清零吗？没用完的钱能不能给我爸用？他交的居民医保");
  CHECK(r.topic == "family_sharing_eligibility");
  CHECK(r.verdict == "yes");
  CHECK(r.answer.find("关于“医保个人账户年底会清零吗？”：不会。") != std::string::npos);
  // One question, or a second one of the same topic, adds nothing; nor does speech.
  CHECK(test::ask("医保个人账户年底会清零吗").answer.find("关于“") == std::string::npos);
  kb::AskRequest speech;
  speech.question = "医保个人账户年底会清零吗？没用完的钱能不能给我爸用？";
  speech.format = "speech";
  CHECK(test::answerer().ask(speech).answer.find("关于“") == std::string::npos);
}

TEST_CASE("answer: an online pharmacy is asked about by its many names", "[answer]") {
  // Was: lending a card (no): 网上 + 药房 + 医保码 shared most words with it.
  auto r = test::ask("在网上药房买药能用医保码付吗");
  CHECK(r.entry_id == "ap-online-pharmacy");
  CHECK(r.verdict == "conditional");
}

TEST_CASE("answer: sharing never lends the sharer's reimbursement ratio", "[answer]") {
  // Was: yes, from who may share (按…比例 matched nothing of its own).
  auto r = test::ask("绑定家庭共济以后 我爸看病能按我的职工医保比例报销吗");
  CHECK(r.entry_id == "fs-scope-reimbursement-ratio");
  CHECK(r.verdict == "no");
  // The self-paid part after reimbursement is what sharing pays (报销 alone claims nothing).
  CHECK(test::ask("我爸住院报销完自己要掏的那部分，能用我的家庭共济余额付吗").verdict == "yes");
}

TEST_CASE("answer: a card given to a person word and a relative is lent", "[answer]") {
  // Was: conditional from the medical-devices entry (直系亲属 read as 试纸).
  auto r = test::ask("小红书上好多人说医保卡给家里老人用没事，只要是直系亲属就行，真的假的？");
  CHECK(r.verdict == "no");
  CHECK(r.topic == "card_misuse");
}

// Regression: "你好" alone got 抱歉，这个问题不在本服务的解答范围内, as if it were a question.
TEST_CASE("answer: greetings alone get what is asked here, not an out-of-scope apology", "[answer]") {
  const std::string& greeting = test::store().messages().out_of_scope.greeting;
  REQUIRE_FALSE(greeting.empty());
  for (const char* q : {"你好", "在吗", "您好"}) {
    INFO(q);
    auto a = test::ask(q);
    CHECK(a.topic == "out_of_scope");
    CHECK(a.answer == greeting);
  }
  // A question after the greeting is answered, and another subject is still out of scope.
  CHECK(test::ask("你好，医保余额怎么查").topic == "balance_query");
  CHECK(test::ask("今天天气怎么样").answer != greeting);
}
