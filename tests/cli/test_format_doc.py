#!/usr/bin/python3
"""Every example of doc/FORMAT.md, run through the real `bulletin`.

    python3 tests/cli/test_format_doc.py --bin build/bulletin [--doc doc/FORMAT.md]

The format document marks its examples for this test:

- a fenced block whose info string is `text file=NAME` holds the text of a
  file NAME (a relative path; `dir/.bulletinrc` is a `.bulletinrc`). Every
  such file is written, exactly as shown, into one temporary directory;
- a fenced block whose info string is `console` is a check: its first line
  is `$ bulletin ARGS...` (split as a shell would), the lines after it are
  what the command prints on standard output, and an optional last line
  `(exit status N)` its exit status (0 when absent). The command runs in
  the temporary directory. Output that is one JSON value is compared as
  JSON (so the document may indent it for reading); other output line by
  line, exactly (trailing spaces aside).

Besides each example, the suite checks that the document covers the code:
every lint code of core/model/lintcode.c (the one table of codes the lint
passes report), every soundbite form of
core/model/doc.c and every highlight group of core/model/hl.c appears in
the output of some example; every file block is used by a check; and the
links to the document (README.md, doc/bulletin.txt, `bulletin --help`)
are there. The lint table of the document's section 11 lists the codes of
lintcode.c with their severities in its order, and no other C file of
core/ spells a lint code. A document with no example fails.

Prints one line per test and `N passed, N failed` last; exits 1 if any
failed.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

FENCE_RE = re.compile(r"^```(.*)$")
FILE_INFO_RE = re.compile(r"^text file=(\S+)$")
EXIT_RE = re.compile(r"^\(exit status (\d+)\)$")


def parse_doc(text):
    """Returns (files, checks, problems): files {name: (lineno, text)},
    checks [(lineno, argv, expected, status)], and the blocks that are
    marked but malformed."""
    files, checks, problems = {}, [], []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE_RE.match(lines[i])
        if not m:
            i += 1
            continue
        info, start = m.group(1).strip(), i + 1
        j = start
        while j < len(lines) and lines[j] != "```":
            j += 1
        if j >= len(lines):
            problems.append("line %d: fenced block never closed" % (start))
            break
        body = lines[start:j]
        fm = FILE_INFO_RE.match(info)
        if fm:
            name = fm.group(1)
            if name in files:
                problems.append("line %d: file %s defined twice" % (start, name))
            elif name.startswith("/") or ".." in name.split("/"):
                problems.append("line %d: file name %s must be relative" % (start, name))
            else:
                files[name] = (start, "\n".join(body) + "\n")
        elif info == "console":
            if not body or not body[0].startswith("$ bulletin"):
                problems.append("line %d: a console block must start with '$ bulletin'" % start)
            else:
                status = 0
                expected = body[1:]
                if expected and EXIT_RE.match(expected[-1]):
                    status = int(EXIT_RE.match(expected[-1]).group(1))
                    expected = expected[:-1]
                argv = shlex.split(body[0][2:])[1:]
                checks.append((start, argv, "\n".join(expected), status))
        i = j + 1
    return files, checks, problems


def as_json(text):
    try:
        return True, json.loads(text)
    except ValueError:
        return False, None


def norm_lines(text):
    out = [line.rstrip() for line in text.split("\n")]
    while out and out[-1] == "":
        out.pop()
    return out


def compare(expected, actual):
    """None when actual matches expected, else a description."""
    ej, ev = as_json(expected)
    if ej and expected.strip():
        aj, av = as_json(actual)
        if not aj:
            return "expected JSON, got:\n" + actual
        if ev != av:
            return "JSON differs; got:\n" + actual
        return None
    if norm_lines(expected) != norm_lines(actual):
        return "expected:\n%s\ngot:\n%s" % (expected, actual)
    return None


class Suite:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def result(self, name, problem):
        if problem is None:
            self.passed += 1
            print("ok    %s" % name)
        else:
            self.failed += 1
            print("FAIL  %s\n%s" % (name, "\n".join("      " + l for l in problem.split("\n"))))


def codes_in_source(path, pattern):
    with open(path, encoding="utf-8") as f:
        return set(re.findall(pattern, f.read()))


LINTCODE_RE = re.compile(r'\{\s*"([a-z]+(?:-[a-z]+)*)",\s*BL_SEV_(ERROR|WARNING|INFO),')


def lintcode_table():
    """[(code, severity)] of core/model/lintcode.c's table, in its order
    (severity as FORMAT.md writes it: error, warning, info)."""
    with open(os.path.join(ROOT, "core", "model", "lintcode.c"), encoding="utf-8") as f:
        return [(c, sev.lower()) for c, sev in LINTCODE_RE.findall(f.read())]


def format_lint_table(text):
    """[(code, severity)] of the table in FORMAT.md's section "11. Lint"."""
    m = re.search(r"^## 11\. Lint$(.*?)(?=^## )", text, re.M | re.S)
    if not m:
        return []
    return re.findall(r"^\| `([a-z-]+)` \| ([a-z]+) \|", m.group(1), re.M)


def compare_tables(documented, table):
    """None when the two [(code, severity)] lists are the same, else what
    differs."""
    if not table:
        return "no code found in core/model/lintcode.c"
    if documented == table:
        return None
    out = []
    doc_sev, code_sev = dict(documented), dict(table)
    for c in sorted(set(code_sev) - set(doc_sev)):
        out.append("not in FORMAT.md: %s" % c)
    for c in sorted(set(doc_sev) - set(code_sev)):
        out.append("not in lintcode.c: %s" % c)
    for c in sorted(set(doc_sev) & set(code_sev)):
        if doc_sev[c] != code_sev[c]:
            out.append("%s: FORMAT.md says %s, lintcode.c %s" % (c, doc_sev[c], code_sev[c]))
    dups = sorted(c for c in doc_sev if [d for d, _ in documented].count(c) > 1)
    dups += sorted(c for c in code_sev if [d for d, _ in table].count(c) > 1)
    out += ["listed twice: %s" % c for c in dups]
    if not out:
        out.append("order differs: FORMAT.md %s, lintcode.c %s"
                   % ([c for c, _ in documented], [c for c, _ in table]))
    return "\n".join(out)


# String literals that are lint codes but mean something else there.
OTHER_MEANING = {
    ("core/model/dialect.c", "chrome"): "the .bulletinrc key",
    ("core/rpc/rpcbuf.c", "chrome"): "a key of the config reply",
}


def stray_code_literals(codes):
    """None when no C file of core/ but lintcode.c spells a lint code as a
    string literal (outside comments and OTHER_MEANING), else where."""
    found = []
    for rel, text in sorted(dict(read_tree("core", ".c"), **read_tree("core", ".h")).items()):
        if rel == os.path.join("core", "model", "lintcode.c"):
            continue
        text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)
        for c in sorted(codes):
            if '"%s"' % c in text and (rel, c) not in OTHER_MEANING:
                found.append('%s: "%s"' % (rel, c))
    return None if codes and not found else "\n".join(found) or "no lint code to look for"


def read_tree(folder, ext):
    out = {}
    for dirpath, _, names in os.walk(os.path.join(ROOT, folder)):
        for n in names:
            if n.endswith(ext):
                p = os.path.join(dirpath, n)
                with open(p, encoding="utf-8", errors="replace") as f:
                    out[os.path.relpath(p, ROOT)] = f.read()
    return out


def architecture_names():
    """(test name, problem) pairs: every file, function and bl_ type that
    doc/ARCHITECTURE.md names in backticks exists in the code."""
    path = os.path.join(ROOT, "doc", "ARCHITECTURE.md")
    if not os.path.exists(path):
        return [("doc/ARCHITECTURE.md exists", "missing")]
    with open(path, encoding="utf-8") as f:
        tokens = set(re.findall(r"`([^`\n]+)`", f.read()))
    c_src = read_tree("core", ".c")
    c_all = dict(c_src, **read_tree("core", ".h"))
    lua = read_tree("lua", ".lua")
    bad_files, bad_funcs, bad_types = [], [], []
    nfiles = nfuncs = ntypes = 0
    for t in sorted(tokens):
        if re.fullmatch(r"[\w.-]+(/[\w.-]+)+\.(c|h|lua|md|py|vim)", t):
            nfiles += 1
            if not os.path.exists(os.path.join(ROOT, t)):
                bad_files.append(t)
            continue
        m = re.fullmatch(r"(?:(\w+)\.)?(\w+)\(\)", t)
        if m:
            nfuncs += 1
            mod, name = m.group(1), m.group(2)
            # a definition: at the start of a line, after its return type
            c_def = re.compile(r"^[A-Za-z_][\w \t*]*\b%s\s*\(" % re.escape(name), re.M)
            lua_def = re.compile(r"function\s+(?:M\.)?%s\s*\(" % re.escape(name))
            if mod not in (None, "M"):
                lua_files = [v for k, v in lua.items() if k.endswith("/%s.lua" % mod)]
                found = any(lua_def.search(v) for v in lua_files)
            else:
                found = (any(c_def.search(v) for v in c_src.values())
                         or any(lua_def.search(v) for v in lua.values()))
            if not found:
                bad_funcs.append(t)
            continue
        m = re.fullmatch(r"(?:struct )?(bl_\w+)(?:\.\w+)?", t)
        if m:
            ntypes += 1
            word = re.compile(r"\b%s\b" % re.escape(m.group(1)))
            if not any(word.search(v) for v in c_all.values()):
                bad_types.append(t)
    return [
        ("ARCHITECTURE.md: the %d files it names exist" % nfiles,
         None if nfiles and not bad_files else "missing: " + ", ".join(bad_files)),
        ("ARCHITECTURE.md: the %d functions it names are defined" % nfuncs,
         None if nfuncs and not bad_funcs else "not found: " + ", ".join(bad_funcs)),
        ("ARCHITECTURE.md: the %d bl_ names it uses exist" % ntypes,
         None if ntypes and not bad_types else "not found: " + ", ".join(bad_types)),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--doc", default=os.path.join(ROOT, "doc", "FORMAT.md"))
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    s = Suite()

    with open(args.doc, encoding="utf-8") as f:
        files, checks, problems = parse_doc(f.read())
    for p in problems:
        s.result("document markup", p)
    if not checks or not files:
        s.result("examples found", "no checked example in %s" % args.doc)
        print("%d passed, %d failed" % (s.passed, s.failed))
        return 1

    outputs = []  # (argv, stdout) of every check
    with tempfile.TemporaryDirectory(prefix="bulletin-format-doc-") as tmp:
        # A .bulletinrc above the directory would change the results.
        d = os.path.dirname(os.path.realpath(tmp))
        stray = None
        while True:
            if os.path.exists(os.path.join(d, ".bulletinrc")):
                stray = os.path.join(d, ".bulletinrc")
            if d == os.path.dirname(d):
                break
            d = os.path.dirname(d)
        s.result("no .bulletinrc above the example directory",
                 None if stray is None else "found %s; remove it to run this suite" % stray)
        for name, (_, text) in files.items():
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        used = set()
        for lineno, argv, expected, status in checks:
            used.update(a for a in argv if a in files)
            label = "FORMAT.md:%d: bulletin %s" % (lineno, " ".join(argv))
            p = subprocess.run([binary] + argv, cwd=tmp, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
            out = p.stdout.decode("utf-8", "replace")
            outputs.append((argv, out))
            problem = compare(expected, out)
            if problem is None and p.returncode != status:
                problem = "exit status %d, expected %d; stderr:\n%s" % (
                    p.returncode, status, p.stderr.decode("utf-8", "replace"))
            s.result(label, problem)
        unused = sorted(n for n in files if n not in used and not n.endswith(".bulletinrc"))
        s.result("every example file is used by a check",
                 None if not unused else "never run: " + ", ".join(unused))

    # The document covers what the code can say.
    model = os.path.join(ROOT, "core", "model")
    table = lintcode_table()
    lint_codes = set(c for c, _ in table)
    shown = set()
    for argv, out in outputs:
        if argv and argv[0] == "lint":
            shown.update(re.findall(r"\[([a-z-]+)\]$", out, re.M))
            shown.update(re.findall(r'"code": "([a-z-]+)"', out))
    missing = sorted(lint_codes - shown)
    s.result("an example for every lint code of lintcode.c (%d)" % len(lint_codes),
             None if lint_codes and not missing else "no example for: %s" % ", ".join(missing)
             if missing else "no lint code found in lintcode.c")
    with open(args.doc, encoding="utf-8") as f:
        documented = format_lint_table(f.read())
    s.result("the lint table of FORMAT.md is lintcode.c's: codes, severities, order (%d)"
             % len(table), compare_tables(documented, table))
    s.result("every lint code is spelled in lintcode.c only", stray_code_literals(lint_codes))
    # :help bulletin-lint lists the codes a diagnostic can carry
    with open(os.path.join(ROOT, "doc", "bulletin.txt"), encoding="utf-8") as f:
        m = re.search(r"set to the lint code \(([^)]*)\)", f.read())
    listed = re.findall(r"`([a-z-]+)`", m.group(1)) if m else []
    order = [c for c, _ in table]
    s.result(":help bulletin-lint lists lintcode.c's codes in its order (%d)" % len(order),
             None if listed == order else "doc/bulletin.txt lists %s" % listed)

    with open(os.path.join(model, "doc.c"), encoding="utf-8") as f:
        m = re.search(r"form_names\[BL_FORM_COUNT\]\s*=\s*\{([^}]*)\}", f.read())
    forms = set(re.findall(r'"([a-z_]+)"', m.group(1))) if m else set()
    shown_forms = set()
    for _, out in outputs:
        shown_forms.update(re.findall(r'"form": "([a-z_]+)"', out))
    missing = sorted(forms - shown_forms)
    s.result("an example for every soundbite form of doc.c (%d)" % len(forms),
             None if forms and not missing else "no example for: %s" % ", ".join(missing)
             if missing else "no form found in doc.c")

    groups = codes_in_source(os.path.join(model, "hl.c"), r'"(bulletin[A-Za-z]+)"')
    groups.discard("bulletinUnknown")  # the name of an out-of-range index
    shown_groups = set()
    for argv, out in outputs:
        if argv and argv[0] == "highlights":
            shown_groups.update(re.findall(r'"group": "(bulletin[A-Za-z]+)"', out))
    missing = sorted(groups - shown_groups)
    s.result("an example for every highlight group of hl.c (%d)" % len(groups),
             None if groups and not missing else "no example for: %s" % ", ".join(missing)
             if missing else "no group found in hl.c")

    for name, problem in architecture_names():
        s.result(name, problem)

    # Where users are sent to the document.
    for rel in ("README.md", os.path.join("doc", "bulletin.txt")):
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            has = "doc/FORMAT.md" in f.read()
        s.result("%s links to doc/FORMAT.md" % rel, None if has else "no mention of doc/FORMAT.md")
    p = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    s.result("bulletin --help names doc/FORMAT.md",
             None if b"doc/FORMAT.md" in p.stdout and p.returncode == 0
             else "not in the help text (exit %d)" % p.returncode)

    print("%d passed, %d failed" % (s.passed, s.failed))
    return 1 if s.failed else 0


if __name__ == "__main__":
    sys.exit(main())
