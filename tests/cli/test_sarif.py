#!/usr/bin/python3
"""`bulletin lint --format sarif` (issue 11, "Whole archives"): one SARIF
2.1.0 log for code scanning in CI, and the example .pre-commit-hooks.yaml
(stdlib unittest).

    python3 tests/cli/test_sarif.py --bin build/bulletin [--asan-bin build/bulletin_asan]

The structure is checked with the json module against the required
properties of the SARIF 2.1.0 JSON schema written out below (the schema is
not vendored), and every result against `bulletin lint --format json`,
with columns converted from bytes to code points here. Every test runs per
binary (the ASan/UBSan build too, when given). Prints `N passed, N failed`
last; exits 1 if anything failed.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import common
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = sorted(glob.glob(os.path.join(ROOT, "tests", "corpus", "data", "*.txt")))
SANITIZER_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          r"runtime error:")

# The SARIF 2.1.0 schema (sarif-schema-2.1.0.json), its "required" lists
# and the enums and minimums this output uses.
REQUIRED = {
    "sarifLog": ["version", "runs"],
    "run": ["tool"],
    "tool": ["driver"],
    "toolComponent": ["name"],
    "reportingDescriptor": ["id"],
    "result": ["message"],
    "message": [],  # oneOf: text or id
    "artifactLocation": [],
    "region": [],
}
LEVELS = {"none", "note", "warning", "error"}
COLUMN_KINDS = {"utf16CodeUnits", "unicodeCodePoints"}
SEVERITY_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def codepoint_col(line_bytes, byte_col):
    """1-based code point column of a byte column (a stray byte is one)."""
    return len(line_bytes[:byte_col].decode("utf-8", "replace")) + 1


class Sarif(unittest.TestCase):
    BIN = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bl-sarif-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_bin(self, *args):
        p = subprocess.run([self.BIN, *args], capture_output=True, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        self.assertIsNone(SANITIZER_RE.search(err), err)
        return p.returncode, p.stdout, err

    def has_required(self, obj, kind):
        self.assertIsInstance(obj, dict, kind)
        for key in REQUIRED[kind]:
            self.assertIn(key, obj, "%s lacks %s" % (kind, key))

    def check_structure(self, log):
        self.has_required(log, "sarifLog")
        self.assertEqual(log["version"], "2.1.0")
        self.assertIsInstance(log["runs"], list)
        self.assertEqual(len(log["runs"]), 1)
        run = log["runs"][0]
        self.has_required(run, "run")
        self.has_required(run["tool"], "tool")
        driver = run["tool"]["driver"]
        self.has_required(driver, "toolComponent")
        self.assertEqual(driver["name"], "bulletin")
        self.assertIn(run.get("columnKind", "utf16CodeUnits"), COLUMN_KINDS)
        ids = []
        for rule in driver["rules"]:
            self.has_required(rule, "reportingDescriptor")
            self.assertIsInstance(rule["shortDescription"]["text"], str)
            self.assertIn(rule["defaultConfiguration"]["level"], LEVELS)
            ids.append(rule["id"])
        self.assertEqual(len(ids), len(set(ids)))  # ids are unique
        for res in run["results"]:
            self.has_required(res, "result")
            self.assertIsInstance(res["message"]["text"], str)
            self.assertIn(res["level"], LEVELS)
            self.assertEqual(driver["rules"][res["ruleIndex"]]["id"], res["ruleId"])
            self.assertEqual(len(res["locations"]), 1)
            phys = res["locations"][0]["physicalLocation"]
            uri = phys["artifactLocation"]["uri"]
            self.assertRegex(uri, r"^[A-Za-z0-9\-._~/%]+$")  # a URI reference, encoded
            reg = phys["region"]
            self.assertGreaterEqual(reg["startLine"], 1)
            self.assertGreaterEqual(reg["startColumn"], 1)
            self.assertGreaterEqual(reg["endColumn"], reg["startColumn"])
        return run

    def test_rules_are_the_format_lint_codes(self):
        with open(os.path.join(ROOT, "doc", "FORMAT.md"), encoding="utf-8") as f:
            table = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", f.read(), re.M)
        self.assertGreaterEqual(len(table), 15)
        code, out, _ = self.run_bin("lint", "--format", "sarif", CORPUS[0])
        rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
        self.assertEqual([(r["id"], r["defaultConfiguration"]["level"]) for r in rules],
                         [(c, SEVERITY_LEVEL[s]) for c, s in table])

    def test_corpus_results_match_lint_json(self):
        code, out, err = self.run_bin("lint", "--format", "sarif", *CORPUS)
        run = self.check_structure(json.loads(out))
        code2, out2, err2 = self.run_bin("lint", "--format", "json", *CORPUS)
        self.assertEqual((code, err), (code2, err2))  # same exit status and summary
        want = []
        for line in out2.decode().replace("}\n{", "}\x00{").split("\x00"):
            doc = json.loads(line)
            with open(doc["file"], "rb") as f:
                lines = f.read().split(b"\n")
            for d in doc["diagnostics"]:
                text = lines[d["line"] - 1].rstrip(b"\r")
                want.append((doc["file"], d["line"], codepoint_col(text, d["col"]),
                             codepoint_col(text, max(d["end_col"], d["col"])), d["code"],
                             SEVERITY_LEVEL[d["severity"]], d["message"]))
        got = []
        for res in run["results"]:
            loc = res["locations"][0]["physicalLocation"]
            got.append((urllib.parse.unquote(loc["artifactLocation"]["uri"]),
                        loc["region"]["startLine"], loc["region"]["startColumn"],
                        loc["region"]["endColumn"], res["ruleId"], res["level"],
                        res["message"]["text"]))
        self.assertEqual(got, want)
        self.assertGreater(len(got), 10)

    def test_hangul_columns_and_odd_names(self):
        path = os.path.join(self.tmp, "뉴스 #1.txt")
        with open(path, "wb") as f:
            f.write("[LEAD] 가나다\n가나다 text\n\n\u3000[REPROT]\n".encode())
        code, out, err = self.run_bin("lint", "--format", "sarif", path)
        run = self.check_structure(json.loads(out))
        regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]
                   for r in run["results"]}
        # "[LEAD] 가나다": the text after the tag is code points 7-10 (bytes 6-15);
        # U+3000 is one code point (three bytes) before [REPROT].
        self.assertEqual(regions, {
            "tag-not-alone": {"startLine": 1, "startColumn": 7, "endColumn": 11},
            "unknown-tag": {"startLine": 4, "startColumn": 2, "endColumn": 10}})
        loc = run["results"][1]["locations"][0]["physicalLocation"]
        self.assertEqual(loc["artifactLocation"]["uri"], urllib.parse.quote(path))
        self.assertEqual(code, 1)

    def test_no_findings_and_stdin(self):
        p = subprocess.run([self.BIN, "lint", "--format", "sarif", "-"], input=b"[LEAD]\nText.\n",
                           capture_output=True, timeout=60)
        log = json.loads(p.stdout)
        self.check_structure(log)
        self.assertEqual(log["runs"][0]["results"], [])
        p = subprocess.run([self.BIN, "lint", "--format", "sarif", "-"],
                           input=b"[LEAD]\nText.\n[REPROT]\nx\n", capture_output=True, timeout=60)
        res = json.loads(p.stdout)["runs"][0]["results"]
        self.assertEqual(res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                         "stdin")

    def test_pre_commit_hook(self):
        """The example hook: the keys pre-commit requires (id, name, entry,
        language), and its entry and files pattern lint a bulletin."""
        with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
            lines = [ln for ln in f.read().splitlines() if ln and not ln.startswith("#")]
        self.assertTrue(lines[0].startswith("- id: "))
        hook = {}
        for ln in lines:
            k, _, v = ln.lstrip("- ").partition(": ")
            hook[k] = v.strip("'")
        self.assertEqual(hook["id"], "bulletin-lint")
        for key in ("name", "entry", "language", "files"):
            self.assertIn(key, hook)
        self.assertEqual(hook["entry"], "bulletin lint")
        self.assertEqual(hook["language"], "system")
        self.assertTrue(re.search(hook["files"], "desk/today.bulletin"))
        self.assertFalse(re.search(hook["files"], "README.md"))
        bad = os.path.join(self.tmp, "bad.bulletin")
        with open(bad, "w") as f:
            f.write("[LEAD]\nText.\n[REPROT]\nx\n")
        argv = hook["entry"].split()
        code, _, err = self.run_bin(*argv[1:], bad)  # pre-commit appends the file names
        self.assertEqual(code, 1, err)
        self.assertIn("unknown-tag", err + _.decode())


if __name__ == "__main__":
    sys.exit(common.main([Sarif]))
