#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "hl.h"
#include "parse.h"

/* Invariants: lines[0, n) are analyzed (bl_line_analyze) as soon as they
 * are inserted; prev is NULL until the first edit after an update (a
 * one-shot parse never needs it), then prev[i] packs kind/fold/form of
 * line i as of the last update (spliced with the lines, 0xFFFFFFFF for
 * lines inserted since); updated says whether an update has run;
 * [dirty_first, dirty_last) covers every line edited since the last update
 * (dirty_first > dirty_last when nothing was). */
struct bl_doc {
    const bl_vocab *vocab;
    bl_vocab *own_vocab;
    bl_pline *lines;
    uint32_t *prev;
    int32_t n, cap;
    int updated;
    char *bulk; /* one buffer that non-owned lines point into */
    int32_t dirty_first, dirty_last;
    uint64_t outline_hash;
    bl_parse_result res;
    bl_span *scratch;
    size_t scratch_cap;
};

bl_doc *bl_doc_new(const bl_vocab *vocab) {
    bl_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    if (!vocab) {
        d->own_vocab = bl_vocab_new();
        if (!d->own_vocab) {
            free(d);
            return NULL;
        }
        vocab = d->own_vocab;
    }
    d->vocab = vocab;
    d->dirty_first = 1;
    d->dirty_last = 0;
    return d;
}

static void free_line(bl_pline *l) {
    if (l->owned)
        free((char *)l->text);
}

void bl_doc_free(bl_doc *d) {
    if (!d)
        return;
    for (int32_t i = 0; i < d->n; i++)
        free_line(&d->lines[i]);
    free(d->lines);
    free(d->prev);
    free(d->bulk);
    free(d->scratch);
    bl_parse_result_free(&d->res);
    bl_vocab_free(d->own_vocab);
    free(d);
}

static int reserve(bl_doc *d, int64_t need) {
    if (need > (int64_t)BL_MAX_LINES)
        return BL_ETOOBIG;
    if (need <= d->cap)
        return BL_OK;
    int64_t cap = d->cap ? d->cap : 64;
    while (cap < need)
        cap *= 2;
    if (cap > (int64_t)BL_MAX_LINES)
        cap = BL_MAX_LINES;
    bl_pline *l = realloc(d->lines, (size_t)cap * sizeof *l);
    if (!l)
        return BL_ENOMEM;
    d->lines = l;
    if (d->prev) {
        uint32_t *p = realloc(d->prev, (size_t)cap * sizeof *p);
        if (!p)
            return BL_ENOMEM;
        d->prev = p;
    }
    d->cap = (int32_t)cap;
    return BL_OK;
}

static uint32_t pack(const bl_pline *l) {
    return (uint32_t)l->kind | (uint32_t)l->fold << 8 | (uint32_t)l->form << 16;
}

/* Starts change tracking: prev[] from the state of the last update. */
static int start_prev(bl_doc *d) {
    d->prev = malloc((size_t)(d->cap ? d->cap : 1) * sizeof *d->prev);
    if (!d->prev)
        return BL_ENOMEM;
    for (int32_t i = 0; i < d->n; i++)
        d->prev[i] = pack(&d->lines[i]);
    return BL_OK;
}

static void mark_dirty(bl_doc *d, int32_t first, int32_t last) {
    if (d->dirty_first > d->dirty_last) {
        d->dirty_first = first;
        d->dirty_last = last;
        return;
    }
    if (first < d->dirty_first)
        d->dirty_first = first;
    if (last > d->dirty_last)
        d->dirty_last = last;
}

int bl_doc_replace(bl_doc *d, int32_t first, int32_t last, size_t n, const char *const *texts,
                   const size_t *lens) {
    if (!d || (n && (!texts || !lens)))
        return BL_EINVAL;
    if (last < 0)
        last = d->n;
    if (first < 0 || first > last || last > d->n)
        return BL_EINVAL;
    if (n > BL_MAX_LINES)
        return BL_ETOOBIG;
    int64_t newn = (int64_t)d->n - (last - first) + (int64_t)n;
    int rc = reserve(d, newn);
    if (rc)
        return rc;
    if (d->updated && !d->prev && (rc = start_prev(d)) != BL_OK)
        return rc;
    /* Copy the new texts first, so that failure leaves the doc as it was. */
    bl_pline *fresh = n ? calloc(n, sizeof *fresh) : NULL;
    if (n && !fresh)
        return BL_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        if (lens[k] > BL_MAX_LINE_BYTES) {
            rc = BL_ETOOBIG;
        } else {
            char *t = malloc(lens[k] + 1);
            if (!t) {
                rc = BL_ENOMEM;
            } else {
                if (lens[k])
                    memcpy(t, texts[k], lens[k]);
                t[lens[k]] = '\0';
                fresh[k].text = t;
                fresh[k].len = (uint32_t)lens[k];
                fresh[k].owned = 1;
                continue;
            }
        }
        for (size_t j = 0; j < k; j++)
            free((char *)fresh[j].text);
        free(fresh);
        return rc;
    }
    for (int32_t i = first; i < last; i++)
        free_line(&d->lines[i]);
    int32_t tail = d->n - last;
    memmove(d->lines + first + n, d->lines + last, (size_t)tail * sizeof *d->lines);
    if (d->prev)
        memmove(d->prev + first + n, d->prev + last, (size_t)tail * sizeof *d->prev);
    for (size_t k = 0; k < n; k++) {
        bl_pline *l = &d->lines[first + (int32_t)k];
        *l = fresh[k];
        bl_line_analyze(d->vocab, l->text, l->len, &l->info);
        if (d->prev)
            d->prev[first + (int32_t)k] = UINT32_MAX;
    }
    free(fresh);
    d->n = (int32_t)newn;
    /* Dirty ranges are in current coordinates: shift the old one. */
    if (d->dirty_first <= d->dirty_last) {
        int32_t delta = (int32_t)n - (last - first);
        if (d->dirty_last > last)
            d->dirty_last += delta;
        else if (d->dirty_last > first)
            d->dirty_last = first + (int32_t)n;
        if (d->dirty_first > last)
            d->dirty_first += delta;
        else if (d->dirty_first > first)
            d->dirty_first = first;
    }
    mark_dirty(d, first, first + (int32_t)n);
    return BL_OK;
}

static int load(bl_doc *d, char *buf, size_t len) {
    int64_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += buf[i] == '\n';
    if (len > 0 && buf[len - 1] != '\n')
        count++;
    if (count > (int64_t)BL_MAX_LINES)
        return BL_ETOOBIG;
    for (int32_t i = 0; i < d->n; i++)
        free_line(&d->lines[i]);
    d->n = 0;
    int rc = reserve(d, count);
    if (rc)
        return rc;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        if (end - pos > BL_MAX_LINE_BYTES)
            return BL_ETOOBIG;
        bl_pline *l = &d->lines[d->n];
        memset(l, 0, sizeof *l);
        l->text = buf + pos;
        l->len = (uint32_t)(end - pos);
        bl_line_analyze(d->vocab, l->text, l->len, &l->info);
        d->n++;
        pos = end + 1;
    }
    free(d->bulk);
    d->bulk = buf;
    free(d->prev); /* everything is new: the next update reports it all */
    d->prev = NULL;
    d->updated = 0;
    d->dirty_first = 0;
    d->dirty_last = d->n;
    return BL_OK;
}

int bl_doc_take_text(bl_doc *d, char *buf, size_t len) {
    if (!d || (!buf && len))
        return BL_EINVAL;
    int rc = load(d, buf, len);
    if (rc) {
        d->n = 0;
        free(buf);
        d->dirty_first = 0;
        d->dirty_last = 0;
    }
    return rc;
}

int bl_doc_set_text(bl_doc *d, const char *buf, size_t len) {
    if (!d || (!buf && len))
        return BL_EINVAL;
    char *copy = malloc(len + 1);
    if (!copy)
        return BL_ENOMEM;
    if (len)
        memcpy(copy, buf, len);
    copy[len] = '\0';
    return bl_doc_take_text(d, copy, len);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s) {
    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "\xff", 1);
}

static uint64_t outline_hash(const bl_parse_result *r) {
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < r->n; i++) {
        const bl_item *it = &r->items[i];
        int32_t nums[6] = {(int32_t)it->kind, it->level,    it->form,
                           it->line,          it->end_line, it->quote_line};
        h = fnv(h, nums, sizeof nums);
        h = fnv_str(h, it->title);
        h = fnv_str(h, it->tag);
        h = fnv_str(h, it->speaker);
        h = fnv_str(h, it->role);
    }
    h = fnv_str(h, r->meta.date);
    h = fnv_str(h, r->meta.program);
    h = fnv_str(h, r->meta.posted);
    return fnv_str(h, r->meta.updated);
}

int bl_doc_update(bl_doc *d, bl_change *change) {
    if (!d)
        return BL_EINVAL;
    int rc = bl_parse_run(d->vocab, d->lines, d->n, &d->res);
    if (rc)
        return rc;
    int32_t first = d->dirty_first <= d->dirty_last ? d->dirty_first : d->n;
    int32_t last = d->dirty_first <= d->dirty_last ? d->dirty_last : 0;
    if (!d->prev) {
        first = 0;
        last = d->n;
    }
    for (int32_t i = 0; d->prev && i < d->n; i++) {
        uint32_t now = pack(&d->lines[i]);
        if (now != d->prev[i]) {
            if (i < first)
                first = i;
            if (i + 1 > last)
                last = i + 1;
            d->prev[i] = now;
        }
    }
    uint64_t h = outline_hash(&d->res);
    if (change) {
        change->first = first < last ? first : 0;
        change->last = first < last ? last : 0;
        change->outline_changed = h != d->outline_hash;
    }
    d->outline_hash = h;
    d->updated = 1;
    d->dirty_first = 1;
    d->dirty_last = 0;
    return BL_OK;
}

int32_t bl_doc_line_count(const bl_doc *d) {
    return d ? d->n : 0;
}

const char *bl_doc_line(const bl_doc *d, int32_t i, size_t *len) {
    if (!d || i < 0 || i >= d->n) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = d->lines[i].len;
    return d->lines[i].text;
}

bl_line_kind bl_doc_line_kind(const bl_doc *d, int32_t i) {
    return d && i >= 0 && i < d->n ? (bl_line_kind)d->lines[i].kind : BL_LINE_BLANK;
}

const bl_lineinfo *bl_doc_line_info(const bl_doc *d, int32_t i) {
    return d && i >= 0 && i < d->n ? &d->lines[i].info : NULL;
}

const bl_item *bl_doc_items(const bl_doc *d, size_t *n) {
    *n = d ? d->res.n : 0;
    return d ? d->res.items : NULL;
}

const bl_meta *bl_doc_meta(const bl_doc *d) {
    return d ? &d->res.meta : NULL;
}

int bl_doc_fold_level(const bl_doc *d, int32_t i) {
    return d && i >= 0 && i < d->n ? d->lines[i].fold : 0;
}

const bl_span *bl_doc_spans(bl_doc *d, int32_t first, int32_t last, size_t *n) {
    *n = 0;
    if (!d)
        return NULL;
    if (first < 0)
        first = 0;
    if (last > d->n || last < 0)
        last = d->n;
    size_t k = 0;
    for (int32_t i = first; i < last; i++) {
        if (d->scratch_cap - k < BL_HL_MAX_PER_LINE) {
            size_t cap = d->scratch_cap ? d->scratch_cap * 2 : 256;
            bl_span *s = realloc(d->scratch, cap * sizeof *s);
            if (!s)
                return NULL;
            d->scratch = s;
            d->scratch_cap = cap;
        }
        k += bl_hl_line(&d->lines[i], i, d->scratch + k);
    }
    *n = k;
    return k ? d->scratch : NULL;
}

const bl_vocab *bl_doc_vocab(const bl_doc *d) {
    return d ? d->vocab : NULL;
}

static const char *const form_names[BL_FORM_COUNT] = {
    "slash", "inline", "tag_line", "colon", "anon", "name_only", "quote_only", "bracket", "radio"};

const char *bl_form_name(bl_form f) {
    return (unsigned)f < BL_FORM_COUNT ? form_names[f] : "unknown";
}
