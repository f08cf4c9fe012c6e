// Per-question cost of each stage, in process and uncached: analysis, retrieval (FTS5 + re-score),
// and the whole answer. Questions cycle through a fixed list so no stage sees one input only.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "caching_answerer.h"
#include "kb/answerer.h"
#include "kb/kb_loader.h"
#include "kb/rules.h"

namespace {

const std::vector<std::string>& questions() {
  static const std::vector<std::string> q = {"怎么查询医保卡余额",
                                             "我老婆的爸妈能用我医保卡里的钱吗",
                                             "醫保卡餘額怎麼查詢",
                                             "yibao yue zenme cha",
                                             "医保卡里的钱能取出来吗",
                                             "家庭共济怎么绑定",
                                             "兰州的医保个账能给家里人用不",
                                             "医保钱包转账要手续费吗",
                                             "喂你好我想问一下那个我妈在老家她买药能不能用我的医保卡里的钱啊要怎么弄",
                                             "公积金怎么提取",
                                             "把医保卡借给朋友看病行吗",
                                             "医保个人账户里没花完的钱明年还能接着用吗"};
  return q;
}

const kb::Store& store() {
  static const std::string path = [] {
    auto loaded = kb::load_knowledge_base(KB_SOURCE_DIR);
    std::string p =
        (std::filesystem::temp_directory_path() / ("faq-bench-" + std::to_string(getpid()) + ".db")).string();
    kb::build_store(loaded.kb, p);
    return p;
  }();
  static const kb::Store s(path);
  return s;
}

void BM_Analyze(benchmark::State& state) {
  const auto& an = store().analyzer();
  size_t i = 0;
  for (auto _ : state) {
    auto a = an.analyze(questions()[i++ % questions().size()]);
    benchmark::DoNotOptimize(an.terms(a));
  }
}
BENCHMARK(BM_Analyze);

// Retrieval alone: analysis done beforehand.
void BM_Retrieve(benchmark::State& state) {
  kb::Answerer answerer(store());
  const auto& an = store().analyzer();
  std::vector<kb::Analysis> analysed;
  std::vector<kb::Slots> slots;
  for (const auto& q : questions()) {
    analysed.push_back(an.analyze(q));
    slots.push_back(kb::extract_slots(analysed.back(), store().lexicon()));
  }
  size_t i = 0;
  for (auto _ : state) {
    size_t k = i++ % analysed.size();
    benchmark::DoNotOptimize(answerer.retriever().retrieve(analysed[k], slots[k], "2026-01-01"));
  }
}
BENCHMARK(BM_Retrieve);

// Rule evaluation and rendering alone: the entry and slots found beforehand.
void BM_Rules(benchmark::State& state) {
  kb::Answerer answerer(store());
  const auto& an = store().analyzer();
  struct Prepared {
    std::shared_ptr<const kb::Entry> entry;
    kb::Slots slots;
    std::u32string text;
  };
  std::vector<Prepared> prepared;
  for (const auto& q : questions()) {
    auto a = an.analyze(q);
    auto s = kb::extract_slots(a, store().lexicon());
    auto r = answerer.retriever().retrieve(a, s, "2026-01-01");
    if (!r.ranked.empty()) prepared.push_back(Prepared{store().entry(r.ranked.front().entry), s, a.text});
  }
  const kb::Renderer renderer(store().messages(), store().lexicon());
  size_t i = 0;
  for (auto _ : state) {
    const auto& p = prepared[i++ % prepared.size()];
    const kb::Case* c = kb::select_case(*p.entry, p.slots, p.text, store().lexicon(), "2026-01-01");
    if (!c) c = &p.entry->cases.back();
    kb::RenderInput in{p.entry.get(), c, &p.slots, {}};
    benchmark::DoNotOptimize(renderer.answer(in, kb::Format::Text));
  }
}
BENCHMARK(BM_Rules);

void BM_Ask(benchmark::State& state) {
  kb::Answerer answerer(store());
  size_t i = 0;
  for (auto _ : state) {
    kb::AskRequest r;
    r.question = questions()[i++ % questions().size()];
    r.as_of = "2026-01-01";
    benchmark::DoNotOptimize(answerer.ask(r));
  }
}
BENCHMARK(BM_Ask);

// A repeated question answered from the answer cache, as the HTTP layer serves real traffic that
// repeats: key lookup, the cached body and a freshly signed conversation context.
void BM_AskCached(benchmark::State& state) {
  kb::Answerer answerer(store());
  faq::CachingAnswerer cached(answerer, 1024);
  for (const auto& q : questions()) {
    kb::AskRequest r;
    r.question = q;
    cached.answer(r);
  }
  size_t i = 0;
  for (auto _ : state) {
    kb::AskRequest r;
    r.question = questions()[i++ % questions().size()];
    benchmark::DoNotOptimize(cached.answer(r));
  }
}
BENCHMARK(BM_AskCached);

}  // namespace

BENCHMARK_MAIN();
