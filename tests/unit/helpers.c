/* Shared helpers of the unit tests: tracked resources and serializers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

enum { R_MEM, R_DOC, R_VOCAB, R_DIAGS };

typedef struct {
    int kind;
    void *p;
} ut_res;

static ut_res *res;
static size_t nres, capres;

static void track(int kind, void *p) {
    if (nres == capres) {
        size_t cap = capres ? capres * 2 : 32;
        ut_res *v = realloc(res, cap * sizeof *v);
        ck_assert_ptr_nonnull(v);
        res = v;
        capres = cap;
    }
    res[nres++] = (ut_res){kind, p};
}

void ut_setup(void) {
    nres = 0;
}

void ut_teardown(void) {
    /* Free in reverse order: docs before the vocabularies they borrow. */
    while (nres > 0) {
        ut_res r = res[--nres];
        switch (r.kind) {
        case R_DOC:
            bl_doc_free(r.p);
            break;
        case R_VOCAB:
            bl_vocab_free(r.p);
            break;
        case R_DIAGS:
            bl_diags_free(r.p);
            free(r.p);
            break;
        default:
            free(r.p);
        }
    }
    free(res);
    res = NULL;
    capres = 0;
}

TCase *ut_tcase(const char *name, double timeout) {
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, ut_setup, ut_teardown);
    tcase_set_timeout(tc, timeout);
    return tc;
}

void *ut_keep(void *p) {
    ck_assert_ptr_nonnull(p);
    track(R_MEM, p);
    return p;
}

bl_doc *ut_doc_empty(const bl_vocab *vocab) {
    bl_doc *d = bl_doc_new(vocab);
    ck_assert_ptr_nonnull(d);
    track(R_DOC, d);
    return d;
}

bl_doc *ut_doc_n(const bl_vocab *vocab, const char *buf, size_t len) {
    bl_doc *d = ut_doc_empty(vocab);
    ck_assert_int_eq(bl_doc_set_text(d, buf, len), BL_OK);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    return d;
}

bl_doc *ut_doc_v(const bl_vocab *vocab, const char *text) {
    return ut_doc_n(vocab, text, strlen(text));
}

bl_doc *ut_doc(const char *text) {
    return ut_doc_v(NULL, text);
}

/* The reference answer of bl_vocab_match(): every entry in index order,
 * the longest match (a label needs its ':'), the first among equally long. */
/* A letter or digit for §8's exact-match rule, decoded from UTF-8 by hand
 * (independently of vocab.c): ASCII letters and digits, and non-ASCII code
 * points outside U+0080-U+00BF, U+2000-U+2BFF, U+3000-U+303F,
 * U+FF00-U+FF20 and invalid bytes. */
static int ref_wordy_at(const char *s, size_t i, size_t len) {
    const unsigned char *u = (const unsigned char *)s + i;
    size_t rest = len - i;
    if (u[0] < 0x80)
        return (u[0] >= '0' && u[0] <= '9') || ((u[0] | 32) >= 'a' && (u[0] | 32) <= 'z');
    unsigned cp;
    if (u[0] >= 0xC2 && u[0] < 0xE0 && rest >= 2 && (u[1] & 0xC0) == 0x80)
        cp = (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu);
    else if (u[0] >= 0xE0 && u[0] < 0xF0 && rest >= 3 && (u[1] & 0xC0) == 0x80 &&
             (u[2] & 0xC0) == 0x80)
        cp = (u[0] & 0xFu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
    else if (u[0] >= 0xF0 && u[0] < 0xF5 && rest >= 4 && (u[1] & 0xC0) == 0x80 &&
             (u[2] & 0xC0) == 0x80 && (u[3] & 0xC0) == 0x80)
        cp = (u[0] & 0x7u) << 18 | (u[1] & 0x3Fu) << 12 | (u[2] & 0x3Fu) << 6 | (u[3] & 0x3Fu);
    else
        return 0;
    if (cp < 0x800 && u[0] >= 0xE0)
        return 0; /* overlong */
    return !(cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
             (cp >= 0xFF00 && cp <= 0xFF20));
}

/* Start of the code point ending at s[0, m). */
static size_t ref_last_start(const char *s, size_t m) {
    size_t i = m - 1;
    while (i > 0 && m - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

const bl_vocab_entry *ut_vocab_match_ref(const bl_vocab *v, const char *s, size_t len,
                                         size_t *matched) {
    const bl_vocab_entry *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < bl_vocab_count(v); i++) {
        const bl_vocab_entry *e = bl_vocab_entry_at(v, i);
        size_t sl = strlen(e->spelling), need = sl + (e->is_label ? 1 : 0);
        const char *star = e->is_label ? NULL : strchr(e->spelling, '*');
        if (star) {
            /* prefix, then 1+ bytes up to the first occurrence of the suffix */
            size_t p = (size_t)(star - e->spelling), xl = sl - p - 1;
            need = 0;
            if (len < p + 1 + xl || memcmp(s, e->spelling, p) != 0)
                continue;
            for (size_t j = p + 1; j + xl <= len && j <= p + 1 + BL_VOCAB_MAX_SPELLING; j++)
                if (memcmp(s + j, star + 1, xl) == 0) {
                    need = j + xl;
                    break;
                }
            if (need == 0)
                continue;
        } else if (need > len || memcmp(s, e->spelling, sl) != 0) {
            continue;
        }
        if (need <= best_len)
            continue;
        if (e->is_label && s[sl] != ':')
            continue;
        /* exact (§8): a spelling ending in a letter or digit is not
         * followed by one */
        if (!e->is_label && need < len && ref_wordy_at(s, ref_last_start(s, need), need) &&
            ref_wordy_at(s, need, len))
            continue;
        best = e;
        best_len = need;
    }
    *matched = best_len;
    return best;
}

bl_vocab *ut_vocab(void) {
    bl_vocab *v = bl_vocab_new();
    ck_assert_ptr_nonnull(v);
    track(R_VOCAB, v);
    return v;
}

bl_diags *ut_lint(bl_doc *doc) {
    bl_diags *d = calloc(1, sizeof *d);
    ck_assert_ptr_nonnull(d);
    track(R_DIAGS, d);
    ck_assert_int_eq(bl_lint_run(doc, d), BL_OK);
    return d;
}

size_t ut_count(const bl_doc *doc, bl_item_kind kind) {
    size_t n, c = 0;
    const bl_item *v = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n; i++)
        c += v[i].kind == kind;
    return c;
}

const bl_item *ut_nth(const bl_doc *doc, bl_item_kind kind, size_t k) {
    size_t n, left = k;
    const bl_item *v = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == kind && left-- == 0)
            return &v[i];
    ck_abort_msg("no item #%zu of kind %d (%zu of that kind); outline:\n%s", k, (int)kind,
                 ut_count(doc, kind), ut_outline(doc));
    return NULL;
}

const bl_item *ut_at(const bl_doc *doc, bl_item_kind kind, int32_t line) {
    size_t n;
    const bl_item *v = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == kind && v[i].line == line)
            return &v[i];
    return NULL;
}

const bl_item *ut_one_quote(const bl_doc *doc) {
    size_t q = ut_count(doc, BL_ITEM_QUOTE);
    ck_assert_msg(q == 1, "expected exactly one quote item, got %zu; outline:\n%s", q,
                  ut_outline(doc));
    return ut_nth(doc, BL_ITEM_QUOTE, 0);
}

/* A growing string. */
typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) {
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        ck_assert_int_ge(k, 0);
        if (b->s && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t cap = b->cap ? b->cap : 256;
        while (cap <= b->n + (size_t)k)
            cap *= 2;
        char *s = realloc(b->s, cap);
        ck_assert_ptr_nonnull(s);
        b->s = s;
        b->cap = cap;
    }
}

static const char *nz(const char *s) {
    return s ? s : "(null)";
}

static void outline_into(sbuf *b, const bl_doc *doc) {
    const bl_meta *m = bl_doc_meta(doc);
    sb_printf(b, "meta date=%s program=%s posted=%s updated=%s\n", nz(m->date), nz(m->program),
              nz(m->posted), nz(m->updated));
    size_t n;
    const bl_item *v = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n; i++) {
        const bl_item *it = &v[i];
        static const char *const kinds[] = {"story", "section", "quote"};
        sb_printf(b, "%s L%d %d-%d", kinds[it->kind], it->level, it->line, it->end_line);
        if (it->kind == BL_ITEM_STORY)
            sb_printf(b, " title=%s", nz(it->title));
        else if (it->kind == BL_ITEM_SECTION)
            sb_printf(b, " tag=%s section=%s", nz(it->tag), nz(it->section));
        else
            sb_printf(b, " form=%s q=%d speaker=%s role=%s quote=%s cols=%u-%u",
                      bl_form_name((bl_form)it->form), it->quote_line, nz(it->speaker),
                      nz(it->role), nz(it->quote), it->quote_col, it->quote_end_col);
        sb_printf(b, "\n");
    }
}

const char *ut_outline(const bl_doc *doc) {
    sbuf b = {0};
    outline_into(&b, doc);
    return ut_keep(b.s);
}

const char *ut_serialize(const bl_doc *doc) {
    sbuf b = {0};
    outline_into(&b, doc);
    int32_t n = bl_doc_line_count(doc);
    sb_printf(&b, "folds");
    for (int32_t i = 0; i < n; i++)
        sb_printf(&b, " %d", bl_doc_fold_value(doc, i)); /* level + fold start */
    sb_printf(&b, "\nkinds");
    for (int32_t i = 0; i < n; i++)
        sb_printf(&b, " %d", (int)bl_doc_line_kind(doc, i));
    sb_printf(&b, "\n");
    return ut_keep(b.s);
}

size_t ut_diag_count(const bl_diags *d, const char *code, int32_t line) {
    size_t c = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].code && strcmp(d->v[i].code, code) == 0 && (line < 0 || d->v[i].line == line))
            c++;
    return c;
}

const bl_diag *ut_diag(const bl_diags *d, const char *code) {
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].code && strcmp(d->v[i].code, code) == 0)
            return &d->v[i];
    return NULL;
}

const char *ut_diag_list(const bl_diags *d) {
    sbuf b = {0};
    sb_printf(&b, "[");
    for (size_t i = 0; i < d->n; i++)
        sb_printf(&b, "%s%d:%s", i ? " " : "", d->v[i].line, nz(d->v[i].code));
    sb_printf(&b, "]");
    return ut_keep(b.s);
}

int ut_has_byte(const char *s, char c) {
    return s && strchr(s, c) != NULL;
}

/* A vocabulary loaded from rc (asserts success). */
bl_vocab *ut_rc_vocab(const char *rc) {
    bl_vocab *v = ut_vocab();
    char err[256] = "";
    int r = bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err);
    ck_assert_msg(r == BL_OK, "rc failed: %s", err);
    return v;
}

/* The error bl_vocab_load_text() gives for rc (asserts failure). */
const char *ut_rc_error(const char *rc) {
    static char err[256];
    bl_vocab *v = ut_vocab();
    err[0] = '\0';
    ck_assert_int_ne(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_OK);
    return err;
}

/* The span of group g on line (0-based) as "a-b", or "" if none. */
const char *ut_span_of(bl_doc *d, int32_t line, bl_hl_group g) {
    static char out[32];
    size_t n;
    const bl_span *v = bl_doc_spans(d, line, line + 1, &n);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (v[i].group == g)
            snprintf(out, sizeof out, "%u-%u", (unsigned)v[i].col, (unsigned)v[i].end_col);
    return out;
}

void ut_random_edit(unsigned long long *x, int32_t n, int32_t spans, int32_t cap,
                    const char *const *pool, size_t np, ut_edit *e) {
    unsigned long long v = *x;
    v ^= v << 13;
    v ^= v >> 7;
    v ^= v << 17;
    *x = v;
    e->first = n ? (int32_t)(v % (unsigned long long)(n + 1)) : 0;
    int32_t span = (int32_t)((v >> 8) % (unsigned long long)spans);
    e->last = e->first + span > n ? n : e->first + span;
    e->k = n > cap ? 0 : (size_t)((v >> 16) % 4);
    for (size_t i = 0; i < e->k; i++) {
        e->txt[i] = pool[(v >> (24 + 5 * i)) % np];
        e->len[i] = strlen(e->txt[i]);
    }
}
