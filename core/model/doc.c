#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "hl.h"
#include "parse.h"
#include "pline.h"
#include "update.h"
#include "vec.h"

/* Invariants: lines[0, n) are analyzed (bl_line_analyze) as soon as they
 * are inserted; blanks counts the blank ones; updated says whether an
 * update has run, n_at_update the line count then; [dirty_first,
 * dirty_last) covers every line inserted since the last update, and a
 * deletion leaves an empty range at its place (dirty_first > dirty_last
 * when nothing was edited); meta_dirty says a meta-shaped line was added
 * or removed since. */
/* The texts of one large bl_doc_replace() in a single block (a whole
 * buffer from Neovim holds 100,000 lines: one allocation, not 100,000),
 * freed when the last of its lines is, and compacted when little of it is
 * live (compact_slabs): a paste that is mostly deleted again does not pin
 * its block. A line's `owned` says where its text lives: 0 in bulk, 1 its
 * own malloc, SLAB_BASE + k in slabs[k]. Invariant: live_bytes is the sum
 * of len + 1 over the lines in the block, size its allocated bytes. */
typedef struct {
    char *mem;         /* NULL: the slot is free */
    int32_t live;      /* lines still pointing into mem */
    size_t size;       /* bytes of mem */
    size_t live_bytes; /* bytes of mem the live lines use */
} bl_slab;

/* A block is compacted once its live bytes are under 1/SLAB_COMPACT_RATIO
 * of it and it wastes at least SLAB_COMPACT_MIN bytes: a doc's text memory
 * stays within SLAB_COMPACT_RATIO x its live text + MAX_SLABS x
 * SLAB_COMPACT_MIN, and copying is paid for by the bytes freed. */
enum {
    SLAB_BASE = 2,
    MAX_SLABS = 64,
    SLAB_MIN_LINES = 64,
    SLAB_COMPACT_RATIO = 4,
    SLAB_COMPACT_MIN = 4096
};

struct bl_doc {
    const bl_vocab *vocab;
    bl_vocab *own_vocab;
    bl_pline *lines; /* the line table (pline.h): lines[0, n) of cap */
    int32_t n;
    size_t cap;
    int32_t blanks;
    int updated;
    int32_t n_at_update;
    char *bulk; /* one buffer that lines with owned == 0 point into */
    size_t bulk_size;
    bl_slab slabs[MAX_SLABS];
    int32_t dirty_first, dirty_last;
    int meta_dirty;
    bl_parse_result res;
    bl_span *scratch;
    size_t scratch_cap;
};

bl_doc *bl_doc_new(const bl_vocab *vocab) {
    bl_doc *d = bl_calloc(1, sizeof *d);
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

static void free_line(bl_doc *d, bl_pline *l) {
    if (l->owned == 1) {
        free((char *)l->text);
    } else if (l->owned >= SLAB_BASE) {
        bl_slab *sl = &d->slabs[l->owned - SLAB_BASE];
        sl->live_bytes -= (size_t)l->len + 1;
        if (--sl->live == 0) {
            free(sl->mem);
            *sl = (bl_slab){NULL, 0, 0, 0};
        }
    }
}

void bl_doc_free(bl_doc *d) {
    if (!d)
        return;
    for (int32_t i = 0; i < d->n; i++)
        free_line(d, &d->lines[i]);
    free(d->lines);
    free(d->bulk);
    free(d->scratch);
    bl_parse_result_free(&d->res);
    bl_vocab_free(d->own_vocab);
    free(d);
}

static int reserve(bl_doc *d, int64_t need) {
    if (need > (int64_t)BL_MAX_LINES)
        return BL_ETOOBIG;
    size_t old = d->cap;
    int rc = bl_vec_grow(d->lines, d->cap, (size_t)need, BL_MAX_LINES);
    if (rc == BL_OK && d->cap > old)
        bl_alloc_advise_huge(d->lines + old, (d->cap - old) * sizeof *d->lines);
    return rc;
}

/* Does this line bear on the meta (§5)? */
static int meta_shaped(const bl_lineinfo *li) {
    return li->shape == BL_SHAPE_DATE || li->shape == BL_SHAPE_STAMP ||
           li->shape == BL_SHAPE_BARE_STAMP ||
           (li->shape == BL_SHAPE_TAG && li->role == BL_ROLE_PROGRAM);
}

/* Takes a free slab slot for n texts of lens (each plus a NUL): *slot is
 * its index, or -1 when none is free (the caller mallocs per line).
 * Returns 0, BL_ENOMEM or BL_ETOOBIG. */
static int new_slab(bl_doc *d, size_t n, const size_t *lens, int *slot) {
    size_t total = 0;
    *slot = -1;
    for (size_t k = 0; k < n; k++) {
        if (lens[k] > BL_MAX_LINE_BYTES)
            return BL_ETOOBIG;
        total += lens[k] + 1;
    }
    for (int k = 0; k < MAX_SLABS; k++) {
        if (d->slabs[k].mem)
            continue;
        d->slabs[k].mem = bl_malloc(total);
        if (!d->slabs[k].mem)
            return BL_ENOMEM;
        d->slabs[k].live = (int32_t)n;
        d->slabs[k].size = d->slabs[k].live_bytes = total;
        *slot = k;
        return BL_OK;
    }
    return BL_OK;
}

/* Copies the live texts of every block that is mostly dead into a block
 * of their size, and frees the old one. One pass over the lines, only when
 * some block qualifies. Out of memory, a block just stays as it is. */
static void compact_slabs(bl_doc *d) {
    char *fresh[MAX_SLABS] = {NULL};
    size_t at[MAX_SLABS] = {0};
    int any = 0;
    for (int k = 0; k < MAX_SLABS; k++) {
        bl_slab *sl = &d->slabs[k];
        if (sl->mem && sl->live_bytes < sl->size / SLAB_COMPACT_RATIO &&
            sl->size - sl->live_bytes >= SLAB_COMPACT_MIN &&
            (fresh[k] = bl_malloc(sl->live_bytes ? sl->live_bytes : 1)) != NULL)
            any = 1;
    }
    if (!any)
        return;
    for (int32_t i = 0; i < d->n; i++) {
        bl_pline *l = &d->lines[i];
        if (l->owned < SLAB_BASE || !fresh[l->owned - SLAB_BASE])
            continue;
        int k = l->owned - SLAB_BASE;
        char *t = fresh[k] + at[k];
        if (l->len)
            memcpy(t, l->text, l->len);
        t[l->len] = '\0';
        l->text = t;
        at[k] += (size_t)l->len + 1;
    }
    for (int k = 0; k < MAX_SLABS; k++) {
        if (!fresh[k])
            continue;
        free(d->slabs[k].mem);
        d->slabs[k].mem = fresh[k];
        d->slabs[k].size = d->slabs[k].live_bytes;
    }
}

void bl_doc_text_bytes(const bl_doc *d, size_t *allocated, size_t *live) {
    size_t a = 0, l = 0;
    if (d) {
        a = d->bulk ? d->bulk_size : 0;
        for (int k = 0; k < MAX_SLABS; k++)
            a += d->slabs[k].mem ? d->slabs[k].size : 0;
        for (int32_t i = 0; i < d->n; i++) {
            l += (size_t)d->lines[i].len + 1;
            a += d->lines[i].owned == 1 ? (size_t)d->lines[i].len + 1 : 0;
        }
    }
    if (allocated)
        *allocated = a;
    if (live)
        *live = l;
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

/* Copies n texts into new lines (*out, caller frees the array; NULL when
 * n is 0): one slab for a large replace, else one block per line. On
 * failure nothing is left allocated. Returns 0, BL_ENOMEM or BL_ETOOBIG. */
static int copy_texts(bl_doc *d, size_t n, const char *const *texts, const size_t *lens,
                      bl_pline **out) {
    *out = NULL;
    if (n == 0)
        return BL_OK;
    bl_pline *fresh = bl_calloc(n, sizeof *fresh);
    if (!fresh)
        return BL_ENOMEM;
    int rc, slab = -1;
    if (n >= SLAB_MIN_LINES && (rc = new_slab(d, n, lens, &slab)) != BL_OK) {
        free(fresh);
        return rc;
    }
    for (size_t k = 0, off = 0; slab >= 0 && k < n; k++) {
        char *t = d->slabs[slab].mem + off;
        if (lens[k])
            memcpy(t, texts[k], lens[k]);
        t[lens[k]] = '\0';
        off += lens[k] + 1;
        fresh[k] =
            (bl_pline){.text = t, .len = (uint32_t)lens[k], .owned = (uint8_t)(SLAB_BASE + slab)};
    }
    for (size_t k = 0; slab < 0 && k < n; k++) {
        char *t = lens[k] > BL_MAX_LINE_BYTES ? NULL : bl_malloc(lens[k] + 1);
        if (!t) {
            for (size_t j = 0; j < k; j++)
                free((char *)fresh[j].text);
            free(fresh);
            return lens[k] > BL_MAX_LINE_BYTES ? BL_ETOOBIG : BL_ENOMEM;
        }
        if (lens[k])
            memcpy(t, texts[k], lens[k]);
        t[lens[k]] = '\0';
        fresh[k] = (bl_pline){.text = t, .len = (uint32_t)lens[k], .owned = 1};
    }
    *out = fresh;
    return BL_OK;
}

/* Puts the n lines of fresh (taken: their texts now belong to the line
 * table) in place of lines [first, last), analyzed, and keeps the blank
 * count and meta_dirty. The table has room (reserve). */
static void splice_lines(bl_doc *d, int32_t first, int32_t last, size_t n, const bl_pline *fresh) {
    for (int32_t i = first; i < last; i++) {
        d->blanks -= d->lines[i].info.shape == BL_SHAPE_BLANK;
        d->meta_dirty |= meta_shaped(&d->lines[i].info);
        free_line(d, &d->lines[i]);
    }
    int32_t tail = d->n - last;
    if (tail > 0 && (size_t)(last - first) != n)
        memmove(d->lines + first + n, d->lines + last, (size_t)tail * sizeof *d->lines);
    for (size_t k = 0; k < n; k++) {
        bl_pline *l = &d->lines[first + (int32_t)k];
        *l = fresh[k];
        bl_line_analyze(d->vocab, l->text, l->len, &l->info);
        l->form = BL_NO_FORM;
        d->blanks += l->info.shape == BL_SHAPE_BLANK;
        d->meta_dirty |= meta_shaped(&l->info);
    }
    d->n = d->n - (last - first) + (int32_t)n;
}

/* Moves the dirty range to the coordinates after lines [first, last)
 * became n lines, and adds those. */
static void shift_dirty(bl_doc *d, int32_t first, int32_t last, size_t n) {
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
    int rc = reserve(d, (int64_t)d->n - (last - first) + (int64_t)n);
    if (rc)
        return rc;
    /* Copy the new texts first, so that failure leaves the doc as it was. */
    bl_pline *fresh;
    if ((rc = copy_texts(d, n, texts, lens, &fresh)) != BL_OK)
        return rc;
    splice_lines(d, first, last, n, fresh);
    free(fresh);
    shift_dirty(d, first, last, n);
    compact_slabs(d);
    return BL_OK;
}

/* buf's lines: "\n"-ended ones, and a last one without it. */
static int64_t count_lines(const char *buf, size_t len) {
    int64_t count = 0;
    for (const char *p = buf, *end = buf + len; p < end; count++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        p = nl + 1;
    }
    if (len > 0 && buf[len - 1] != '\n')
        count++;
    return count;
}

/* count: buf's lines as the caller counted them, or -1 (or any count
 * past the cap) to count them here. */
static int load(bl_doc *d, char *buf, size_t len, int64_t count) {
    if (count < 0 || count > (int64_t)BL_MAX_LINES)
        count = count_lines(buf, len);
    if (count > (int64_t)BL_MAX_LINES)
        return BL_ETOOBIG;
    for (int32_t i = 0; i < d->n; i++)
        free_line(d, &d->lines[i]);
    d->n = 0;
    d->blanks = 0;
    int rc = reserve(d, count);
    if (rc)
        return rc;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        if (end - pos > BL_MAX_LINE_BYTES)
            return BL_ETOOBIG;
        if ((size_t)d->n >= d->cap && (rc = reserve(d, (int64_t)d->n + 1)) != BL_OK)
            return rc; /* the caller's count was short */
        bl_pline *l = &d->lines[d->n];
        memset(l, 0, sizeof *l);
        l->text = buf + pos;
        l->len = (uint32_t)(end - pos);
        bl_line_analyze(d->vocab, l->text, l->len, &l->info);
        d->blanks += l->info.shape == BL_SHAPE_BLANK;
        d->n++;
        pos = end + 1;
    }
    free(d->bulk);
    d->bulk = buf;
    d->bulk_size = len;
    d->updated = 0; /* everything is new: the next update reports it all */
    d->dirty_first = 0;
    d->dirty_last = d->n;
    return BL_OK;
}

void bl_doc_set_quote_text(bl_doc *d, int keep) {
    if (d)
        d->res.no_quote_text = !keep;
}

int bl_doc_take_text(bl_doc *d, char *buf, size_t len) {
    return bl_doc_take_lines(d, buf, len, -1);
}

int bl_doc_take_lines(bl_doc *d, char *buf, size_t len, int64_t lines) {
    if (!d || (!buf && len))
        return BL_EINVAL;
    int rc = load(d, buf, len, lines);
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
    char *copy = bl_malloc(len + 1);
    if (!copy)
        return BL_ENOMEM;
    if (len)
        memcpy(copy, buf, len);
    copy[len] = '\0';
    return bl_doc_take_text(d, copy, len);
}

int bl_doc_update(bl_doc *d, bl_change *change) {
    if (!d)
        return BL_EINVAL;
    bl_update_edit e = {d->dirty_first, d->dirty_last, d->n - d->n_at_update,
                        d->meta_dirty,  d->blanks > 0, !d->updated};
    bl_change ch;
    int rc = bl_update_run(d->vocab, d->lines, d->n, &d->res, &e, &ch);
    if (change)
        *change = ch;
    /* After a failure the next update starts from scratch. */
    d->updated = rc == BL_OK;
    d->n_at_update = d->n;
    d->meta_dirty = 0;
    d->dirty_first = 1;
    d->dirty_last = 0;
    return rc;
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
    return d && i >= 0 && i < d->n ? d->lines[i].fold & 3 : 0;
}

int bl_doc_fold_value(const bl_doc *d, int32_t i) {
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
        if (bl_vec_grow(d->scratch, d->scratch_cap, k + BL_HL_MAX_PER_LINE,
                        SIZE_MAX / sizeof *d->scratch) != BL_OK)
            return NULL;
        k += bl_hl_line(d->vocab, &d->lines[i], i, d->scratch + k);
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

size_t bl_items_from_line(const bl_item *items, size_t n, int32_t line) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (items[mid].line < line) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}
