#include "kb/dates.h"

#include <ctime>

namespace kb {

bool is_iso_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  auto number = [&](size_t at, size_t len) {
    int n = 0;
    for (size_t i = at; i < at + len; ++i) n = n * 10 + (d[i] - '0');
    return n;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool in_force(const std::string& from, const std::string& to, const std::string& as_of) {
  return (from.empty() || from <= as_of) && (to.empty() || as_of < to);
}

uint32_t date_number(std::string_view date, bool upper_bound) {
  if (date.empty()) return upper_bound ? UINT32_MAX : 0;
  uint32_t n = 0;
  for (char c : date)
    if (c >= '0' && c <= '9') n = n * 10 + static_cast<uint32_t>(c - '0');
  return n;
}

const std::string& today_iso() {
  thread_local std::time_t computed = -1;
  thread_local std::string today;
  std::time_t now = std::time(nullptr);
  if (now / 60 != computed) {
    computed = now / 60;
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[11];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    today = buf;
  }
  return today;
}

}  // namespace kb
