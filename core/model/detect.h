/* detect: is a .txt file a bulletin? The test of ftdetect/bulletin.vim,
 * in C, for the command line's directory walk (`bulletin ... -r DIR`).
 *
 * A *.txt file is a bulletin when one of its first 30 lines matches the
 * signs below (the Vim patterns of ftdetect/bulletin.vim, matched with
 * Vim's semantics: `\s` is a space or a tab, `\d` an ASCII digit, `\>`
 * an end of word by Vim's character classes), after a lead of spaces,
 * tabs and the invisible characters U+00A0 U+2007 U+202F U+3000 U+200B
 * U+200C U+200D U+2060 U+FEFF:
 *   - `date YYYY-MM-DD` ending a word;
 *   - `입력`, spaces, then `YYYY[-.]MM[-.]DD`;
 *   - `[LEAD]`, `[REPORT]`, `[Anchor Lead]`, `[Anchor]`, `[Pkg]` or
 *     `[Report]`, then only spaces and tabs to the end of the line;
 *   - `[News]`, spaces, `l`, spaces, `YYYY-MM-DD` ending a word;
 *   - `[News Today]`, spaces, then any other character;
 *   - `Report:` on a line after one that starts (after the lead) with
 *     `Anchor:`.
 * Lines are split as Vim reads them with 'fileformats' "unix,dos": at
 * "\n", with the "\r" before each "\n" dropped only when every "\n" of
 * the text has one (a lone "\r" does not end a line). Text that is not
 * valid UTF-8 is read as Latin-1, as Vim's 'fileencodings' falls back to.
 *
 * Vim decides the line ends and the encoding on the whole file; the
 * caller hands in the first bytes (the walk reads 64 KiB), and a file
 * whose first 30 lines are longer than that is judged on what was read.
 * UTF-16 files (which Vim decodes after a BOM) are not bulletins here.
 *
 * Ownership: the text is borrowed for the call. */
#pragma once

#include <stddef.h>

/* The number of lines the test looks at (ftdetect's getline(1, 30)). */
#define BL_DETECT_LINES 30

/* 1 when text[0, len) (the start of a file) looks like a bulletin, else 0. */
int bl_detect_text(const char *text, size_t len);

/* 1 when the file name (its last path component) is one that Vim's own
 * filetype detection gives another filetype than "text" before
 * ftdetect/bulletin.vim runs (CMakeLists.txt, requirements.txt, ...), so
 * that the file is never a bulletin; else 0. */
int bl_detect_other_txt(const char *basename);
