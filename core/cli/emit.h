/* emit: writers for the command-line tool's output formats.
 *
 * Every writer streams to a stdio FILE (buffered by the caller) and never
 * keeps a copy of the document. Strings from the model are written as they
 * are, with three exceptions that hold in every format:
 *   - one trailing "\r" (a CRLF file's line end) is never part of a string;
 *   - JSON and CSV output is always valid UTF-8: each byte that is not part
 *     of a well-formed UTF-8 sequence becomes U+FFFD;
 *   - text and quickfix output replace control characters (C0 and DEL) by
 *     "?" and tabs by a space, so that one record stays on one line.
 *
 * Ownership: writers borrow every argument for the call only. All return 0
 * or BL_EIO when the stream reports a write error (bl_emit_supers_row() may
 * also return BL_ENOMEM). */
#pragma once

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "lint.h"

/* ---- low-level pieces ---- */

/* Writes s[0, len) as a JSON string literal, quotes included: `"` and `\`
 * escaped, control characters as \n, \t, ... or \u00XX, invalid UTF-8
 * bytes as U+FFFD. A NULL s writes `null`. */
int bl_emit_json_str(FILE *out, const char *s, size_t len);
/* The same for a NUL-terminated string (or NULL), without a trailing "\r". */
int bl_emit_json_cstr(FILE *out, const char *s);

/* Writes one CSV field (RFC 4180): quoted when it contains a comma, a
 * quote, CR or LF, or starts or ends with a space; inner quotes doubled;
 * invalid UTF-8 bytes as U+FFFD. NULL writes an empty field. */
int bl_emit_csv_field(FILE *out, const char *s);
/* Ends a CSV record with CRLF, as RFC 4180 says. */
int bl_emit_csv_end(FILE *out);

/* Writes s for a terminal or a quickfix list: control characters as "?",
 * tabs as one space (bl_term_write(), term.h, which also cleans every
 * message on stderr), no trailing "\r". NULL writes nothing. */
int bl_emit_text(FILE *out, const char *s);

/* ---- outline ---- */

/* Options shared by the document writers. */
typedef struct {
    const char *file; /* the name shown for the document ("<stdin>" for -) */
    int compact;      /* JSON: 1 = one line, 0 = 2-space indented */
} bl_emit_opts;

/* The outline object of BULLETIN-FORMAT.md §5: version, file, meta, items,
 * keys in that order. Ends with a newline. */
int bl_emit_outline_json(FILE *out, bl_doc *doc, const bl_emit_opts *opts);
/* An indented tree: the file, its meta, one line per item with its line
 * range, indented two spaces per level. */
int bl_emit_outline_text(FILE *out, bl_doc *doc, const bl_emit_opts *opts);
/* One `file:line:col: text` line per item (col is 1), for Vim's quickfix
 * list (errorformat `%f:%l:%c: %m`). */
int bl_emit_outline_qf(FILE *out, bl_doc *doc, const bl_emit_opts *opts);

/* ---- lint ---- */

/* Compiler style: `file:line:col: severity: message [code]` (line and col
 * 1-based, col counted in bytes) and, when there is one, a second line
 * `  suggestion: ...`. */
int bl_emit_lint_text(FILE *out, const bl_diags *diags, const bl_emit_opts *opts);
/* One line per diagnostic, `file:line:col: severity: message [code]`, the
 * suggestion appended in parentheses. */
int bl_emit_lint_qf(FILE *out, const bl_diags *diags, const bl_emit_opts *opts);
/* {"version": 1, "file": ..., "diagnostics": [{"line" (1-based), "col",
 * "end_col" (0-based bytes, end exclusive), "severity", "code", "message",
 * "suggestion" (or null)}]}. */
int bl_emit_lint_json(FILE *out, const bl_diags *diags, const bl_emit_opts *opts);

/* ---- quotes ---- */

/* BL_EMIT_SARIF: lint only, written by sarif.c. */
typedef enum { BL_EMIT_JSON, BL_EMIT_TEXT, BL_EMIT_QF, BL_EMIT_CSV, BL_EMIT_SARIF } bl_emit_format;

/* One soundbite record, borrowed. */
typedef struct {
    const char *file;
    int32_t line; /* 1-based */
    const char *form;
    const char *speaker; /* NULL: none */
    const char *role;
    const char *quote;
    int rstr; /* speaker and role are reported strings (rstr.h): written whole,
                 NUL bytes included (§7.5); 0: up to their NUL */
} bl_emit_quote;

/* The quotes listing is one table over all files: call _begin once, _row
 * per soundbite, _end once. JSON: one array of objects {file, line, form,
 * speaker, role, quote}; CSV: a header row then one row per soundbite;
 * text: `file:line: [form] Speaker / Role: quote`. */
int bl_emit_quotes_begin(FILE *out, bl_emit_format fmt);
int bl_emit_quotes_row(FILE *out, bl_emit_format fmt, const bl_emit_quote *q, int first);
int bl_emit_quotes_end(FILE *out, bl_emit_format fmt, size_t rows);

/* The supers listing (distinct captions): the same begin/row/end shape.
 * JSON: array of {caption, speaker, role, file, line}; CSV: header row
 * `caption,speaker,role,file,line`; text: the caption alone,
 * `Name / Role` (or `Name` when the role is null). */
int bl_emit_supers_begin(FILE *out, bl_emit_format fmt);
int bl_emit_supers_row(FILE *out, bl_emit_format fmt, const bl_emit_quote *q, int first);
int bl_emit_supers_end(FILE *out, bl_emit_format fmt, size_t rows);

/* ---- folds, highlights ---- */

/* A JSON array of the fold level of every line, on one line. */
int bl_emit_folds_json(FILE *out, bl_doc *doc);
/* A JSON array of highlight spans, one per line of output:
 * {"line": L (1-based), "col": C, "end_col": E (0-based bytes, end
 * exclusive), "group": "bulletinSpeaker"}. */
int bl_emit_highlights_json(FILE *out, bl_doc *doc);
