// FAQ sheets (kb/faq/): CSV per RFC 4180, encodings, XLSX, header names, the problems `indexer
// check` reports, and rows that answer their own questions through the whole pipeline.
#include "kb/faq_files.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "fixture.h"
#include "kb/sheet_table.h"
#include "kb/text_encoding.h"

namespace fs = std::filesystem;
using Cells = std::vector<std::vector<std::string>>;

namespace {

Cells cells(const kb::SheetTable& t) {
  Cells out;
  for (const auto& r : t.rows) out.push_back(r.cells);
  return out;
}

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> problem_lines(const std::vector<kb::Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.str());
  return out;
}

// A copy of the project's kb/ with `files` (name → bytes) in kb/faq/.
struct KbCopy {
  fs::path root = fs::temp_directory_path() / ("faq-sheets-" + std::to_string(::getpid()));
  fs::path kb = root / "kb";
  explicit KbCopy(const std::map<std::string, std::string>& files) {
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(KB_SOURCE_DIR, kb, fs::copy_options::recursive);
    fs::create_directories(kb / "faq");
    for (const auto& [name, bytes] : files) std::ofstream(kb / "faq" / name, std::ios::binary) << bytes;
  }
  ~KbCopy() { fs::remove_all(root); }
};

}  // namespace

TEST_CASE("faq sheets: CSV cells per RFC 4180", "[faq]") {
  struct Case {
    const char* csv;
    Cells rows;
  };
  const Case cases[] = {
      {"a,b\r\nc,d\r\n", {{"a", "b"}, {"c", "d"}}},
      {"a,\"b,c\"\n", {{"a", "b,c"}}},
      {"\"say \"\"hi\"\"\",x", {{"say \"hi\"", "x"}}},      // doubled quotes; no final line break
      {"\"line1\r\nline2\",z\n", {{"line1\nline2", "z"}}},  // a line break in a cell, kept as \n
      {"a,,c,\n", {{"a", "", "c", ""}}},
      {"a,b\n\nc,d", {{"a", "b"}, {""}, {"c", "d"}}},  // a blank row is a row
      {"ab\"c,d\n", {{"ab\"c", "d"}}},                 // a quote inside an unquoted cell is text
      {"\"ab\"c,d\n", {{"abc", "d"}}},                 // text after a closing quote is kept
      {"a\rb\r", {{"a"}, {"b"}}},                      // old Mac line ends
      {"\"\"\n", {{""}}},
      {"", {}},
  };
  for (const auto& c : cases) {
    INFO(c.csv);
    auto t = kb::parse_csv(c.csv);
    CHECK(t.error.empty());
    CHECK(cells(t) == c.rows);
  }
  // Rows are numbered as a spreadsheet shows them, whatever line breaks their cells hold.
  auto t = kb::parse_csv("h1,h2\n\"x\ny\nz\",1\nw,2\n");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[2].row == 3);
  t = kb::parse_csv("a,b\nc,\"never\nclosed");
  CHECK(t.error == "a quoted cell is never closed (a missing '\"')");
  CHECK(t.error_row == 2);
}

TEST_CASE("faq sheets: encodings are detected, anything else is refused", "[faq]") {
  struct Case {
    std::string bytes, encoding, text, error;
    int line;
  };
  const Case cases[] = {
      {"问题,答案\n", "UTF-8", "问题,答案\n", "", 0},
      {"\xEF\xBB\xBF问题,答案\n", "UTF-8 with BOM", "问题,答案\n", "", 0},
      {"\xCE\xCA\xCC\xE2,\xB4\xF0\xB0\xB8\n", "GB18030", "问题,答案\n", "", 0},  // GBK bytes
      {"\x95\x32\x82\x36", "GB18030", "\xF0\xA0\x80\x80", "", 0},  // a four-byte GB18030 sequence: U+20000
      {"question,answer\nq,caf\xE9\n", "", "", "the file is neither UTF-8 nor GB18030 (GBK); save it as UTF-8", 2},
      {"q,a\n\n\xFF", "", "", "the file is neither UTF-8 nor GB18030 (GBK); save it as UTF-8", 3},
      {std::string("\xFF\xFEq\0", 4), "", "", "the file is UTF-16; save it as UTF-8 (or GB18030)", 0},
      {std::string("q,a\nx\0", 6), "", "", "the file holds NUL bytes: it is not a text file", 2},
      {"\xEF\xBB\xBFq,\xCE\xCA", "", "", "the file starts with a UTF-8 byte-order mark but is not UTF-8", 1},
  };
  for (const auto& c : cases) {
    INFO(c.bytes);
    auto d = kb::decode_text(c.bytes);
    CHECK(d.encoding == c.encoding);
    CHECK(d.utf8 == c.text);
    CHECK(d.error == c.error);
    CHECK(d.error_line == c.line);
  }
}

TEST_CASE("faq sheets: headers in English or Chinese, cells trimmed, lists split", "[faq]") {
  auto s = kb::read_faq_sheet(
      "Question,答案, Similar questions ,ID,主题,source,Effective-From,备注\n"
      " 怎么办卡 ,\"先登记，\n再领卡\",\"办卡流程\n去哪办卡## 办卡要多久 "
      "\",card-1,办卡,https://example.org/a,2024/1/5,x\n"
      "\n"
      "q2,a2,,,,国家医保局 https://www.nhsa.gov.cn,2024-02-30 00:00:00,\n",
      "csv", "kb/faq/x.csv");
  CHECK(s.encoding == "UTF-8");
  using Column = std::pair<std::string, std::string>;
  CHECK(s.columns == std::vector<Column>{{"Question", "question"},
                                         {"答案", "answer"},
                                         {"Similar questions", "similar_questions"},
                                         {"ID", "id"},
                                         {"主题", "topic"},
                                         {"source", "source"},
                                         {"Effective-From", "effective_from"},
                                         {"备注", ""}});
  CHECK(problem_lines(s.problems) == std::vector<std::string>{"kb/faq/x.csv:1: unknown column '备注'"});
  REQUIRE(s.rows.size() == 2);
  const kb::FaqRow& r = s.rows[0];
  CHECK(r.row == 2);
  CHECK(r.question == "怎么办卡");
  CHECK(r.answer == "先登记，\n再领卡");
  CHECK(r.similar_questions == std::vector<std::string>{"办卡流程", "去哪办卡", "办卡要多久"});
  CHECK(r.id == "card-1");
  CHECK(r.topic == "办卡");
  CHECK(r.source == "https://example.org/a");
  CHECK(r.effective_from == "2024-01-05");
  CHECK(s.rows[1].row == 4);
  CHECK(s.rows[1].effective_from == "2024-02-30");  // normalised, and checked as a date later
  CHECK(
      kb::faq_row_json(r).dump() ==
      R"({"id":"card-1","question":"怎么办卡","similar_questions":["办卡流程","去哪办卡","办卡要多久"],)"
      R"("answer":"先登记，\n再领卡","topic":"办卡","source":"https://example.org/a","effective_from":"2024-01-05"})");
}

TEST_CASE("faq sheets: JSON Lines rows, and the lines indexer export writes", "[faq]") {
  auto s = kb::read_faq_sheet(
      "{\"问题\":\"q1\",\"answer\":\"a1\",\"similar_questions\":[\"s1\",\"s2\"],\"id\":7}\n"
      "\n"
      "{\"id\":\"e-1\",\"topic\":\"t\",\"questions\":[\"q3\",\"s3\"],\"answer\":\"a3\",\"colour\":1}\n"
      "[1,2]\n"
      "{\"question\":{\"x\":1},\"answer\":\"a\"}\n",
      "jsonl", "f.jsonl");
  CHECK(problem_lines(s.problems) == std::vector<std::string>{"f.jsonl:3: unknown column 'colour'",
                                                              "f.jsonl:4: not a JSON object",
                                                              "f.jsonl:5: 'question' must be text or a list of texts"});
  REQUIRE(s.rows.size() == 3);
  CHECK(s.rows[0].row == 1);
  CHECK(s.rows[0].question == "q1");
  CHECK(s.rows[0].similar_questions == std::vector<std::string>{"s1", "s2"});
  CHECK(s.rows[0].id == "7");
  CHECK(s.rows[1].row == 3);
  CHECK(s.rows[1].question == "q3");
  CHECK(s.rows[1].similar_questions == std::vector<std::string>{"s3"});
  CHECK(s.rows[1].answer == "a3");
}

TEST_CASE("faq sheets: a GB18030 CSV as Excel saves it", "[faq]") {
  auto s = kb::read_faq_file(fs::path(FIXTURES_DIR) / "faq/gb18030.csv", "gb18030.csv");
  CHECK(s.problems.empty());
  CHECK(s.encoding == "GB18030");
  REQUIRE(s.rows.size() == 2);
  CHECK(s.rows[0].row == 2);
  CHECK(s.rows[0].question == "医保卡丢了在哪补办");
  CHECK(s.rows[0].similar_questions == std::vector<std::string>{"社保卡掉了去哪里补", "医保卡遗失了如何补卡"});
  CHECK(s.rows[0].topic == "医保卡业务");
  CHECK(s.rows[0].source == "国家社会保险公共服务平台 https://si.12333.gov.cn");
  CHECK(s.rows[0].effective_from == "2024-01-05");
  CHECK(s.rows[1].answer.find("，\"出生当年\"参保的") != std::string::npos);
  CHECK(s.rows[1].similar_questions == std::vector<std::string>{"刚出生的宝宝怎么参保", "小孩出生后医保怎么上"});
}

TEST_CASE("faq sheets: an XLSX with multi-line cells", "[faq]") {
  auto s = kb::read_faq_file(fs::path(FIXTURES_DIR) / "faq/multiline.xlsx", "multiline.xlsx");
  CHECK(problem_lines(s.problems).empty());
  CHECK(s.format == "xlsx");
  REQUIRE(s.rows.size() == 2);
  const kb::FaqRow& a = s.rows[0];
  CHECK(a.row == 2);
  CHECK(a.question == "门诊慢特病怎么申请认定");
  CHECK(a.answer ==
        "带上诊断证明和近期病历，按下面的步骤办：\n1. 在当地医保App或经办窗口提交认定申请\n2. "
        "等待医疗机构评估\n3. 认定通过后门诊费用按慢特病待遇报销。");
  CHECK(a.similar_questions == std::vector<std::string>{"慢性病门诊待遇怎么办理", "高血压能办门诊慢特病吗"});
  CHECK(a.id == "mentebing");
  CHECK(a.effective_from == "2024-01-01");  // Excel's date number 45292
  const kb::FaqRow& b = s.rows[1];
  CHECK(b.row == 4);
  CHECK(b.question == "医保缴费年限不够怎么办");  // rich-text runs joined, the phonetic guide left out
  CHECK(b.answer == "缴费年限不够的，可以按当地规定补缴或延长缴费，\n补足后退休时享受职工医保待遇。");
  CHECK(b.similar_questions.empty());
  CHECK(b.id == "1002");
  // Not a workbook at all.
  auto bad = kb::read_faq_sheet("question,answer\n", "xlsx", "x.xlsx");
  CHECK(problem_lines(bad.problems) ==
        std::vector<std::string>{"x.xlsx:0: not an XLSX workbook (not a zip archive); save it as .xlsx or CSV"});
  CHECK(bad.encoding.empty());
}

TEST_CASE("faq sheets: ids of rows without one are stable and valid", "[faq]") {
  CHECK(kb::faq_row_id("common", 7) == "faq-common-7");
  CHECK(kb::faq_row_id("My FAQ_2024", 2) == "faq-my-faq-2024-2");
  const std::string chinese = kb::faq_row_id("医保问答", 3);
  CHECK(chinese.size() == std::string("faq-12345678-3").size());
  CHECK(chinese == kb::faq_row_id("医保问答", 3));
  CHECK(chinese != kb::faq_row_id("医保常见问题", 3));
  CHECK(kb::faq_row_id("2024版", 2).rfind("faq-2024-", 0) == 0);
}

TEST_CASE("faq sheets: indexer check reports bad rows as file:row: message", "[faq]") {
  KbCopy copy({{"bad.csv",
                "question,answer,id,effective_from,colour\n"
                ",an answer,,,\n"
                "a question,,,,\n"
                "医保卡余额在哪查,dup,,,\n"
                "q5,a5,Bad_ID,,\n"
                "q6,a6,,2024-02-30,\n"
                "q7,a7,dup-id,,\n"
                "q8,a8,dup-id,,\n"
                "Q7,a9,bq-overview,,\n"},
               {"latin1.csv", "question,answer\nq,caf\xE9\n"},
               {"notes.txt", "x"},
               {"~$open.xlsx", "an Excel lock file"}});
  auto r = kb::load_knowledge_base(copy.kb.string());
  CHECK(problem_lines(r.problems) ==
        std::vector<std::string>{
            "kb/faq/bad.csv:1: unknown column 'colour'",
            "kb/faq/bad.csv:2: missing question",
            "kb/faq/bad.csv:3: missing answer",
            "kb/faq/bad.csv:4: question '医保卡余额在哪查' is also under bq-overview (kb/entries/balance.yaml:5)",
            "kb/faq/bad.csv:5: id 'Bad_ID' must be lowercase letters, digits and '-'",
            "kb/faq/bad.csv:6: effective_from '2024-02-30' is not a date (YYYY-MM-DD)",
            "kb/faq/bad.csv:8: duplicate id dup-id (first at kb/faq/bad.csv:7)",
            "kb/faq/bad.csv:9: duplicate id bq-overview (first at kb/entries/balance.yaml:5)",
            "kb/faq/bad.csv:9: question 'Q7' is also under dup-id (kb/faq/bad.csv:7)",
            "kb/faq/latin1.csv:2: the file is neither UTF-8 nor GB18030 (GBK); save it as UTF-8",
            "kb/faq/notes.txt:0: not an FAQ file: FAQ files are .csv, .jsonl or .xlsx",
        });
}

// The acceptance of issue 14: a CSV saved as GB18030 and an XLSX with multi-line cells, in a
// knowledge base, answer their own questions.
TEST_CASE("faq sheets: rows answer their own questions", "[faq]") {
  const fs::path fixtures = fs::path(FIXTURES_DIR) / "faq";
  KbCopy copy(
      {{"gb18030.csv", file_bytes(fixtures / "gb18030.csv")},
       {"multiline.xlsx", file_bytes(fixtures / "multiline.xlsx")},
       {"more.jsonl",
        "{\"question\":\"医保药品目录在哪里查\",\"answer\":\"在国家医保服务平台App的目录查询里按药品名称查。\"}\n"}});
  auto loaded = kb::load_knowledge_base(copy.kb.string());
  CHECK(problem_lines(loaded.problems).empty());
  const std::string db = test::temp_path("faq-sheets");
  kb::build_store(loaded.kb, db);
  {
    const kb::Store store(db);
    const kb::Answerer answerer(store);
    struct Case {
      std::string question, entry, topic;
    };
    const Case cases[] = {
        {"医保卡丢了在哪补办", "faq-gb18030-2", "医保卡业务"}, {"社保卡掉了去哪里补", "faq-gb18030-2", "医保卡业务"},
        {"新生儿怎么办理医保", "faq-gb18030-3", "医保卡业务"}, {"门诊慢特病怎么申请认定", "mentebing", "faq"},
        {"高血压能办门诊慢特病吗", "mentebing", "faq"},        {"医保缴费年限不够怎么办", "1002", "faq"},
        {"医保药品目录在哪里查", "faq-more-1", "faq"},
    };
    for (const auto& c : cases) {
      INFO(c.question);
      kb::AskRequest req;
      req.question = c.question;
      req.as_of = "2025-01-01";
      auto resp = answerer.ask(req);
      CHECK(resp.entry_id == c.entry);
      CHECK(resp.topic == c.topic);
      CHECK(resp.verdict == "info");
    }
    auto topics = store.topic_counts();
    CHECK(topics["医保卡业务"] == 2);
    CHECK(topics["faq"] == 3);
    const auto entry = store.entry(*store.entry_index("faq-gb18030-2"));
    CHECK(entry->kind == kb::kFaqEntry);
    REQUIRE(entry->sources.size() == 1);
    CHECK(entry->sources[0].title == "国家社会保险公共服务平台");
    CHECK(entry->sources[0].url == "https://si.12333.gov.cn");
  }
  fs::remove(db);
}

// An office's own question, asked as the sheet words it, is the sheet's: an FAQ row that shares
// every term with a rule scored the same, and the rule (the earlier entry) answered.
TEST_CASE("faq sheets: a question asked exactly as a row words it is that row's", "[faq]") {
  const std::map<std::string, std::string> files = {
      {"office.csv", "问题,答案\n医保卡密码忘了怎么办,带身份证到社保卡服务网点重置密码。\n"}};
  KbCopy copy(files);
  auto loaded = kb::load_knowledge_base(copy.kb.string());
  CHECK(problem_lines(loaded.problems).empty());
  const std::string db = test::temp_path("faq-exact");
  kb::build_store(loaded.kb, db);
  {
    const kb::Store store(db);
    const kb::Answerer answerer(store);
    kb::AskRequest req;
    req.as_of = "2025-01-01";
    for (const char* q : {"医保卡密码忘了怎么办", "医保卡密码忘了怎么办？", " 医保卡密码忘了怎么办 "}) {
      INFO(q);
      req.question = q;
      CHECK(answerer.ask(req).entry_id == "faq-office-2");
    }
  }
  fs::remove(db);
}
