/* fuzzcheck: strict validators for what the emitters promise (emit.h),
 * shared by the fuzz harnesses.
 *
 *   - fc_json_parse(): RFC 8259 JSON, strictly (no trailing commas, no
 *     leading zeros, no raw control characters in strings, valid escapes,
 *     \u surrogates paired, the raw bytes valid UTF-8), as a stream of
 *     top-level values separated by whitespace (jq's reading); every key
 *     and scalar is kept in document order with strings decoded.
 *   - fc_csv_parse(): RFC 4180 records ending in CRLF, fields unquoted
 *     (no `"`, `,`, CR or LF in them) or quoted with `""` inside; fields
 *     decoded.
 *   - fc_utf8_bad(), fc_text_bad(): the first invalid UTF-8 byte, the first
 *     control byte (C0 other than "\n", or DEL).
 *   - fc_sanitize(): what emit.h says a string becomes in JSON and CSV
 *     (each byte that is not part of a well-formed UTF-8 sequence replaced
 *     by U+FFFD), written from the Unicode table, not from emit.c.
 *
 * fc_fail() prints what was violated with the output around the offset
 * and calls abort(), so libFuzzer reports the input as a crash.
 * Ownership: each fc_ structure owns its arrays; *_free() releases them. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A growable byte string (not NUL-terminated; p may be NULL when n == 0). */
typedef struct {
    char *p;
    size_t n, cap;
} fc_buf;

void fc_buf_put(fc_buf *b, const void *s, size_t n);
void fc_buf_free(fc_buf *b);

typedef enum {
    FC_KEY, /* an object key: text is the decoded key */
    FC_STR, /* a string value: text is the decoded string */
    FC_NUM, /* text is the number as written */
    FC_TRUE,
    FC_FALSE,
    FC_NULL,
    FC_OBJ, /* '{' */
    FC_ARR, /* '[' */
    FC_END  /* '}' or ']' */
} fc_kind;

typedef struct {
    fc_kind kind;
    size_t off, len; /* text: pool.p[off, off + len) */
    size_t at;       /* offset in the parsed output */
} fc_tok;

typedef struct {
    fc_tok *v;
    size_t n, cap;
    fc_buf pool;
    size_t values;   /* top-level values */
    const char *err; /* why parsing failed, or NULL */
    size_t err_at;
} fc_json;

/* Parses s[0, n) as whitespace-separated JSON values. Returns 0, or -1
 * with j->err and j->err_at set. j must be zeroed or freed before. */
int fc_json_parse(fc_json *j, const char *s, size_t n);
void fc_json_free(fc_json *j);
/* The token text (for FC_KEY, FC_STR, FC_NUM). */
const char *fc_tok_text(const fc_json *j, size_t i, size_t *len);
/* 1 if token i is the string (or, for s NULL, null) s[0, len). */
int fc_tok_is(const fc_json *j, size_t i, const char *s, size_t len);
/* The integer value of number token i (0 if it has a fraction). */
long long fc_tok_int(const fc_json *j, size_t i);

typedef struct {
    size_t off, len; /* decoded text in pool */
    int quoted;
} fc_field;

typedef struct {
    fc_field *f;
    size_t nf, capf;
    size_t *row_start; /* row r: fields [row_start[r], row_start[r + 1]) */
    size_t rows, caprows;
    fc_buf pool;
    const char *err;
    size_t err_at;
} fc_csv;

/* Parses s[0, n) as CSV records each ending in CRLF. Returns 0 or -1. */
int fc_csv_parse(fc_csv *c, const char *s, size_t n);
void fc_csv_free(fc_csv *c);
size_t fc_csv_fields(const fc_csv *c, size_t row);
const fc_field *fc_csv_field(const fc_csv *c, size_t row, size_t k);

/* Offset of the first byte that is not part of well-formed UTF-8, or n. */
size_t fc_utf8_bad(const char *s, size_t n);
/* Offset of the first C0 control byte other than "\n", or DEL; or n. */
size_t fc_text_bad(const char *s, size_t n);
/* Appends s[0, n) to out with every byte outside a well-formed UTF-8
 * sequence replaced by U+FFFD. */
void fc_sanitize(fc_buf *out, const char *s, size_t n);
/* n without one trailing "\r". */
size_t fc_strip_cr(const char *s, size_t n);
/* Number of "\n" in s[0, n). */
size_t fc_count_nl(const char *s, size_t n);

/* Reports a broken promise (what, the output, the offset) and aborts. */
_Noreturn void fc_fail(const char *what, const char *out, size_t n, size_t at);

/* An output stream in memory: fc_out_open() gives a FILE, fc_out_close()
 * flushes it and gives its bytes (p, n), borrowed until the next
 * fc_out_open(). One stream is open at a time (the FILE is reused). */
typedef struct {
    FILE *f;
    char *p;
    size_t n;
} fc_out;
void fc_out_open(fc_out *o);
void fc_out_close(fc_out *o);
