#include "kb/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "kb/text.h"

namespace kb {
namespace {

constexpr char32_t kFirstHan = 0x3400, kLastHan = 0x9FFF;  // CJK Ext-A and the Unified block

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !t) throw std::runtime_error(std::string("ICU transliterator unavailable: ") + id);
  return t;
}

// Dense table over the Han range: 0 means "unchanged".
struct SimplifiedTable {
  std::vector<char32_t> map;
  SimplifiedTable() : map(kLastHan - kFirstHan + 1, 0) {
    auto t = make_transliterator("Traditional-Simplified");
    for (char32_t c = kFirstHan; c <= kLastHan; ++c) {
      icu::UnicodeString s(static_cast<UChar32>(c));
      t->transliterate(s);
      if (s.countChar32() == 1 && static_cast<char32_t>(s.char32At(0)) != c)
        map[c - kFirstHan] = static_cast<char32_t>(s.char32At(0));
    }
  }
};

struct PinyinTable {
  std::vector<std::string> map;
  PinyinTable() : map(kLastHan - kFirstHan + 1) {
    auto t = make_transliterator("Han-Latin; Latin-ASCII; Lower");
    for (char32_t c = kFirstHan; c <= kLastHan; ++c) {
      icu::UnicodeString s(static_cast<UChar32>(c));
      t->transliterate(s);
      std::string out;
      s.toUTF8String(out);
      bool ascii = !out.empty();
      for (char ch : out) ascii = ascii && ch >= 'a' && ch <= 'z';
      if (ascii) map[c - kFirstHan] = std::move(out);
    }
  }
};

const SimplifiedTable& simplified_table() {
  static const SimplifiedTable table;
  return table;
}

const icu::Normalizer2& nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  // ICU documents Normalizer2 singletons as immutable and thread-safe.
  static const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (!n) throw std::runtime_error("ICU NFKC_Casefold unavailable");
  return *n;
}

bool keeps(char32_t c) {
  if (is_han(c) || is_ascii_alnum(c)) return true;
  // Other letters and digits (e.g. Latin with accents) are kept; everything else separates words.
  return u_isalnum(static_cast<UChar32>(c)) && !u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_EMOJI);
}

}  // namespace

char32_t to_simplified(char32_t c) {
  if (c < kFirstHan || c > kLastHan) return c;
  char32_t s = simplified_table().map[c - kFirstHan];
  return s ? s : c;
}

const std::string& han_pinyin(char32_t c) {
  static const PinyinTable table;
  static const std::string empty;
  if (c < kFirstHan || c > kLastHan) return empty;
  return table.map[c - kFirstHan];
}

namespace {
// Text that is already normal form (lowercase ASCII letters and digits, single spaces, simplified
// Han from the unified block) needs no ICU pass: the indexer feeds FTS5 such text, and ICU's
// normaliser was the largest single cost of writing a million entries.
bool already_normal(const std::u32string& u) {
  if (u.empty() || u.front() == U' ' || u.back() == U' ') return u.empty();
  char32_t prev = 0;
  for (char32_t c : u) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == U' ' && prev != U' ') ||
              (c >= 0x4E00 && c <= 0x9FFF && to_simplified(c) == c);
    if (!ok) return false;
    prev = c;
  }
  return true;
}
}  // namespace

std::u32string normalize(std::string_view utf8) {
  if (is_valid_utf8(utf8)) {
    std::u32string u = to_u32(utf8);
    if (already_normal(u)) return u;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString src =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString folded = nfkc_casefold().normalize(src, status);
  if (U_FAILURE(status)) folded = src;
  std::u32string out;
  out.reserve(static_cast<size_t>(folded.length()));
  bool pending_space = false;
  for (int32_t i = 0; i < folded.length();) {
    auto c = static_cast<char32_t>(folded.char32At(i));
    i = folded.moveIndex32(i, 1);
    if (keeps(c)) {
      if (pending_space && !out.empty()) out.push_back(U' ');
      pending_space = false;
      out.push_back(to_simplified(c));
    } else {
      pending_space = true;
    }
  }
  return out;
}

std::string normalize_utf8(std::string_view utf8) { return to_utf8(normalize(utf8)); }

}  // namespace kb
