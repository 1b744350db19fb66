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
 * This module holds the pieces and the types every writer shares; the
 * writers are in emitdoc.h (outline, folds, highlights: one document each)
 * and emitrows.h (lint findings, the quotes and supers tables).
 *
 * Ownership: writers borrow every argument for the call only. All return 0
 * or BL_EIO when the stream reports a write error (bl_emit_supers_row() may
 * also return BL_ENOMEM). */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/* Escapes p[i, ...) into dst as the inside of a JSON string, stopping at
 * the first sequence boundary at or after stop (<= len). dst needs room
 * for 6 bytes per input byte. Sets *next to where it stopped; returns the
 * end of what it wrote. */
char *bl_emit_json_escape(char *dst, const unsigned char *p, size_t len, size_t i, size_t stop,
                          size_t *next);
/* One CSV field of s[0, len) (NUL bytes included), as bl_emit_csv_field(). */
int bl_emit_csv_field_n(FILE *out, const char *s, size_t len);
/* Writes `"key": ` then value as bl_emit_json_cstr() does (NULL: null). */
void bl_emit_json_kv(FILE *out, const char *key, const char *value);
/* The same for a reported string (rstr.h): whole, NUL bytes included
 * (escaped \u0000, §7.5 of the format). */
void bl_emit_json_kvr(FILE *out, const char *key, const char *value);
/* Length of s[0, len) without one trailing "\r". */
size_t bl_emit_strip_cr(const char *s, size_t len);
/* 0, or BL_EIO when out has its error flag set. */
int bl_emit_status(FILE *out);

/* ---- the types the writers share ---- */

/* BL_EMIT_SARIF: lint only, written by sarif.c. */
typedef enum { BL_EMIT_JSON, BL_EMIT_TEXT, BL_EMIT_QF, BL_EMIT_CSV, BL_EMIT_SARIF } bl_emit_format;

/* Options shared by the document writers. */
typedef struct {
    const char *file; /* the name shown for the document ("<stdin>" for -) */
    int compact;      /* JSON: 1 = one line, 0 = 2-space indented */
} bl_emit_opts;

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

/* Every writer with one include (emit.h's includers before the split see
 * them all still); each header also stands alone. */
#include "emitdoc.h"
#include "emitrows.h"
