/* libFuzzer harness: the emitters (core/cli/emit.h) on arbitrary strings.
 *
 * Input: byte 0 flags, bytes 1-4 a line number (int32, any value), then a
 * body. The body as a whole (NUL bytes included) goes to
 * bl_emit_json_str(); split at NUL bytes it gives up to 8 C strings (a
 * flag bit turns some into NULL) for bl_emit_json_cstr(),
 * bl_emit_csv_field(), bl_emit_text(), the quotes and supers tables (json,
 * csv, text, qf) and the lint writers (text, qf, json) with made-up
 * diagnostics. Each output is checked against what emit.h promises:
 *   - JSON parses strictly (fuzzcheck.c), is valid UTF-8, has the promised
 *     shape, and every string in it decodes to the input string with one
 *     trailing "\r" removed and invalid bytes as U+FFFD;
 *   - CSV parses as RFC 4180 with CRLF records, is valid UTF-8, has the
 *     header and field counts, fields decode to the strings as above, and
 *     a field that starts or ends with a space is quoted;
 *   - text and qf output has no control byte but "\n" (C0, DEL) and one
 *     line per record;
 *   - on a stream that fails every write (/dev/full, unbuffered) the
 *     writers return BL_EIO.
 * A broken promise aborts (fc_fail). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "emitrows.h"
#include "fuzzcheck.h"

#define MAX_PIECES 8

static const char *const CODES[] = {"unknown-tag", "malformed-tag", "mixed-dialect", "missing-lead",
                                    "unbalanced-quote"};

/* The JSON or CSV form of a C string: one trailing "\r" off, sanitized. */
static void expect_cstr(fc_buf *b, const char *s) {
    b->n = 0;
    if (s != NULL)
        fc_sanitize(b, s, fc_strip_cr(s, strlen(s)));
}

/* The text form of a C string: one trailing "\r" off, tab as a space,
 * other control bytes as '?'. */
static void expect_text(fc_buf *b, const char *s) {
    b->n = 0;
    if (s == NULL)
        return;
    size_t n = fc_strip_cr(s, strlen(s));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char o = c == '\t' ? ' ' : (c < 0x20 || c == 0x7F) ? '?' : (char)c;
        fc_buf_put(b, &o, 1);
    }
}

static void parse_json(fc_json *j, const fc_out *o) {
    size_t bad = fc_utf8_bad(o->p, o->n);
    if (bad < o->n)
        fc_fail("JSON output is not valid UTF-8", o->p, o->n, bad);
    if (fc_json_parse(j, o->p, o->n) != 0)
        fc_fail(j->err, o->p, o->n, j->err_at);
}

static void check_text(const fc_out *o, size_t lines, const char *what) {
    size_t bad = fc_text_bad(o->p, o->n);
    if (bad < o->n)
        fc_fail("control byte in text/qf output", o->p, o->n, bad);
    if (fc_count_nl(o->p, o->n) != lines || (lines > 0 && o->p[o->n - 1] != '\n'))
        fc_fail(what, o->p, o->n, o->n);
}

/* Token *i must be key `key` and then the string (or null) s as JSON. */
static void want_kv(const fc_json *j, size_t *i, const char *key, const char *s, const fc_out *o) {
    fc_buf e = {0};
    size_t kl;
    const char *kt = *i < j->n ? fc_tok_text(j, *i, &kl) : "";
    if (*i + 1 >= j->n || j->v[*i].kind != FC_KEY || kl != strlen(key) || memcmp(kt, key, kl))
        fc_fail("JSON key missing or out of order", o->p, o->n, *i < j->n ? j->v[*i].at : o->n);
    expect_cstr(&e, s);
    if (!fc_tok_is(j, *i + 1, s != NULL ? (e.p ? e.p : "") : NULL, e.n))
        fc_fail("JSON string is not the input string (sanitized)", o->p, o->n, j->v[*i + 1].at);
    fc_buf_free(&e);
    *i += 2;
}

static void want_kind(const fc_json *j, size_t *i, fc_kind k, const fc_out *o) {
    if (*i >= j->n || j->v[*i].kind != k)
        fc_fail("JSON shape differs from emit.h", o->p, o->n, *i < j->n ? j->v[*i].at : o->n);
    (*i)++;
}

static void want_int(const fc_json *j, size_t *i, const char *key, long long v, const fc_out *o) {
    size_t kl;
    const char *kt = *i < j->n ? fc_tok_text(j, *i, &kl) : "";
    if (*i + 1 >= j->n || j->v[*i].kind != FC_KEY || kl != strlen(key) || memcmp(kt, key, kl) ||
        j->v[*i + 1].kind != FC_NUM || fc_tok_int(j, *i + 1) != v)
        fc_fail("JSON number missing or wrong", o->p, o->n, *i < j->n ? j->v[*i].at : o->n);
    *i += 2;
}

/* CSV field (row, k) must be the string s as CSV. */
static void want_field(const fc_csv *c, size_t row, size_t k, const char *s, const fc_out *o) {
    fc_buf e = {0};
    expect_cstr(&e, s);
    const fc_field *f = fc_csv_field(c, row, k);
    if (f->len != e.n || (e.n > 0 && memcmp(c->pool.p + f->off, e.p, e.n) != 0))
        fc_fail("CSV field is not the input string (sanitized)", o->p, o->n, 0);
    if (!f->quoted && f->len > 0 &&
        (c->pool.p[f->off] == ' ' || c->pool.p[f->off + f->len - 1] == ' '))
        fc_fail("CSV field with a leading or trailing space is not quoted", o->p, o->n, 0);
    fc_buf_free(&e);
}

static void parse_csv(fc_csv *c, const fc_out *o, size_t rows, size_t fields) {
    size_t bad = fc_utf8_bad(o->p, o->n);
    if (bad < o->n)
        fc_fail("CSV output is not valid UTF-8", o->p, o->n, bad);
    if (fc_csv_parse(c, o->p, o->n) != 0)
        fc_fail(c->err, o->p, o->n, c->err_at);
    if (c->rows != rows)
        fc_fail("CSV row count", o->p, o->n, o->n);
    for (size_t r = 0; r < rows; r++)
        if (fc_csv_fields(c, r) != fields)
            fc_fail("CSV field count", o->p, o->n, 0);
}

/* The caption supers print: speaker and role each without one "\r". */
static char *caption(const bl_emit_quote *q) {
    fc_buf b = {0};
    const char *sp = q->speaker ? q->speaker : "";
    fc_buf_put(&b, sp, fc_strip_cr(sp, strlen(sp)));
    if (q->role) {
        fc_buf_put(&b, " / ", 3);
        fc_buf_put(&b, q->role, fc_strip_cr(q->role, strlen(q->role)));
    }
    fc_buf_put(&b, "", 1);
    return b.p;
}

static void check_strings(const char *s, size_t len, char **pieces) {
    fc_out o = {0};
    fc_json j;
    fc_buf e = {0};
    /* bl_emit_json_str(): the bytes as they are, NULs included, no "\r" cut. */
    fc_out_open(&o);
    bl_emit_json_str(o.f, s, len);
    fc_out_close(&o);
    parse_json(&j, &o);
    fc_sanitize(&e, s, len);
    if (j.values != 1 || j.n != 1 || !fc_tok_is(&j, 0, e.p ? e.p : "", e.n))
        fc_fail("bl_emit_json_str() is not one string equal to the input", o.p, o.n, 0);
    fc_json_free(&j);
    for (int k = 0; k < MAX_PIECES; k++) {
        const char *p = pieces[k];
        fc_out_open(&o);
        bl_emit_json_cstr(o.f, p);
        fc_out_close(&o);
        parse_json(&j, &o);
        expect_cstr(&e, p);
        if (j.values != 1 || j.n != 1 || !fc_tok_is(&j, 0, p ? (e.p ? e.p : "") : NULL, e.n))
            fc_fail("bl_emit_json_cstr() is not the string", o.p, o.n, 0);
        fc_json_free(&j);

        fc_out_open(&o);
        bl_emit_csv_field(o.f, p);
        bl_emit_csv_end(o.f);
        fc_out_close(&o);
        fc_csv c;
        parse_csv(&c, &o, 1, 1);
        want_field(&c, 0, 0, p, &o);
        fc_csv_free(&c);

        fc_out_open(&o);
        bl_emit_text(o.f, p);
        fc_out_close(&o);
        check_text(&o, 0, "bl_emit_text() wrote a newline");
        expect_text(&e, p);
        if (o.n != e.n || (e.n && memcmp(o.p, e.p, e.n)))
            fc_fail("bl_emit_text() is not the text with controls replaced", o.p, o.n, 0);
    }
    fc_buf_free(&e);
}

static void check_quotes(const bl_emit_quote *q, int rows, int supers) {
    static const bl_emit_format fmts[] = {BL_EMIT_JSON, BL_EMIT_CSV, BL_EMIT_TEXT, BL_EMIT_QF};
    char *cap = caption(q);
    for (size_t f = 0; f < 4; f++) {
        fc_out o = {0};
        fc_out_open(&o);
        if (supers)
            bl_emit_supers_begin(o.f, fmts[f]);
        else
            bl_emit_quotes_begin(o.f, fmts[f]);
        for (int r = 0; r < rows; r++) {
            if (supers)
                bl_emit_supers_row(o.f, fmts[f], q, r == 0);
            else
                bl_emit_quotes_row(o.f, fmts[f], q, r == 0);
        }
        if (supers)
            bl_emit_supers_end(o.f, fmts[f], (size_t)rows);
        else
            bl_emit_quotes_end(o.f, fmts[f], (size_t)rows);
        fc_out_close(&o);
        if (fmts[f] == BL_EMIT_JSON) {
            fc_json j;
            parse_json(&j, &o);
            size_t i = 0;
            if (j.values != 1)
                fc_fail("quotes JSON is not one value", o.p, o.n, 0);
            want_kind(&j, &i, FC_ARR, &o);
            for (int r = 0; r < rows; r++) {
                want_kind(&j, &i, FC_OBJ, &o);
                if (supers) {
                    /* The caption is written as a C string: one more "\r" off. */
                    want_kv(&j, &i, "caption", cap, &o);
                    want_kv(&j, &i, "speaker", q->speaker, &o);
                    want_kv(&j, &i, "role", q->role, &o);
                    want_kv(&j, &i, "file", q->file, &o);
                    want_int(&j, &i, "line", q->line, &o);
                } else {
                    want_kv(&j, &i, "file", q->file, &o);
                    want_int(&j, &i, "line", q->line, &o);
                    want_kv(&j, &i, "form", q->form, &o);
                    want_kv(&j, &i, "speaker", q->speaker, &o);
                    want_kv(&j, &i, "role", q->role, &o);
                    want_kv(&j, &i, "quote", q->quote, &o);
                }
                want_kind(&j, &i, FC_END, &o);
            }
            want_kind(&j, &i, FC_END, &o);
            fc_json_free(&j);
        } else if (fmts[f] == BL_EMIT_CSV) {
            fc_csv c;
            parse_csv(&c, &o, (size_t)rows + 1, supers ? 5 : 6);
            char line[24];
            snprintf(line, sizeof line, "%ld", (long)q->line);
            for (size_t r = 1; r <= (size_t)rows; r++) {
                if (supers) {
                    want_field(&c, r, 0, cap, &o);
                    want_field(&c, r, 1, q->speaker, &o);
                    want_field(&c, r, 2, q->role, &o);
                    want_field(&c, r, 3, q->file, &o);
                    want_field(&c, r, 4, line, &o);
                } else {
                    want_field(&c, r, 0, q->file, &o);
                    want_field(&c, r, 1, line, &o);
                    want_field(&c, r, 2, q->form, &o);
                    want_field(&c, r, 3, q->speaker, &o);
                    want_field(&c, r, 4, q->role, &o);
                    want_field(&c, r, 5, q->quote, &o);
                }
            }
            fc_csv_free(&c);
        } else {
            check_text(&o, (size_t)rows, "quotes text: not one line per row");
        }
    }
    free(cap);
}

static void check_lint(const bl_diags *d, const bl_emit_opts *opts) {
    fc_out o = {0};
    size_t sugg = 0;
    for (size_t i = 0; i < d->n; i++)
        sugg += d->v[i].suggestion != NULL;
    fc_out_open(&o);
    bl_emit_lint_text(o.f, d, opts);
    fc_out_close(&o);
    check_text(&o, d->n + sugg, "lint text: not one line per diagnostic and suggestion");

    fc_out_open(&o);
    bl_emit_lint_qf(o.f, d, opts);
    fc_out_close(&o);
    check_text(&o, d->n, "lint qf: not one line per diagnostic");
    fc_buf e = {0};
    expect_text(&e, opts->file);
    fc_buf_put(&e, ":", 1);
    for (const char *l = o.p; l < o.p + o.n; l = strchr(l, '\n') + 1)
        if ((size_t)(o.p + o.n - l) < e.n || memcmp(l, e.p, e.n) != 0)
            fc_fail("lint qf line does not start with FILE:", o.p, o.n, (size_t)(l - o.p));
    fc_buf_free(&e);

    fc_out_open(&o);
    bl_emit_lint_json(o.f, d, opts);
    fc_out_close(&o);
    fc_json j;
    parse_json(&j, &o);
    size_t i = 0;
    if (j.values != 1 || (opts->compact && fc_count_nl(o.p, o.n) != 1))
        fc_fail("lint JSON is not one value (one line with compact)", o.p, o.n, 0);
    want_kind(&j, &i, FC_OBJ, &o);
    want_int(&j, &i, "version", 1, &o);
    want_kv(&j, &i, "file", opts->file, &o);
    i++; /* "diagnostics" */
    want_kind(&j, &i, FC_ARR, &o);
    for (size_t k = 0; k < d->n; k++) {
        const bl_diag *g = &d->v[k];
        want_kind(&j, &i, FC_OBJ, &o);
        want_int(&j, &i, "line", (long long)g->line + 1, &o);
        want_int(&j, &i, "col", g->col, &o);
        want_int(&j, &i, "end_col", g->end_col, &o);
        want_kv(&j, &i, "severity", bl_severity_name((bl_severity)g->severity), &o);
        want_kv(&j, &i, "code", g->code, &o);
        want_kv(&j, &i, "message", g->message, &o);
        want_kv(&j, &i, "suggestion", g->suggestion, &o);
        want_kind(&j, &i, FC_END, &o);
    }
    want_kind(&j, &i, FC_END, &o);
    want_kind(&j, &i, FC_END, &o);
    fc_json_free(&j);
}

/* The writers on a stream where every write fails must say BL_EIO. */
static void check_write_errors(const char *s, size_t len, const bl_emit_quote *q, const bl_diags *d,
                               const bl_emit_opts *opts) {
    static FILE *full;
    if (full == NULL) {
        full = fopen("/dev/full", "w");
        if (full == NULL)
            return;
        setvbuf(full, NULL, _IONBF, 0);
    }
    struct {
        const char *what;
        int rc;
    } r[6];
    int n = 0;
    clearerr(full);
    r[n].what = "bl_emit_json_str", r[n++].rc = bl_emit_json_str(full, s, len);
    clearerr(full);
    r[n].what = "bl_emit_quotes_row json", r[n++].rc = bl_emit_quotes_row(full, BL_EMIT_JSON, q, 1);
    clearerr(full);
    r[n].what = "bl_emit_quotes_row csv", r[n++].rc = bl_emit_quotes_row(full, BL_EMIT_CSV, q, 1);
    clearerr(full);
    r[n].what = "bl_emit_supers_row text", r[n++].rc = bl_emit_supers_row(full, BL_EMIT_TEXT, q, 1);
    clearerr(full);
    r[n].what = "bl_emit_lint_json", r[n++].rc = bl_emit_lint_json(full, d, opts);
    clearerr(full);
    r[n].what = "bl_emit_csv_end", r[n++].rc = bl_emit_csv_end(full);
    clearerr(full);
    for (int k = 0; k < n; k++) {
        if (r[k].rc != BL_EIO) {
            fprintf(stderr, "BROKEN PROMISE: %s returned %d on a failing stream, not BL_EIO\n",
                    r[k].what, r[k].rc);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 5)
        return 0;
    uint8_t flags = data[0];
    int32_t line = (int32_t)((uint32_t)data[1] | (uint32_t)data[2] << 8 | (uint32_t)data[3] << 16 |
                             (uint32_t)data[4] << 24);
    const char *body = (const char *)data + 5;
    size_t blen = size - 5;

    /* Up to MAX_PIECES NUL-terminated pieces; missing ones and, with flag
     * bit 0, every third one are NULL. */
    char *pieces[MAX_PIECES] = {0};
    size_t np = 0, from = 0;
    for (size_t i = 0; i <= blen && np < MAX_PIECES; i++) {
        if (i == blen || body[i] == '\0') {
            pieces[np] = malloc(i - from + 1);
            if (pieces[np] == NULL)
                abort();
            memcpy(pieces[np], body + from, i - from);
            pieces[np][i - from] = '\0';
            np++;
            from = i + 1;
        }
    }
    if (flags & 1)
        for (size_t k = 2; k < MAX_PIECES; k += 3) {
            free(pieces[k]);
            pieces[k] = NULL;
        }

    check_strings(body, blen, pieces);

    /* C strings (rstr 0): the reported-string form is fuzz_cli's. */
    bl_emit_quote q = {pieces[0], line, pieces[1], pieces[2], pieces[3], pieces[4], 0};
    int rows = 1 + (flags >> 5 & 3);
    check_quotes(&q, rows, 0);
    check_quotes(&q, rows, 1);

    bl_diag dv[4];
    bl_diags d = {dv, (size_t)(flags >> 1 & 3) + ((flags & 8) ? 1 : 0), 4};
    for (size_t k = 0; k < d.n; k++) {
        const char *msg = pieces[5 + k % 3] ? pieces[5 + k % 3] : "";
        dv[k] = (bl_diag){(int32_t)((uint32_t)line + (uint32_t)k),
                          (uint32_t)(k * 7 + data[1]),
                          (uint32_t)(k * 7 + data[2]),
                          (uint8_t)(k % 3),
                          CODES[(data[3] + k) % (sizeof CODES / sizeof CODES[0])],
                          (char *)msg,
                          pieces[6 - k % 2],
                          (uint32_t)strlen(msg)};
    }
    bl_emit_opts opts = {pieces[7] ? pieces[7] : pieces[0], (flags & 16) != 0};
    check_lint(&d, &opts);
    bl_emit_quote q_ok = {pieces[0] ? pieces[0] : "f", line, "x", pieces[2], pieces[3], "q", 0};
    if ((flags & 0xC0) == 0xC0) /* a quarter of the inputs: it costs syscalls */
        check_write_errors(body, blen, &q_ok, &d, &opts);

    for (size_t k = 0; k < MAX_PIECES; k++)
        free(pieces[k]);
    return 0;
}
