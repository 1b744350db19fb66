#include "fix.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "line.h"
#include "lintcode.h"

void bl_fixes_free(bl_fixes *f) {
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].title);
        for (size_t k = 0; k < f->v[i].n_edits; k++)
            free(f->v[i].edits[k].text);
    }
    bl_vec_free(f);
}

int bl_fix_same_letters(const char *s, size_t n, const char *t) {
    size_t i = 0, j = 0, m = strlen(t);
    for (;;) {
        while (i < n && (unsigned char)s[i] < 0x80 && !isalnum((unsigned char)s[i]))
            i++;
        while (j < m && (unsigned char)t[j] < 0x80 && !isalnum((unsigned char)t[j]))
            j++;
        if (i == n || j == m)
            return i == n && j == m;
        if (tolower((unsigned char)s[i]) != tolower((unsigned char)t[j]))
            return 0;
        i++, j++;
    }
}

/* Position order of (line, col). */
static int pos_lt(int32_t l1, uint32_t c1, int32_t l2, uint32_t c2) {
    return l1 < l2 || (l1 == l2 && c1 < c2);
}

static int edits_overlap(const bl_edit *x, const bl_edit *y) {
    int x_empty = x->line == x->end_line && x->col == x->end_col;
    int y_empty = y->line == y->end_line && y->col == y->end_col;
    if (x_empty && y_empty)
        return x->line == y->line && x->col == y->col;
    /* [x.start, x.end) and [y.start, y.end) intersect; an empty one at an
     * end of the other does not. */
    return pos_lt(x->line, x->col, y->end_line, y->end_col) &&
           pos_lt(y->line, y->col, x->end_line, x->end_col);
}

int bl_fix_overlap(const bl_fix *a, const bl_fix *b) {
    for (size_t i = 0; i < a->n_edits; i++)
        for (size_t k = 0; k < b->n_edits; k++)
            if (edits_overlap(&a->edits[i], &b->edits[k]))
                return 1;
    return 0;
}

/* The finding's line, borrowed from the doc. */
typedef struct {
    const bl_doc *doc;
    int32_t line;
    const char *s; /* the line's text, borrowed */
    size_t len;
    const bl_lineinfo *li;
} ctx;

/* A candidate of bl_fix_choose(): its span and its rank in cand. */
typedef struct {
    int32_t l0, l1;
    uint32_t c0, c1;
    size_t rank;
} span;

static int span_order(const void *x, const void *y) {
    const span *a = x, *b = y;
    if (a->l0 != b->l0 || a->c0 != b->c0)
        return pos_lt(a->l0, a->c0, b->l0, b->c0) ? -1 : 1;
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

int bl_fix_choose(const bl_fix *fixes, const size_t *cand, size_t n, size_t *out, size_t *n_out) {
    *n_out = 0;
    if (n == 0)
        return BL_OK;
    span *v = bl_malloc(n * sizeof *v);
    if (!v)
        return BL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const bl_fix *f = &fixes[cand[i]];
        const bl_edit *a = &f->edits[0], *b = &f->edits[f->n_edits - 1];
        v[i] = (span){a->line, b->end_line, a->col, b->end_col, i};
    }
    qsort(v, n, sizeof *v, span_order);
    int32_t el = INT32_MIN;
    uint32_t ec = 0;
    int last_empty = 0;
    for (size_t i = 0; i < n; i++) {
        int empty = v[i].l0 == v[i].l1 && v[i].c0 == v[i].c1;
        int at_end = v[i].l0 == el && v[i].c0 == ec;
        if (pos_lt(v[i].l0, v[i].c0, el, ec) || (at_end && empty && last_empty))
            continue;
        out[(*n_out)++] = cand[v[i].rank];
        el = v[i].l1, ec = v[i].c1, last_empty = empty;
    }
    free(v);
    return BL_OK;
}

/* A copy of a[0, an) + b[0, bn). NULL when out of memory. */
static char *join2(const char *a, size_t an, const char *b, size_t bn) {
    char *p = bl_malloc(an + bn + 1);
    if (!p)
        return NULL;
    if (an)
        memcpy(p, a, an);
    if (bn)
        memcpy(p + an, b, bn);
    p[an + bn] = '\0';
    return p;
}

/* The end of the line's content when trailing whitespace follows it (a
 * final "\r" is the line end, not whitespace, and stays), or 0 when there
 * is none to trim. */
static size_t trim_from(const ctx *c) {
    size_t end = c->len;
    if (end > 0 && c->s[end - 1] == '\r')
        end--;
    return end > c->li->end ? c->li->end : 0;
}

static size_t line_end(const ctx *c) {
    return c->len > 0 && c->s[c->len - 1] == '\r' ? c->len - 1 : c->len;
}

/* Appends a fix of one edit on the finding's line: [col, end) becomes
 * text[0, tn); on a tag line the trailing whitespace goes too (the same
 * edit when it ends at the content's end, a second edit else). */
static int add_fix(const ctx *c, bl_fixes *out, int safe, const char *title, size_t col, size_t end,
                   const char *text, size_t tn, int trim) {
    bl_fix f;
    memset(&f, 0, sizeof f);
    f.safe = (uint8_t)safe;
    f.title = bl_strdup(title);
    f.edits[0] =
        (bl_edit){c->line, (uint32_t)col, c->line, (uint32_t)end, join2(text, tn, "", 0), tn};
    f.n_edits = 1;
    size_t t = trim ? trim_from(c) : 0;
    if (t > 0 && end == t) {
        f.edits[0].end_col = (uint32_t)line_end(c);
    } else if (t > 0 && end < t) {
        f.edits[1] =
            (bl_edit){c->line, (uint32_t)t, c->line, (uint32_t)line_end(c), bl_strdup(""), 0};
        f.n_edits = 2;
    }
    int oom = !f.title;
    for (size_t k = 0; k < f.n_edits; k++)
        oom |= !f.edits[k].text;
    if (!oom && bl_vec_push(out, f) == 0)
        return BL_OK;
    free(f.title);
    for (size_t k = 0; k < f.n_edits; k++)
        free(f.edits[k].text);
    return BL_ENOMEM;
}

static int is_tag_line(const bl_lineinfo *li) {
    return li->shape == BL_SHAPE_TAG || li->shape == BL_SHAPE_UNKNOWN_TAG ||
           li->shape == BL_SHAPE_MALFORMED || li->shape == BL_SHAPE_RADIO ||
           li->shape == BL_SHAPE_LABEL;
}

/* The fix writing tag text rep over [col, end): safe when only case,
 * spacing or brackets differ. No fix when nothing would change or rep is
 * a '*' spelling (a pattern, not a tag). */
static int spelling_fix(const ctx *c, bl_fixes *out, size_t col, size_t end, const char *rep,
                        size_t rn, int force_safe) {
    if (!rep || memchr(rep, '*', rn))
        return BL_OK;
    if (end - col == rn && memcmp(c->s + col, rep, rn) == 0 && !trim_from(c))
        return BL_OK;
    char word[BL_VOCAB_MAX_SPELLING + 1];
    snprintf(word, sizeof word, "%.*s", (int)rn, rep);
    int safe = force_safe || bl_fix_same_letters(c->s + col, end - col, word);
    char title[BL_VOCAB_MAX_SPELLING + 64];
    snprintf(title, sizeof title, safe ? "Write %s" : "Replace with the nearest tag %s", word);
    return add_fix(c, out, safe, title, col, end, rep, rn, is_tag_line(c->li));
}

static int fix_tag(const ctx *c, const bl_diag *d, bl_fixes *out) {
    const bl_lineinfo *li = c->li;
    const char *sug = d->suggestion;
    if (!sug || sug[0] != '[')
        return BL_OK;
    size_t col = d->col, end = d->end_col, sn = strlen(sug);
    if (li->shape == BL_SHAPE_UNKNOWN_TAG || li->shape == BL_SHAPE_MALFORMED) {
        if (col != bl_tag_start(li) || end != bl_tag_end(li))
            return BL_OK;
        return spelling_fix(c, out, col, end, sug, sn, 0);
    }
    if (bl_lintcode_index(d->code) != BL_LINTCODE_MALFORMED_TAG)
        return BL_OK;
    if (li->shape == BL_SHAPE_TAG && (li->flags & BL_LF_TAG_TYPO)) {
        /* §7.9 "[Soundbite]: Name" / "[Soundbite Name": the tag as
         * spelled, and a space before what follows it. */
        if (col != bl_tag_start(li) || end > li->end || end <= col)
            return BL_OK;
        char rep[BL_VOCAB_MAX_SPELLING + 2];
        int sp = end < li->end && bl_skip_at(c->s, c->len, end) == 0;
        int rn = snprintf(rep, sizeof rep, "%s%s", sug, sp ? " " : "");
        if (rn < 0 || (size_t)rn >= sizeof rep)
            return BL_OK;
        return spelling_fix(c, out, col, end, rep, (size_t)rn, 1);
    }
    if (li->shape == BL_SHAPE_TEXT && col == li->start && end > col && end <= li->end) {
        /* A body line that is a tag with a typo ("[Soundbite." "/Soundbite]"),
         * or a radio cue ("[Sund bites from ..."): keep the space after it. */
        char rep[BL_VOCAB_MAX_SPELLING + 2];
        int sp = sug[sn - 1] != ']' && c->s[end - 1] == ' ';
        int rn = snprintf(rep, sizeof rep, "%s%s", sug, sp ? " " : "");
        if (rn < 0 || (size_t)rn >= sizeof rep)
            return BL_OK;
        return spelling_fix(c, out, col, end, rep, (size_t)rn, 0);
    }
    return BL_OK;
}

/* §7.4: every invisible character from the finding's to the tag goes. */
static int fix_invisible(const ctx *c, const bl_diag *d, bl_fixes *out) {
    size_t a = d->col, b = c->li->start;
    if (a >= b || b > c->len || bl_invisible_at(c->s, b, a) == 0)
        return BL_OK;
    char *keep = bl_malloc(b - a + 1);
    if (!keep)
        return BL_ENOMEM;
    size_t k = 0;
    for (size_t i = a; i < b;) {
        size_t n = bl_invisible_at(c->s, b, i);
        if (n == 0)
            keep[k++] = c->s[i++];
        else
            i += n;
    }
    keep[k] = '\0';
    size_t x = a;
    uint32_t cp = bl_utf8_next(c->s, b, &x);
    char title[64];
    snprintf(title, sizeof title, "Delete the invisible U+%04X before the %s", (unsigned)cp,
             is_tag_line(c->li) ? "tag" : "attribution");
    int rc = add_fix(c, out, 1, title, a, b, keep, k, is_tag_line(c->li));
    free(keep);
    return rc;
}

/* Web chrome: the whole line goes. */
static int fix_chrome(const ctx *c, bl_fixes *out) {
    if (bl_doc_line_kind(c->doc, c->line) != BL_LINE_CHROME)
        return BL_OK;
    int32_t n = bl_doc_line_count(c->doc);
    bl_fix f;
    memset(&f, 0, sizeof f);
    f.title = bl_strdup("Delete this line (web-page furniture)");
    f.n_edits = 1;
    if (c->line + 1 < n) {
        f.edits[0] = (bl_edit){c->line, 0, c->line + 1, 0, bl_strdup(""), 0};
    } else if (c->line > 0) {
        size_t pl;
        (void)bl_doc_line(c->doc, c->line - 1, &pl);
        f.edits[0] =
            (bl_edit){c->line - 1, (uint32_t)pl, c->line, (uint32_t)c->len, bl_strdup(""), 0};
    } else {
        f.edits[0] = (bl_edit){0, 0, 0, (uint32_t)c->len, bl_strdup(""), 0};
    }
    if (f.title && f.edits[0].text && bl_vec_push(out, f) == 0)
        return BL_OK;
    free(f.title);
    free(f.edits[0].text);
    return BL_ENOMEM;
}

/* "[LEAD] text": the text moves to a line of its own after the tag. */
static int fix_not_alone(const ctx *c, const bl_diag *d, bl_fixes *out) {
    const bl_lineinfo *li = c->li;
    size_t a = bl_tag_end(li), t = a, n;
    if (li->shape != BL_SHAPE_TAG || d->col != a || a == 0 || a >= li->end)
        return BL_OK;
    while (t < li->end && (n = bl_skip_at(c->s, li->end, t)) > 0)
        t += n;
    char title[160];
    snprintf(title, sizeof title, "Move the text after %.*s to its own line",
             (int)(li->tag_len < 96 ? li->tag_len : 96), c->s + bl_tag_start(li));
    char *text = join2("\n", 1, c->s + t, li->end - t);
    if (!text)
        return BL_ENOMEM;
    int rc = add_fix(c, out, 0, title, a, line_end(c), text, 1 + (li->end - t), 0);
    free(text);
    return rc;
}

int bl_fix_for(const bl_doc *doc, const bl_diag *d, bl_fixes *out) {
    if (!doc || !d || !out || !d->code)
        return BL_EINVAL;
    if (d->line < 0 || d->line >= bl_doc_line_count(doc))
        return BL_OK;
    ctx c = {doc, d->line, NULL, 0, bl_doc_line_info(doc, d->line)};
    c.s = bl_doc_line(doc, d->line, &c.len);
    if (!c.li || !c.s || d->col > d->end_col || d->end_col > c.len)
        return BL_OK;
    switch (bl_lintcode_index(d->code)) {
    case BL_LINTCODE_UNKNOWN_TAG:
    case BL_LINTCODE_MALFORMED_TAG:
        return fix_tag(&c, d, out);
    case BL_LINTCODE_INVISIBLE_CHAR:
        return fix_invisible(&c, d, out);
    case BL_LINTCODE_CHROME:
        return fix_chrome(&c, out);
    case BL_LINTCODE_TAG_NOT_ALONE:
        return fix_not_alone(&c, d, out);
    default:
        return BL_OK;
    }
}
