// Calendar dates as the knowledge base and the API write them: ISO YYYY-MM-DD, which compare
// correctly as strings.
//
// Thread-safety: all functions may be called from any thread.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kb {

// A real date in YYYY-MM-DD (2021-02-29 and 2021-13-45 are not).
bool is_iso_date(std::string_view date);

// Whether a rule effective [from, to) applies on `as_of`; an empty bound is open.
bool in_force(const std::string& from, const std::string& to, const std::string& as_of);

// A date as a number that orders like the date (20210413), for comparisons in hot loops; an
// empty bound is 0 (from) or the largest number (to).
uint32_t date_number(std::string_view date, bool upper_bound);
inline bool in_force(uint32_t from, uint32_t to, uint32_t as_of) { return from <= as_of && as_of < to; }

// Today in the server's local time zone, YYYY-MM-DD (recomputed once a minute per thread).
const std::string& today_iso();

}  // namespace kb
