#include "lint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "hash.h"
#include "header.h"
#include "lintcode.h"
#include "nearattr.h"
#include "sbite.h"
#include "timelint.h"
#include "vec.h"

static const char *const sev_names[] = {"error", "warning", "info"};

const char *bl_severity_name(bl_severity s) {
    return (unsigned)s < 3 ? sev_names[s] : "unknown";
}

void bl_diags_free(bl_diags *d) {
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].message);
        free(d->v[i].suggestion);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

/* ---- the bounded "did you mean" search ---- */

enum { NEAR_MAXL = 64 }; /* longest text compared, as bl_vocab_nearest() */

/* Invariant: idx[start[n], start[n + 1]) are the vocabulary indices of the
 * bracketed tags whose inner text (the spelling without its '[' and a final
 * ']') has n <= NEAR_MAXL bytes, in vocabulary order; text + off[k] is the
 * inner text of idx[k], ASCII case folded as tolower() does. */
struct bl_lint_near {
    const bl_vocab *v;
    uint32_t start[NEAR_MAXL + 2];
    uint32_t *idx;
    uint32_t *off;
    char *text;
};

/* The inner text of entry e: its length, or -1 when not a candidate. */
static long near_inner(const bl_vocab_entry *e) {
    if (!e || e->is_label || e->spelling[0] != '[')
        return -1;
    size_t tl = strlen(e->spelling + 1);
    if (tl > 0 && e->spelling[tl] == ']')
        tl--;
    return tl <= NEAR_MAXL ? (long)tl : -1;
}

void bl_lint_near_free(bl_lint_near *nr) {
    if (!nr)
        return;
    free(nr->idx);
    free(nr->off);
    free(nr->text);
    free(nr);
}

int bl_lint_near_new(const bl_vocab *v, bl_lint_near **out) {
    if (!out)
        return BL_EINVAL;
    *out = NULL;
    bl_lint_near *nr = bl_calloc(1, sizeof *nr);
    if (!nr)
        return BL_ENOMEM;
    nr->v = v;
    size_t n = bl_vocab_count(v), total = 0, bytes = 0;
    uint32_t count[NEAR_MAXL + 1] = {0};
    for (size_t i = 0; i < n; i++) {
        long tl = near_inner(bl_vocab_entry_at(v, i));
        if (tl >= 0) {
            count[tl]++;
            total++;
            bytes += (size_t)tl;
        }
    }
    nr->idx = bl_malloc((total ? total : 1) * sizeof *nr->idx);
    nr->off = bl_malloc((total ? total : 1) * sizeof *nr->off);
    nr->text = bl_malloc(bytes ? bytes : 1);
    if (!nr->idx || !nr->off || !nr->text) {
        bl_lint_near_free(nr);
        return BL_ENOMEM;
    }
    uint32_t fill[NEAR_MAXL + 1];
    for (size_t l = 0; l <= NEAR_MAXL; l++) {
        nr->start[l + 1] = nr->start[l] + count[l];
        fill[l] = nr->start[l];
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const bl_vocab_entry *e = bl_vocab_entry_at(v, i);
        long tl = near_inner(e);
        if (tl < 0)
            continue;
        uint32_t k = fill[tl]++;
        nr->idx[k] = (uint32_t)i;
        nr->off[k] = (uint32_t)at;
        for (long j = 0; j < tl; j++)
            nr->text[at++] = (char)tolower((unsigned char)e->spelling[1 + j]);
    }
    *out = nr;
    return BL_OK;
}

/* The optimal-string-alignment distance (ASCII case folded) of the query,
 * whose positions are the bits of peq[c] (bit i: query byte i folds to c),
 * m of them (1 <= m <= 64), and the folded text b[0, n): Hyyro's
 * bit-parallel algorithm with transpositions (2003), one column of the
 * table per byte of b, the same values as the table of bl_vocab_nearest(). */
static int osa_distance(const uint64_t *peq, size_t m, const char *b, size_t n) {
    uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, pm_old = 0;
    uint64_t top = (uint64_t)1 << (m - 1);
    int dist = (int)m;
    for (size_t j = 0; j < n; j++) {
        uint64_t pm = peq[(unsigned char)b[j]];
        uint64_t tr = ((~d0 & pm) << 1) & pm_old;
        d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
        uint64_t hp = vn | ~(d0 | vp);
        uint64_t hn = d0 & vp;
        dist += (hp & top) != 0;
        dist -= (hn & top) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        pm_old = pm;
    }
    return dist;
}

const char *bl_lint_nearest(const bl_lint_near *nr, const char *s, size_t len,
                            bl_lint_near_stats *stats) {
    bl_lint_near_stats local;
    bl_lint_near_stats *st = stats ? stats : &local;
    st->candidates = st->columns = 0;
    if (!nr || !s)
        return NULL;
    /* As bl_vocab_nearest(): "[ LEAD ]" and "[LEAD" are near "[LEAD]". */
    while (len > 0 && (s[0] == '[' || s[0] == ' '))
        s++, len--;
    while (len > 0 && (s[len - 1] == ']' || s[len - 1] == ' '))
        len--;
    if (len > NEAR_MAXL)
        return NULL;
    /* peq[c]: the positions of the query holding c (folded). */
    uint64_t peq[256] = {0};
    for (size_t i = 0; i < len; i++)
        peq[(unsigned char)tolower((unsigned char)s[i])] |= (uint64_t)1 << i;
    /* Accept d <= limit; among equals the first in vocabulary order. A tag
     * of length n is at least |n - len| away: lengths nearest first, and
     * none farther than the best distance so far. */
    int limit = len / 3 > 2 ? (int)(len / 3) : 2;
    int best_d = limit;
    uint32_t best_e = UINT32_MAX; /* none yet */
    for (int delta = 0; delta <= best_d; delta++) {
        for (int side = 0; side < (delta ? 2 : 1); side++) {
            long n = side ? (long)len + delta : (long)len - delta;
            if (n < 0 || n > NEAR_MAXL)
                continue;
            for (uint32_t k = nr->start[n]; k < nr->start[n + 1]; k++) {
                uint32_t e = nr->idx[k];
                int kmax = e < best_e ? best_d : best_d - 1;
                if (kmax < delta)
                    break; /* the rest of the bucket comes after best_e */
                if (st->candidates >= BL_LINT_NEAR_MAX_CANDIDATES ||
                    st->columns >= BL_LINT_NEAR_MAX_COLUMNS)
                    goto done;
                st->candidates++;
                st->columns += (size_t)n;
                int d =
                    len == 0 ? (int)n : osa_distance(peq, len, nr->text + nr->off[k], (size_t)n);
                if (d <= kmax) {
                    best_d = d;
                    best_e = e;
                }
            }
        }
    }
done:
    return best_e == UINT32_MAX ? NULL : bl_vocab_entry_at(nr->v, best_e)->spelling;
}

/* ---- the rules ---- */

/* Invariant: oom latches; every diag added is complete. near is built at
 * the first suggestion wanted (near_tried), freed by bl_lint_run(). */
typedef struct {
    bl_doc *doc;
    bl_diags *out;
    int oom;
    int near_tried;
    bl_lint_near *near;
} lint;

/* The suggestion for tag text s[0, len), or NULL. */
static const char *suggest(lint *l, const char *s, size_t len) {
    if (!l->near_tried) {
        l->near_tried = 1;
        if (bl_lint_near_new(bl_doc_vocab(l->doc), &l->near) != BL_OK)
            l->oom = 1;
    }
    return bl_lint_nearest(l->near, s, len, NULL);
}

/* Appends a finding of code id (its name and severity from lintcode.h). */
static void add(lint *l, int32_t line, size_t col, size_t end_col, bl_lintcode_id id,
                const char *suggestion, const char *fmt, ...) {
    if (l->oom)
        return;
    bl_diags *d = l->out;
    if (bl_vec_grow(d->v, d->cap, d->n + 1, SIZE_MAX / sizeof *d->v) != BL_OK) {
        l->oom = 1;
        return;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *msg = bl_strdup(buf);
    char *sug = suggestion ? bl_strdup(suggestion) : NULL;
    if (!msg || (suggestion && !sug)) {
        free(msg);
        free(sug);
        l->oom = 1;
        return;
    }
    /* The suggestion clause is the message's last "; ..." part. */
    char *clause = sug ? strrchr(msg, ';') : NULL;
    size_t bare = clause && clause[1] == ' ' ? (size_t)(clause - msg) : strlen(msg);
    const bl_lintcode *c = bl_lintcode_at(id);
    d->v[d->n++] = (bl_diag){line, (uint32_t)col, (uint32_t)end_col, (uint8_t)c->severity, c->name,
                             msg,  sug,           (uint32_t)bare};
}

/* A printable, bounded copy of s[a, b) for messages. */
static const char *clip(char *buf, size_t cap, const char *s, size_t a, size_t b) {
    size_t n = b - a < cap - 1 ? b - a : cap - 1;
    memcpy(buf, s + a, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)buf[i] < 0x20)
            buf[i] = ' ';
    return buf;
}

/* §7.9: "[Soundbite]: ..." or "[Soundbite ..." parsed as the tag; the
 * fix is the tag as spelled in the vocabulary, then a space. */
static void tag_typo(lint *l, int32_t i, const char *s, const bl_lineinfo *li) {
    const bl_vocab_entry *e = bl_vocab_entry_at(bl_doc_vocab(l->doc), (size_t)li->entry);
    size_t a = bl_tag_start(li), b = bl_tag_end(li), sk;
    while (b < li->end && (sk = bl_skip_at(s, li->end, b)) > 0)
        b += sk;
    if (b < li->end && s[b] == ':')
        b++;
    char b1[96];
    clip(b1, sizeof b1, s, a, b);
    add(l, i, a, b, BL_LINTCODE_MALFORMED_TAG, e ? e->spelling : NULL,
        "malformed soundbite tag %s%s%s", b1, e ? "; write " : "", e ? e->spelling : "");
}

/* §7.4: an invisible character before a tag, label or attribution (a
 * U+FEFF opening the file is its BOM, not reported). */
static void invisible_rule(lint *l, int32_t i, const char *s, const bl_lineinfo *li) {
    uint8_t sh = li->shape;
    int tagged = sh == BL_SHAPE_TAG || sh == BL_SHAPE_LABEL || sh == BL_SHAPE_RADIO ||
                 sh == BL_SHAPE_UNKNOWN_TAG || sh == BL_SHAPE_MALFORMED || sh == BL_SHAPE_BRACKET;
    if (li->start == 0 || (!tagged && bl_doc_line_kind(l->doc, i) != BL_LINE_ATTRIBUTION))
        return;
    for (size_t k = i == 0 && li->start >= 3 && bl_invisible_at(s, li->start, 0) == 3 &&
                            (unsigned char)s[0] == 0xEF
                        ? 3
                        : 0;
         k < li->start; k++) {
        size_t n = bl_invisible_at(s, li->start, k);
        if (n == 0)
            continue;
        size_t x = k;
        uint32_t cp = bl_utf8_next(s, li->start, &x);
        char sug[24];
        snprintf(sug, sizeof sug, "delete U+%04X", (unsigned)cp);
        add(l, i, k, k + n, BL_LINTCODE_INVISIBLE_CHAR, sug,
            "invisible character U+%04X before the %s; %s", (unsigned)cp,
            tagged ? "tag" : "attribution", sug);
        return;
    }
}

/* Edit distance (insert, delete, substitute; ASCII case folded) of
 * a[0, m) and b[0, n), both at most 24 bytes. */
static int small_distance(const char *a, size_t m, const char *b, size_t n) {
    int row[25];
    for (size_t j = 0; j <= n; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= m; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= n; j++) {
            int up = row[j];
            int sub = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            int best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[n];
}

/* §7.9: a body line that is a bracket soundbite with a typo: its ']'
 * closes no '[' on the line ("Name/Role: "quote"]", the '[' lost or the
 * ']' early), or its ':' is lost ("[Name/Role "quote"]"). */
static void near_bracket_rule(lint *l, int32_t i, const char *s, const bl_lineinfo *li) {
    size_t a = li->start, b = li->end, n;
    if (li->flags & BL_LF_CLOSES_BRACKET) {
        size_t at = bl_close_bracket(s, a, b, 1);
        add(l, i, at, at + 1, BL_LINTCODE_MALFORMED_TAG, NULL,
            "a ']' that no '[' opens: a bracket soundbite without its '['?");
        return;
    }
    if (s[a] != '[')
        return;
    size_t close = bl_close_bracket(s, a, b, 0), q = a + 1;
    while (q < close && !bl_quote_mark_at(s, close, q, &n))
        q++;
    if (q >= close || memchr(s + a, ':', q - a) || !bl_is_speaker(s, a + 1, q))
        return;
    add(l, i, a, q, BL_LINTCODE_MALFORMED_TAG, NULL,
        "a bracket soundbite without the ':' before its quote?");
}

/* §7.9: a body line that is a soundbite tag or a radio cue with a typo
 * ("[Soundbite." "/Soundbite]" "[Sund bites from ...]") is not silently
 * narration: malformed-tag, with the nearest spelling. */
static void near_tag_rule(lint *l, int32_t i, const char *s, const bl_lineinfo *li) {
    static const char *const radio[] = {"[Sound bites from", "[Sound bite:"};
    size_t a = li->start, b = li->end, e = a;
    while (e < b && e - a < 16 && s[e] != ']')
        e++;
    if (e >= b || s[e] != ']') /* no ']' near: the first word */
        for (e = a; e < b && bl_skip_at(s, b, e) == 0;)
            e++;
    size_t tok = e < b && s[e] == ']' ? e + 1 : e;
    const char *near = NULL;
    if (memchr(s + a, '[', tok - a) || memchr(s + a, ']', tok - a)) {
        near = suggest(l, s + a, tok - a);
        if (near && near[0] != '[')
            near = NULL;
    }
    for (size_t k = 0; !near && k < 2; k++) {
        size_t n = strlen(radio[k]), m = b - a < n ? b - a : n;
        if (memchr(s + a, ']', b - a) && small_distance(s + a, m, radio[k], n) <= 2)
            near = radio[k], tok = a + m;
    }
    if (!near) {
        near_bracket_rule(l, i, s, li);
        return;
    }
    char b1[96];
    clip(b1, sizeof b1, s, a, tok);
    add(l, i, a, tok, BL_LINTCODE_MALFORMED_TAG, near, "malformed tag %s; write %s", b1, near);
}

/* §7.9: an attribution with a typo, read as narration (nearattr.h). */
static void near_attr_rule(lint *l, int32_t i, const char *s, size_t len, const bl_lineinfo *li) {
    int32_t n = bl_doc_line_count(l->doc), j = i + 1;
    while (j < n && bl_doc_line_info(l->doc, j)->shape == BL_SHAPE_BLANK)
        j++;
    int para = j < n && bl_doc_line_kind(l->doc, j) == BL_LINE_BODY;
    bl_nearattr r;
    char what[64];
    if (bl_nearattr_check(bl_doc_vocab(l->doc), s, len, li, para, &r))
        add(l, i, r.col, r.end_col, BL_LINTCODE_MALFORMED_ATTRIBUTION, NULL,
            "an attribution with a typo, read as narration: %s",
            bl_nearattr_describe(&r, s, what, sizeof what));
}

static void line_rules(lint *l) {
    bl_doc *doc = l->doc;
    int32_t n = bl_doc_line_count(doc);
    char b1[96];
    for (int32_t i = 0; i < n; i++) {
        size_t len;
        const char *s = bl_doc_line(doc, i, &len);
        const bl_lineinfo *li = bl_doc_line_info(doc, i);
        invisible_rule(l, i, s, li);
        switch (li->shape) {
        case BL_SHAPE_UNKNOWN_TAG: {
            const char *near = suggest(l, s + bl_tag_start(li), bl_tag_end(li) - bl_tag_start(li));
            clip(b1, sizeof b1, s, bl_tag_start(li), bl_tag_end(li));
            if (near)
                add(l, i, bl_tag_start(li), bl_tag_end(li), BL_LINTCODE_UNKNOWN_TAG, near,
                    "unknown tag %s; did you mean %s?", b1, near);
            else
                add(l, i, bl_tag_start(li), bl_tag_end(li), BL_LINTCODE_UNKNOWN_TAG, NULL,
                    "unknown tag %s", b1);
            break;
        }
        case BL_SHAPE_MALFORMED: {
            const char *near = suggest(l, s + bl_tag_start(li), bl_tag_end(li) - bl_tag_start(li));
            clip(b1, sizeof b1, s, bl_tag_start(li), bl_tag_end(li));
            add(l, i, bl_tag_start(li), bl_tag_end(li), BL_LINTCODE_MALFORMED_TAG, near,
                "malformed tag %s%s%s", b1, near ? "; write " : "", near ? near : "");
            break;
        }
        case BL_SHAPE_TEXT:
            if (bl_doc_line_kind(doc, i) == BL_LINE_BODY) {
                size_t found = l->out->n;
                near_tag_rule(l, i, s, li);
                if (l->out->n == found)
                    near_attr_rule(l, i, s, len, li);
            }
            /* a Hangul caption with no quote after it */
            if (bl_doc_line_kind(doc, i) == BL_LINE_CHROME)
                add(l, i, li->start, li->end, BL_LINTCODE_CHROME, NULL,
                    "web-page furniture left in the text");
            break;
        case BL_SHAPE_CHROME:
            if (bl_doc_line_kind(doc, i) == BL_LINE_CHROME) /* not a Hangul quote */
                add(l, i, li->start, li->end, BL_LINTCODE_CHROME, NULL,
                    "web-page furniture left in the text");
            break;
        case BL_SHAPE_TAG:
            if (li->flags & BL_LF_TAG_TYPO)
                tag_typo(l, i, s, li);
            size_t at;
            int64_t ms;
            if ((li->role == BL_ROLE_LEAD || li->role == BL_ROLE_REPORT) &&
                bl_tag_end(li) < li->end &&
                /* a declared duration "[REPORT] (1:45)" is no text (timing.h) */
                !(bl_timing_declared(s, bl_tag_end(li), li->end, &ms, &at) &&
                  bl_count_words(s, bl_tag_end(li), at) == 0)) {
                clip(b1, sizeof b1, s, bl_tag_start(li), bl_tag_end(li));
                add(l, i, bl_tag_end(li), li->end, BL_LINTCODE_TAG_NOT_ALONE, NULL,
                    "text after the section tag %s; put it on its own line", b1);
            }
            break;
        default:
            break;
        }
    }
}

static int valid_stamp(const char *iso) {
    int y, mo, d, h = 0, mi = 0, sec = 0;
    size_t len = strlen(iso);
    if (sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) != 3)
        return 0;
    if (len >= 16 && sscanf(iso + 11, "%2d:%2d", &h, &mi) != 2)
        return 0;
    if (len >= 19 && sscanf(iso + 17, "%2d", &sec) != 1)
        return 0;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
        return 0;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return h <= 23 && mi <= 59 && sec <= 59;
}

static void timestamp_rules(lint *l) {
    bl_doc *doc = l->doc;
    int32_t n = bl_doc_line_count(doc);
    char in[24], mod[24];
    for (int32_t i = 0; i < n; i++) {
        size_t len;
        const char *s = bl_doc_line(doc, i, &len);
        const bl_lineinfo *li = bl_doc_line_info(doc, i);
        if (li->shape != BL_SHAPE_DATE && li->shape != BL_SHAPE_STAMP &&
            li->shape != BL_SHAPE_BARE_STAMP)
            continue;
        int has_in = bl_header_stamp(s, li, "입력", in);
        int has_mod = bl_header_stamp(s, li, "수정", mod);
        if (li->shape == BL_SHAPE_BARE_STAMP)
            has_in = bl_header_bare_stamp(s, li, in);
        has_in = has_in && in[0]; /* §7.6: a date alone is not checked */
        has_mod = has_mod && mod[0];
        if (li->shape == BL_SHAPE_DATE) {
            char date[11];
            memcpy(date, s + li->start + 5, 10);
            date[10] = '\0';
            if (!valid_stamp(date))
                add(l, i, li->start + 5, li->start + 15, BL_LINTCODE_TIMESTAMP, NULL,
                    "impossible date %s", date);
        }
        if (has_in && !valid_stamp(in))
            add(l, i, li->start, li->end, BL_LINTCODE_TIMESTAMP, NULL, "impossible date or time %s",
                in);
        if (has_mod && !valid_stamp(mod))
            add(l, i, li->start, li->end, BL_LINTCODE_TIMESTAMP, NULL, "impossible date or time %s",
                mod);
        if (has_in && has_mod && strcmp(mod, in) < 0)
            add(l, i, li->start, li->end, BL_LINTCODE_TIMESTAMP, NULL,
                "수정 %s is earlier than 입력 %s", mod, in);
    }
    /* 수정 on its own line, earlier than the 입력 above it. */
    const bl_meta *m = bl_doc_meta(doc);
    if (m->posted && m->updated && strcmp(m->updated, m->posted) < 0) {
        for (int32_t i = 0; i < n; i++) {
            size_t len;
            const char *s = bl_doc_line(doc, i, &len);
            const bl_lineinfo *li = bl_doc_line_info(doc, i);
            if (li->shape == BL_SHAPE_STAMP && bl_header_stamp(s, li, "수정", mod) && mod[0] &&
                !bl_header_stamp(s, li, "입력", in)) {
                add(l, i, li->start, li->end, BL_LINTCODE_TIMESTAMP, NULL,
                    "수정 %s is earlier than 입력 %s", m->updated, m->posted);
                break;
            }
        }
    }
}

/* The family of the section tag on line i, or -1 for "common". */
static int family_of(bl_doc *doc, int32_t i) {
    const bl_lineinfo *li = bl_doc_line_info(doc, i);
    if (li->entry < 0)
        return -1;
    const bl_vocab_entry *e = bl_vocab_entry_at(bl_doc_vocab(doc), (size_t)li->entry);
    return e && e->family != 0 ? e->family : -1;
}

/* The next non-blank line at or after *i and before end, or -1. */
static int32_t next_body(bl_doc *doc, int32_t *i, int32_t end) {
    while (*i < end && bl_doc_line_info(doc, *i)->shape == BL_SHAPE_BLANK)
        (*i)++;
    return *i < end ? (*i)++ : -1;
}

/* Do sections x and y hold the same non-blank lines (trimmed) after their
 * tags? Linear in their lengths. */
static int same_body(bl_doc *doc, const bl_item *x, const bl_item *y) {
    int32_t i = x->line, j = y->line;
    for (int k = 0;; k++) {
        int32_t a = next_body(doc, &i, x->end_line), b = next_body(doc, &j, y->end_line);
        if (a < 0 || b < 0)
            return a == b && k > 0;
        size_t la, lb;
        const char *sa = bl_doc_line(doc, a, &la), *sb = bl_doc_line(doc, b, &lb);
        const bl_lineinfo *ia = bl_doc_line_info(doc, a), *ib = bl_doc_line_info(doc, b);
        if (ia->end - ia->start != ib->end - ib->start ||
            memcmp(sa + ia->start, sb + ib->start, ia->end - ia->start) != 0)
            return 0;
    }
}

/* §3, §7.13: is the lead section it a header/lead block the page printed
 * twice: a repeated headline stands between it and the previous section,
 * or its text is that of the story's first lead? */
static int repeated_lead(bl_doc *doc, const bl_item *it, const bl_item *prev,
                         const bl_item *first_lead) {
    for (int32_t i = prev->line; i < it->line - 1; i++)
        if (bl_doc_line_kind(doc, i) == BL_LINE_TITLE)
            return 1;
    return first_lead && first_lead != it && same_body(doc, first_lead, it);
}

static void section_rules(lint *l) {
    bl_doc *doc = l->doc;
    size_t n;
    const bl_item *items = bl_doc_items(doc, &n);
    const bl_vocab *v = bl_doc_vocab(doc);
    int first_family = -1;
    int32_t first_family_line = 0;
    const bl_item *prev = NULL;       /* previous section in the current story */
    const bl_item *first_lead = NULL; /* the story's first lead section */
    int seen_report = 0;
    for (size_t k = 0; k < n; k++) {
        const bl_item *it = &items[k];
        if (it->kind == BL_ITEM_STORY) {
            prev = first_lead = NULL;
            seen_report = 0;
            continue;
        }
        if (it->kind != BL_ITEM_SECTION)
            continue;
        int32_t i = it->line - 1;
        const bl_lineinfo *li = bl_doc_line_info(doc, i);
        size_t a = bl_tag_start(li), b = bl_tag_end(li);
        int fam = family_of(doc, i);
        if (fam >= 0 && first_family < 0) {
            first_family = fam;
            first_family_line = it->line;
        } else if (fam >= 0 && fam != first_family) {
            add(l, i, a, b, BL_LINTCODE_MIXED_DIALECT, NULL,
                "%s is of the %s family, but line %d uses the %s family", it->tag,
                bl_vocab_family_name(v, (uint16_t)fam), (int)first_family_line,
                bl_vocab_family_name(v, (uint16_t)first_family));
        }
        int is_lead = strcmp(it->section, "lead") == 0;
        if (is_lead && !first_lead)
            first_lead = it;
        if (is_lead && prev && repeated_lead(doc, it, prev, first_lead)) {
            prev = it; /* §7.13: the page printed its header and lead again */
            seen_report = 0;
            continue;
        }
        if (!prev && !is_lead)
            add(l, i, a, b, BL_LINTCODE_MISSING_LEAD, NULL,
                "the story's first section is %s, not a lead", it->tag);
        if (is_lead && seen_report)
            add(l, i, a, b, BL_LINTCODE_SECTION_ORDER, NULL,
                "a lead %s after a report in the same story", it->tag);
        if (prev && strcmp(prev->section, it->section) == 0)
            add(l, i, a, b, BL_LINTCODE_DUPLICATE_SECTION, NULL,
                "a second %s section in a row (the first is at line %d)", it->section,
                (int)prev->line);
        if (it->end_line == it->line && li->end <= bl_tag_end(li))
            add(l, i, a, b, BL_LINTCODE_EMPTY_SECTION, NULL, "section %s has no text", it->tag);
        seen_report |= !is_lead;
        prev = it;
    }
}

/* Counts quote marks (", “, ”) in s[a, b). */
static size_t count_marks(const char *s, size_t a, size_t b) {
    size_t c = 0, n;
    for (size_t i = a; i < b;) {
        if (bl_quote_mark_at(s, b, i, &n)) {
            c++;
            i += n;
        } else {
            i++;
        }
    }
    return c;
}

/* The part of line i that holds quote text for item it: after the speaker
 * and role for one-line forms, the whole line otherwise. */
static void quote_region(bl_doc *doc, const bl_item *it, int32_t i, size_t *a, size_t *b) {
    size_t len;
    const char *s = bl_doc_line(doc, i, &len);
    const bl_lineinfo *li = bl_doc_line_info(doc, i);
    bl_sb_parts p;
    *a = li->start;
    *b = li->end;
    if (it->form == BL_FORM_BRACKET && i == it->end_line - 1 && i != it->line - 1)
        *b = bl_close_bracket(s, *a, *b, 1); /* narration may follow the ']' */
    if (i != it->quote_line - 1 || bl_doc_line_kind(doc, i) == BL_LINE_QUOTE)
        return;
    int ok = 0;
    if (li->shape == BL_SHAPE_TAG)
        ok = bl_sb_tagged(s, bl_tag_end(li), li->end, &p) != 0;
    else if (li->shape == BL_SHAPE_BRACKET)
        ok = bl_sb_bracket(s, li->start, li->end, &p);
    else if (li->shape == BL_SHAPE_RADIO)
        ok = bl_sb_radio(s, li->start, li->end, &p);
    else
        ok = bl_sb_colon(s, li->start, li->end, 0, &p);
    if (ok && p.q_b > p.q_a) {
        /* Widen to take in the quote's own marks. */
        size_t x = p.q_a, n;
        while (x > li->start && s[x - 1] == ' ')
            x--;
        for (size_t back = 1; back <= 3 && x >= li->start + back; back++)
            if (bl_quote_mark_at(s, li->end, x - back, &n) && n == back) {
                x -= back;
                break;
            }
        *a = x;
        if (li->shape == BL_SHAPE_BRACKET)
            *b = bl_close_bracket(s, li->start, li->end, 0);
    }
}

/* The attribution part of a quote item's line: before its quote text. */
static int paren_balance(const char *s, size_t a, size_t b) {
    int depth = 0, bad = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && --depth < 0)
            bad = 1, depth = 0;
    }
    return !bad && depth == 0;
}

static void quote_rules(lint *l) {
    bl_doc *doc = l->doc;
    size_t n;
    const bl_item *items = bl_doc_items(doc, &n);
    char b1[96];
    for (size_t k = 0; k < n; k++) {
        const bl_item *it = &items[k];
        if (it->kind != BL_ITEM_QUOTE)
            continue;
        int32_t i = it->line - 1;
        size_t len;
        const bl_lineinfo *li = bl_doc_line_info(doc, i);
        if (it->form == BL_FORM_SLASH && it->quote_line == 0)
            add(l, i, li->start, li->end, BL_LINTCODE_DANGLING_ATTRIBUTION, NULL,
                "attribution with no quote paragraph after it");
        if (it->quote_line > 0) {
            size_t marks = 0, a, b;
            for (int32_t q = it->quote_line - 1; q < it->end_line; q++) {
                const char *qs = bl_doc_line(doc, q, &len);
                quote_region(doc, it, q, &a, &b);
                marks += count_marks(qs, a, b);
            }
            if (marks % 2 != 0) {
                quote_region(doc, it, it->quote_line - 1, &a, &b);
                add(l, it->quote_line - 1, a, b, BL_LINTCODE_UNBALANCED_QUOTE, NULL,
                    "quote marks do not pair up in this quote");
            }
        }
        /* Parentheses of the attribution: the line naming the speaker, which
         * for a bare [Soundbite] is the line after it (the soundbite's last). */
        int32_t at =
            (it->form == BL_FORM_TAG_LINE || it->form == BL_FORM_ANON) && it->end_line > it->line
                ? it->end_line - 1
                : i;
        const char *as = bl_doc_line(doc, at, &len);
        const bl_lineinfo *ai = bl_doc_line_info(doc, at);
        size_t qa = ai->end, qb;
        if (it->quote_line - 1 == at)
            quote_region(doc, it, at, &qa, &qb);
        if (it->form != BL_FORM_SLASH && it->form != BL_FORM_QUOTE_ONLY &&
            !paren_balance(as, ai->start, qa))
            add(l, at, ai->start, qa, BL_LINTCODE_UNBALANCED_PAREN, NULL,
                "parentheses do not pair up in the attribution '%s'",
                clip(b1, sizeof b1, as, ai->start, qa));
    }
}

/* One speaker's first soundbite with a role, by an open-addressing table
 * sized to twice the number of soundbites: linear in the document. */
static void speaker_rules(lint *l) {
    bl_doc *doc = l->doc;
    size_t n, nq = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    for (size_t k = 0; k < n; k++)
        nq += items[k].kind == BL_ITEM_QUOTE && items[k].speaker && items[k].role;
    if (nq < 2)
        return;
    size_t cap = 16;
    while (cap < 2 * nq)
        cap *= 2;
    const bl_item **table = bl_calloc(cap, sizeof *table);
    if (!table) {
        l->oom = 1;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        const bl_item *it = &items[k];
        if (it->kind != BL_ITEM_QUOTE || !it->speaker || !it->role)
            continue;
        size_t h = (size_t)bl_hash_str(BL_HASH_SEED, it->speaker) & (cap - 1);
        while (table[h] && strcmp(table[h]->speaker, it->speaker) != 0)
            h = (h + 1) & (cap - 1);
        const bl_item *first = table[h];
        if (!first) {
            table[h] = it;
        } else if (strcmp(first->role, it->role) != 0) {
            int32_t i = it->line - 1;
            const bl_lineinfo *li = bl_doc_line_info(doc, i);
            add(l, i, li->start, li->end, BL_LINTCODE_SPEAKER_ROLE_MISMATCH, NULL,
                "%s is '%s' here but '%s' at line %d", it->speaker, it->role, first->role,
                (int)first->line);
        }
    }
    free(table);
}

static int by_line(const void *x, const void *y) {
    const bl_diag *a = x, *b = y;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return strcmp(a->code, b->code);
}

int bl_lint_run(bl_doc *doc, bl_diags *out) {
    if (!doc || !out)
        return BL_EINVAL;
    lint l = {doc, out, 0, 0, NULL};
    size_t start = out->n;
    line_rules(&l);
    bl_lint_near_free(l.near);
    timestamp_rules(&l);
    section_rules(&l);
    quote_rules(&l);
    speaker_rules(&l);
    if (bl_timelint_run(doc, NULL, out) != BL_OK)
        l.oom = 1;
    if (out->n > start)
        qsort(out->v + start, out->n - start, sizeof *out->v, by_line);
    return l.oom ? BL_ENOMEM : BL_OK;
}
