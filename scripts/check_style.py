#!/usr/bin/env python3
"""Checks what review asks of the code and a compiler does not:

- no function in kb/src and server/ longer than MAX_FUNCTION_LINES (signature to closing brace);
- Han script inside string literals only in kb/src/grammar.cpp, at most MAX_GRAMMAR_LINES lines
  (every other word or sentence an editor may change lives in kb/).

Usage: scripts/check_style.py [ROOT]. Prints one line per problem; exit 1 if any."""
import pathlib
import re
import sys

MAX_FUNCTION_LINES = 60
MAX_GRAMMAR_LINES = 20
GRAMMAR_FILE = "kb/src/grammar.cpp"
CHECKED = ("kb/src", "kb/include", "server")
HAN = re.compile(r"[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                 r"\U00020000-\U0003134f]")
CONTROL = {"if", "for", "while", "switch", "catch", "do", "else", "try", "return"}


def strip(text):
    """The source with comments removed and every literal replaced by a placeholder of the same
    lines, plus the literals found: [(line, text)]."""
    out, literals, i, line = [], [], 0, 1
    while i < len(text):
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = len(text) if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            line += text.count("\n", i, j)
            i = j
        elif re.match(r'(?:u8|u|U|L)?R"', text[i:i + 4]):
            m = re.match(r'(?:u8|u|U|L)?R"([^(]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i + m.end())
            body = text[i:end]
            literals.append((line, body))
            out.append('""' + "\n" * body.count("\n"))
            line += body.count("\n")
            i = end + len(m.group(1)) + 2
        elif c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            literals.append((line, text[i:j + 1]))
            out.append('""')
            i = j + 1
        else:
            if c == "\n":
                line += 1
            out.append(c)
            i += 1
    return "".join(out), literals


def functions(code):
    """(first line, last line) of every function body defined at namespace or class scope."""
    found, stack, statement_start, statement = [], [], 1, ""
    line = 1
    for ch in code:
        if ch == "\n":
            line += 1
        if ch == "{":
            head = statement.strip()
            words = re.findall(r"[A-Za-z_]\w*", head)
            in_function = any(kind == "function" for kind, _ in stack)
            is_function = (not in_function and ")" in head and "=" not in head.split("(")[0]
                           and not (words and words[0] in CONTROL) and not head.startswith("namespace"))
            stack.append(("function" if is_function else "block", statement_start if is_function else line))
            statement, statement_start = "", line
        elif ch == "}":
            if stack:
                kind, start = stack.pop()
                if kind == "function":
                    found.append((start, line))
            statement, statement_start = "", line
        elif ch == ";":
            statement, statement_start = "", line
        else:
            if not statement.strip() and not ch.isspace():
                statement_start = line
            statement += ch
    return found


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    problems = []
    for folder in CHECKED:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".cpp", ".h"):
                continue
            rel = path.relative_to(root).as_posix()
            code, literals = strip(path.read_text(encoding="utf-8"))
            for start, end in functions(code):
                if end - start + 1 > MAX_FUNCTION_LINES:
                    problems.append(f"{rel}:{start}: function of {end - start + 1} lines (at most {MAX_FUNCTION_LINES})")
            han_lines = sorted({line for line, lit in literals if HAN.search(lit)})
            if rel == GRAMMAR_FILE:
                if len(han_lines) > MAX_GRAMMAR_LINES:
                    problems.append(f"{rel}: {len(han_lines)} lines of Chinese (at most {MAX_GRAMMAR_LINES})")
            else:
                problems += [f"{rel}:{n}: Chinese text in code (words and sentences belong in kb/)" for n in han_lines]
    for p in problems:
        print(p)
    print(f"style: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
