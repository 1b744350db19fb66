/* libFuzzer harness: the command line's input path, bytes to output.
 *
 * The input's first byte chooses how the document arrives and how it is
 * printed; the rest is the document (NUL bytes, CR, invalid UTF-8 and all).
 * It is read the way core/cli/cli.c reads a FILE operand: bl_input_read_file()
 * on a regular file, on a pipe, or on standard input ("-"), then
 * bl_doc_new() (built-in vocabulary or a small .bulletinrc one),
 * bl_doc_take_text(), bl_doc_update(); then every output of every command
 * is written: outline json (pretty or --compact), text and qf; lint text,
 * qf and json; quotes and --supers as json, csv and text (rows as cli.c
 * makes them); folds; highlights. Checked:
 *   - the doc holds exactly the lines of the input (split at "\n", a final
 *     "\n" ends the last line, bytes kept as they are);
 *   - emit.h's promises: JSON valid UTF-8 and strict JSON of the promised
 *     shape whose strings are the model's strings (one trailing "\r" off,
 *     invalid bytes as U+FFFD); CSV valid UTF-8 and RFC 4180; text and qf
 *     without control bytes but "\n", one line per record;
 *   - folds: one level 0-3 per line; highlights: each span inside its line;
 *   - no crash, leak or undefined behaviour (ASan, LSan, UBSan).
 *
 * Flag byte: bits 0-1 the input route (0, 3: regular file; 1: pipe opened
 * by path; 2: standard input), bit 2 --compact, bit 3 the .bulletinrc
 * vocabulary, bit 4 "huge lines": each "\x01 K" in the document stands
 * for the byte before it repeated 512 * (K + 1) times (at most 256 KiB in
 * all), so long lines cost few input bytes. */
#define _GNU_SOURCE 1 /* F_SETPIPE_SZ */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "doc.h"
#include "emit.h"
#include "emitdoc.h"
#include "emitrows.h"
#include "fuzzcheck.h"
#include "lint.h"
#include "rstr.h"
#include "vocab.h"

#define MAX_EXPANDED ((size_t)256 << 10)
/* The name shown for the document: UTF-8, a space, an escape, a tab. */
static const char SHOWN[] = "d\xC3\xA9sk/r\xC3\xA9sum\xC3\xA9 \x1b[2J\t.txt";

static const char RC[] = "# a newsroom's own tags\n"
                         "lead = [Intro], <Anchor>\n"
                         "report = [Reporter], \xE2\x97\x80 Report \xE2\x96\xB6\n"
                         "soundbite = [SOT]\n"
                         "label.lead = Host\n"
                         "mbc.lead = [MBC Lead]\n";

static char path[64];
static bl_vocab *rc_vocab;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/fuzz_cli.%ld", dir, (long)getpid());
    /* CI may start us without standard input: give fd 0 something, so a
     * pipe() cannot take it and dup(0) works for the stdin route. */
    if (fcntl(0, F_GETFD) < 0 && open("/dev/null", O_RDONLY) != 0)
        abort();
    rc_vocab = bl_vocab_new();
    if (rc_vocab == NULL || bl_vocab_load_text(rc_vocab, RC, sizeof RC - 1, NULL, 0) != 0)
        abort();
    return 0;
}

/* The document bytes, "\x01 K" runs expanded when asked. */
static void document(fc_buf *doc, const uint8_t *s, size_t n, int expand) {
    for (size_t i = 0; i < n; i++) {
        if (!expand) { /* the bytes as they are, in one piece */
            fc_buf_put(doc, s, n);
            return;
        }
        if (s[i] != 1) { /* the run up to the next "\x01", in one piece */
            const uint8_t *m = memchr(s + i, 1, n - i);
            size_t k = m ? (size_t)(m - (s + i)) : n - i;
            fc_buf_put(doc, s + i, k);
            i += k - 1;
            continue;
        }
        if (i + 1 < n && doc->n > 0) {
            size_t run = (size_t)512 * ((size_t)s[i + 1] + 1);
            if (doc->n + run > MAX_EXPANDED)
                run = doc->n < MAX_EXPANDED ? MAX_EXPANDED - doc->n : 0;
            char c = doc->p[doc->n - 1];
            char block[4096];
            memset(block, c, sizeof block);
            while (run > 0) {
                size_t k = run < sizeof block ? run : sizeof block;
                fc_buf_put(doc, block, k);
                run -= k;
            }
            i++;
            continue;
        }
        fc_buf_put(doc, s + i, 1);
    }
}

static void write_all(int fd, const char *s, size_t n) {
    while (n > 0) {
        ssize_t k = write(fd, s, n);
        if (k <= 0)
            abort();
        s += k;
        n -= (size_t)k;
    }
}

/* Reads doc through bl_input_read_file() by the route chosen. */
static int read_back(const fc_buf *doc, int route, char **buf, size_t *len) {
    if (route == 1 || route == 2) {
        int p[2];
        if (pipe(p) != 0)
            abort();
        /* The whole document must fit in the pipe: one thread writes and
         * reads. Larger ones go through a file. The pipe is grown to 1 MiB
         * only for a document over what it holds already (64 KiB by
         * default): growing it costs the kernel 256 pages on every run. */
        int cap = fcntl(p[1], F_GETPIPE_SZ);
        if (cap < 0 || doc->n > (size_t)cap)
            cap = fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
        if (cap > 0 && doc->n <= (size_t)cap) {
            write_all(p[1], doc->p ? doc->p : "", doc->n);
            close(p[1]);
            int rc;
            if (route == 1) {
                char byfd[64];
                snprintf(byfd, sizeof byfd, "/proc/self/fd/%d", p[0]);
                rc = bl_input_read_file(byfd, buf, len);
            } else {
                int saved = dup(0);
                if (saved < 0 || dup2(p[0], 0) != 0)
                    abort();
                rc = bl_input_read_file("-", buf, len);
                if (dup2(saved, 0) != 0)
                    abort();
                close(saved);
            }
            close(p[0]);
            return rc;
        }
        close(p[0]);
        close(p[1]);
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        abort();
    write_all(fd, doc->p ? doc->p : "", doc->n);
    close(fd);
    int rc = bl_input_read_file(path, buf, len);
    unlink(path);
    return rc;
}

/* The doc must hold the input's lines exactly. */
static void check_lines(bl_doc *d, const fc_buf *doc) {
    int32_t n = bl_doc_line_count(d);
    size_t from = 0;
    int32_t i = 0;
    for (; from < doc->n; i++) {
        const char *nl = memchr(doc->p + from, '\n', doc->n - from);
        size_t end = nl ? (size_t)(nl - doc->p) : doc->n;
        size_t len;
        const char *t = i < n ? bl_doc_line(d, i, &len) : NULL;
        if (t == NULL || len != end - from || (len && memcmp(t, doc->p + from, len) != 0))
            fc_fail("the doc's line differs from the file's", doc->p, doc->n, from);
        from = end + 1;
    }
    if (i != n)
        fc_fail("the doc's line count differs from the file's", doc->p, doc->n, doc->n);
}

static void parse_json(fc_json *j, const fc_out *o, const char *what) {
    size_t bad = fc_utf8_bad(o->p, o->n);
    if (bad < o->n)
        fc_fail("JSON output is not valid UTF-8", o->p, o->n, bad);
    if (fc_json_parse(j, o->p, o->n) != 0) {
        fprintf(stderr, "%s: ", what);
        fc_fail(j->err, o->p, o->n, j->err_at);
    }
    if (j->values != 1)
        fc_fail("not one JSON value", o->p, o->n, 0);
}

static void check_text(const fc_out *o, size_t lines, const char *what) {
    size_t bad = fc_text_bad(o->p, o->n);
    if (bad < o->n)
        fc_fail("control byte in text/qf output", o->p, o->n, bad);
    if (fc_count_nl(o->p, o->n) != lines || (lines > 0 && o->p[o->n - 1] != '\n'))
        fc_fail(what, o->p, o->n, o->n);
}

/* The JSON form of a model string s[0, n): one trailing "\r" off,
 * sanitized. */
static int json_is_n(const fc_json *j, size_t i, const char *s, size_t n) {
    fc_buf e = {0};
    if (s != NULL)
        fc_sanitize(&e, s, fc_strip_cr(s, n));
    int ok = fc_tok_is(j, i, s != NULL ? (e.p ? e.p : "") : NULL, e.n);
    fc_buf_free(&e);
    return ok;
}

/* The value after key `key` at or after token *i (keys in order). */
static size_t after_key(const fc_json *j, size_t *i, const char *key, const fc_out *o) {
    size_t kl = strlen(key), tl;
    for (; *i < j->n; (*i)++) {
        if (j->v[*i].kind != FC_KEY)
            continue;
        const char *t = fc_tok_text(j, *i, &tl);
        if (tl == kl && memcmp(t, key, kl) == 0) {
            *i += 2;
            return *i - 1;
        }
    }
    fc_fail("JSON key missing", o->p, o->n, o->n);
}

static int json_is(const fc_json *j, size_t i, const char *s) {
    return json_is_n(j, i, s, s ? strlen(s) : 0);
}

/* An outline item's string, whole (rstr.h: NUL bytes included). */
static void want_rstr(const fc_json *j, size_t *i, const char *key, const char *s,
                      const fc_out *o) {
    size_t v = after_key(j, i, key, o);
    if (!json_is_n(j, v, s, bl_rstr_len(s)))
        fc_fail("JSON string is not the model's string (sanitized)", o->p, o->n, j->v[v].at);
}

static void want_str(const fc_json *j, size_t *i, const char *key, const char *s, const fc_out *o) {
    size_t v = after_key(j, i, key, o);
    if (!json_is(j, v, s))
        fc_fail("JSON string is not the model's string (sanitized)", o->p, o->n, j->v[v].at);
}

static void want_num(const fc_json *j, size_t *i, const char *key, long long n, const fc_out *o) {
    size_t v = after_key(j, i, key, o);
    if (j->v[v].kind != FC_NUM || fc_tok_int(j, v) != n)
        fc_fail("JSON number is not the model's", o->p, o->n, j->v[v].at);
}

static void check_outline(bl_doc *d, const bl_emit_opts *opts) {
    size_t n;
    const bl_item *items = bl_doc_items(d, &n);
    const bl_meta *m = bl_doc_meta(d);
    fc_out o = {0};
    fc_json j;

    fc_out_open(&o);
    bl_emit_outline_json(o.f, d, opts);
    fc_out_close(&o);
    parse_json(&j, &o, "outline json");
    if (opts->compact && fc_count_nl(o.p, o.n) != 1)
        fc_fail("outline --compact is not one line", o.p, o.n, 0);
    size_t i = 0;
    want_num(&j, &i, "version", 1, &o);
    want_str(&j, &i, "file", opts->file, &o);
    want_str(&j, &i, "date", m ? m->date : NULL, &o);
    want_str(&j, &i, "program", m ? m->program : NULL, &o);
    want_str(&j, &i, "posted", m ? m->posted : NULL, &o);
    want_str(&j, &i, "updated", m ? m->updated : NULL, &o);
    for (size_t k = 0; k < n; k++) {
        const bl_item *it = &items[k];
        want_num(&j, &i, "line", it->line, &o);
        want_num(&j, &i, "end_line", it->end_line, &o);
        if (it->kind == BL_ITEM_STORY) {
            want_rstr(&j, &i, "title", it->title, &o);
        } else if (it->kind == BL_ITEM_SECTION) {
            want_rstr(&j, &i, "tag", it->tag, &o);
            want_str(&j, &i, "section", it->section, &o);
        } else {
            want_rstr(&j, &i, "speaker", it->speaker, &o);
            want_rstr(&j, &i, "role", it->role, &o);
        }
    }
    fc_json_free(&j);

    fc_out_open(&o);
    bl_emit_outline_text(o.f, d, opts);
    fc_out_close(&o);
    check_text(&o, 2 + (n > 0 ? n : 1), "outline text: not one line per item");

    fc_out_open(&o);
    bl_emit_outline_qf(o.f, d, opts);
    fc_out_close(&o);
    check_text(&o, n, "outline qf: not one line per item");
}

static void check_lint(bl_doc *d, const bl_emit_opts *opts) {
    bl_diags diags = {0};
    if (bl_lint_run(d, &diags) != 0)
        abort();
    int32_t lines = bl_doc_line_count(d);
    size_t sugg = 0;
    for (size_t k = 0; k < diags.n; k++) {
        const bl_diag *g = &diags.v[k];
        size_t len = 0;
        if (g->line < 0 || g->line >= (lines > 0 ? lines : 1))
            fc_fail("diagnostic on a line outside the document", "", 0, 0);
        if (lines > 0)
            bl_doc_line(d, g->line, &len);
        if (g->col > g->end_col || g->end_col > len || g->message == NULL ||
            g->bare_len > strlen(g->message))
            fc_fail("diagnostic columns outside its line, or no message",
                    g->message ? g->message : "", g->message ? strlen(g->message) : 0, 0);
        sugg += g->suggestion != NULL;
    }
    fc_out o = {0};
    fc_out_open(&o);
    bl_emit_lint_text(o.f, &diags, opts);
    fc_out_close(&o);
    check_text(&o, diags.n + sugg, "lint text: not one line per diagnostic and suggestion");

    fc_out_open(&o);
    bl_emit_lint_qf(o.f, &diags, opts);
    fc_out_close(&o);
    check_text(&o, diags.n, "lint qf: not one line per diagnostic");

    fc_out_open(&o);
    bl_emit_lint_json(o.f, &diags, opts);
    fc_out_close(&o);
    fc_json j;
    parse_json(&j, &o, "lint json");
    size_t i = 0;
    want_str(&j, &i, "file", opts->file, &o);
    for (size_t k = 0; k < diags.n; k++) {
        want_num(&j, &i, "line", (long long)diags.v[k].line + 1, &o);
        want_str(&j, &i, "message", diags.v[k].message, &o);
        want_str(&j, &i, "suggestion", diags.v[k].suggestion, &o);
    }
    fc_json_free(&j);
    bl_diags_free(&diags);
}

static void check_quotes(bl_doc *d, int supers) {
    static const bl_emit_format fmts[] = {BL_EMIT_JSON, BL_EMIT_CSV, BL_EMIT_TEXT};
    size_t n;
    const bl_item *items = bl_doc_items(d, &n);
    for (size_t f = 0; f < 3; f++) {
        fc_out o = {0};
        size_t rows = 0;
        fc_out_open(&o);
        if (supers)
            bl_emit_supers_begin(o.f, fmts[f]);
        else
            bl_emit_quotes_begin(o.f, fmts[f]);
        for (size_t k = 0; k < n; k++) {
            const bl_item *it = &items[k];
            if (it->kind != BL_ITEM_QUOTE)
                continue;
            /* As cli.c's run_quotes() (without the --supers dedup). */
            bl_emit_quote q = {SHOWN,
                               it->line,
                               it->form < BL_FORM_COUNT ? bl_form_name((bl_form)it->form)
                                                        : "unknown",
                               it->speaker,
                               it->role,
                               it->quote,
                               1}; /* speaker and role: reported strings, whole */
            if (supers) {
                if (it->speaker == NULL || it->speaker[0] == '\0' || strcmp(it->speaker, "\r") == 0)
                    continue;
                bl_emit_supers_row(o.f, fmts[f], &q, rows++ == 0);
            } else {
                bl_emit_quotes_row(o.f, fmts[f], &q, rows++ == 0);
            }
        }
        if (supers)
            bl_emit_supers_end(o.f, fmts[f], rows);
        else
            bl_emit_quotes_end(o.f, fmts[f], rows);
        fc_out_close(&o);
        if (fmts[f] == BL_EMIT_JSON) {
            fc_json j;
            parse_json(&j, &o, supers ? "supers json" : "quotes json");
            size_t i = 0;
            for (size_t k = 0; k < n; k++) {
                const bl_item *it = &items[k];
                if (it->kind != BL_ITEM_QUOTE)
                    continue;
                if (supers && (it->speaker == NULL || it->speaker[0] == '\0' ||
                               strcmp(it->speaker, "\r") == 0))
                    continue;
                want_rstr(&j, &i, "speaker", it->speaker, &o);
                want_rstr(&j, &i, "role", it->role, &o);
                if (!supers)
                    want_str(&j, &i, "quote", it->quote, &o);
            }
            fc_json_free(&j);
        } else if (fmts[f] == BL_EMIT_CSV) {
            size_t bad = fc_utf8_bad(o.p, o.n);
            if (bad < o.n)
                fc_fail("CSV output is not valid UTF-8", o.p, o.n, bad);
            fc_csv c;
            if (fc_csv_parse(&c, o.p, o.n) != 0)
                fc_fail(c.err, o.p, o.n, c.err_at);
            if (c.rows != rows + 1)
                fc_fail("CSV: not one record per soundbite", o.p, o.n, 0);
            for (size_t r = 0; r < c.rows; r++)
                if (fc_csv_fields(&c, r) != (supers ? 5u : 6u))
                    fc_fail("CSV: wrong field count", o.p, o.n, 0);
            fc_csv_free(&c);
        } else {
            check_text(&o, rows, "quotes text: not one line per soundbite");
        }
    }
}

static void check_folds_highlights(bl_doc *d) {
    int32_t lines = bl_doc_line_count(d);
    fc_out o = {0};
    fc_json j;
    fc_out_open(&o);
    bl_emit_folds_json(o.f, d);
    fc_out_close(&o);
    parse_json(&j, &o, "folds");
    if (j.n != (size_t)lines + 2 || fc_count_nl(o.p, o.n) != 1)
        fc_fail("folds: not one number per line, on one line", o.p, o.n, 0);
    for (size_t k = 1; k + 1 < j.n; k++)
        if (j.v[k].kind != FC_NUM || fc_tok_int(&j, k) < 0 || fc_tok_int(&j, k) > 3)
            fc_fail("folds: a level outside 0-3", o.p, o.n, j.v[k].at);
    fc_json_free(&j);

    fc_out_open(&o);
    bl_emit_highlights_json(o.f, d);
    fc_out_close(&o);
    parse_json(&j, &o, "highlights");
    /* [ then per span: { line N col N end_col N group S } then ] */
    if (j.n < 2 || (j.n - 2) % 10 != 0)
        fc_fail("highlights: not an array of 4-key objects", o.p, o.n, 0);
    for (size_t k = 1; k + 1 < j.n; k += 10) {
        long long line = fc_tok_int(&j, k + 2), col = fc_tok_int(&j, k + 4),
                  end = fc_tok_int(&j, k + 6);
        size_t gl, len = 0;
        const char *g = fc_tok_text(&j, k + 8, &gl);
        if (line < 1 || line > lines)
            fc_fail("highlights: span on a line outside the document", o.p, o.n, j.v[k].at);
        bl_doc_line(d, (int32_t)(line - 1), &len);
        if (col < 0 || col > end || (size_t)end > len || gl < 9 || memcmp(g, "bulletin", 8))
            fc_fail("highlights: span outside its line, empty, or no group", o.p, o.n, j.v[k].at);
    }
    fc_json_free(&j);
}

/* The reference of cli/input.c's reading: in without a leading UTF-8 BOM,
 * "\r\n" and a lone "\r" each as "\n". */
static void as_read(const fc_buf *in, fc_buf *out) {
    const char *s = in->p ? in->p : "";
    size_t n = in->n, i = 0;
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    for (; i < n; i++) {
        if (s[i] != '\r') {
            fc_buf_put(out, s + i, 1);
            continue;
        }
        fc_buf_put(out, "\n", 1);
        if (i + 1 < n && s[i + 1] == '\n')
            i++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    fc_buf doc = {0};
    document(&doc, data + 1, size - 1, (flags & 16) != 0);

    char *buf = NULL;
    size_t len = 0;
    if (read_back(&doc, flags & 3, &buf, &len) != 0)
        abort(); /* 256 KiB at most: far under every limit */
    /* §7.1-7.2 of the format: the text as read, a leading BOM dropped and
     * every line ended by "\n" (CRLF and a lone CR alike). */
    fc_buf want = {0};
    as_read(&doc, &want);
    fc_buf_free(&doc);
    doc = want;
    if (len != doc.n || (len && memcmp(buf, doc.p, len) != 0) || buf[len] != '\0')
        fc_fail("bl_input_read_file() did not give the file's bytes as read", buf, len, 0);

    bl_doc *d = bl_doc_new((flags & 8) ? rc_vocab : NULL);
    if (d == NULL)
        abort();
    if (bl_doc_take_text(d, buf, len) != 0 || bl_doc_update(d, NULL) != 0)
        abort();
    check_lines(d, &doc);

    bl_emit_opts opts = {SHOWN, (flags & 4) != 0};
    check_outline(d, &opts);
    check_lint(d, &opts);
    check_quotes(d, 0);
    check_quotes(d, 1);
    check_folds_highlights(d);
    bl_doc_free(d);
    fc_buf_free(&doc);
    return 0;
}
