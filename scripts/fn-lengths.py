#!/usr/bin/env python3
"""Lengths of the functions in src/ (ARCHITECTURE.md, "Functions a reader can hold").

Prints every function longer than LIMIT lines (default 100), longest first, then how many are over
100 and over 150. A function's length runs from its `fn` line to its closing brace, as clippy's
`too_many_lines` counts roughly (clippy skips blank and comment lines; this counts them, so it errs
long). Braces inside string and character literals and comments are ignored.

Usage: python3 scripts/fn-lengths.py [LIMIT]   (from the repository root)
"""
import os
import re
import sys

FN = re.compile(r"\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+\"[^\"]*\"\s+)?fn\s+(\w+)")
# Literals and comments whose braces do not count: raw strings, strings, chars, comments.
NOISE = re.compile(
    r'r(#*)"(?:.|\n)*?"\1'          # raw string r"…", r#"…"#
    r'|b?"(?:\\.|[^"\\])*"'          # string (with escapes), byte string
    r"|b?'(?:\\.|[^'\\])'"           # char or byte literal (not a lifetime)
    r"|//[^\n]*"                     # line comment
    r"|/\*(?:.|\n)*?\*/",            # block comment
    re.DOTALL,  # an escape may be a backslash before a newline (a string continued on the next line)
)


def blank_noise(text):
    """`text` with every literal and comment replaced by spaces, newlines kept (lines keep numbers)."""
    return NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def functions(path):
    """(length, name) of every function with a body in the file at `path`."""
    lines = blank_noise(open(path, encoding="utf-8").read()).split("\n")
    i = 0
    while i < len(lines):
        m = FN.match(lines[i])
        if not m:
            i += 1
            continue
        j, depth, started = i, 0, False
        while j < len(lines):
            for ch in lines[j]:
                if ch == "{":
                    depth += 1
                    started = True
                elif ch == "}":
                    depth -= 1
                if started and depth == 0:
                    break
            if started and depth == 0:
                break
            if not started and lines[j].rstrip().endswith(";"):
                break
            j += 1
        if started:
            yield j - i + 1, m.group(7)
            i += 1  # nested functions are counted too
        else:
            i += 1


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    found = []
    for root, _, files in os.walk("src"):
        for name in files:
            if name.endswith(".rs"):
                path = os.path.join(root, name)
                found += [(n, path, f) for n, f in functions(path)]
    found.sort(key=lambda r: (-r[0], r[1], r[2]))
    for n, path, f in found:
        if n > limit:
            print(n, path, f)
    print(sum(1 for r in found if r[0] > 100), "over 100;", sum(1 for r in found if r[0] > 150), "over 150")


if __name__ == "__main__":
    main()
