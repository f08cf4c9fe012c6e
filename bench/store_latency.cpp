// Per-question latency of the whole answering pipeline, in process and uncached, against any
// store: loads it, answers every question of a file (several passes), and prints one JSON line
// with the load time, latency percentiles and the process's resident memory.
//
//   store_latency STORE QUESTIONS.txt [PASSES]
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kb/answerer.h"

namespace {

long rss_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: store_latency STORE QUESTIONS.txt [PASSES]\n";
    return 2;
  }
  int passes = argc > 3 ? std::stoi(argv[3]) : 3;
  std::vector<std::string> questions;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) questions.push_back(line);

  auto t0 = std::chrono::steady_clock::now();
  kb::Store store(argv[1]);
  kb::Answerer answerer(store);  // no answer cache: these are the uncached figures
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<double> micros;
  micros.reserve(questions.size() * static_cast<size_t>(passes));
  size_t answered = 0;
  for (int p = 0; p < passes; ++p)
    for (const auto& q : questions) {
      kb::AskRequest r;
      r.question = q;
      r.as_of = "2026-01-01";
      auto a = std::chrono::steady_clock::now();
      auto resp = answerer.ask(r);
      micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - a).count());
      answered += resp.topic != "out_of_scope";
    }
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double p) { return micros[std::min(micros.size() - 1, static_cast<size_t>(p * micros.size()))]; };
  double mean = 0;
  for (double m : micros) mean += m;
  mean /= static_cast<double>(micros.size());
  std::cout << "{\"entries\": " << store.entry_count() << ", \"load_s\": " << load_s
            << ", \"questions\": " << micros.size() << ", \"median_us\": " << pct(0.5) << ", \"p99_us\": " << pct(0.99)
            << ", \"mean_us\": " << mean << ", \"max_us\": " << micros.back() << ", \"rss_kib\": " << rss_kib("VmRSS:")
            << ", \"hwm_kib\": " << rss_kib("VmHWM:") << ", \"in_scope\": " << answered << "}" << std::endl;
  return 0;
}
