#include "update.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "hash.h"
#include "story.h"
#include "vec.h"

/* Dead arena bytes that trigger a compacting full run. */
#define GARBAGE_LIMIT (4u << 20)

static int same_str(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* An item's strings, by kind (doc.h: the kinds share their storage):
 * s[0, 3), NULL where the kind has fewer. Returns how many. */
static int item_strs(const bl_item *it, const char *s[3]) {
    s[0] = s[1] = s[2] = NULL;
    switch (it->kind) {
    case BL_ITEM_STORY:
        s[0] = it->title;
        return 1;
    case BL_ITEM_SECTION:
        s[0] = it->tag;
        s[1] = it->section;
        return 2;
    default:
        s[0] = it->speaker;
        s[1] = it->role;
        s[2] = it->quote;
        return 3;
    }
}

static int same_item(const bl_item *a, const bl_item *b) {
    if (a->kind != b->kind || a->level != b->level || a->form != b->form || a->line != b->line ||
        a->end_line != b->end_line || a->quote_line != b->quote_line ||
        a->quote_col != b->quote_col || a->quote_end_col != b->quote_end_col)
        return 0;
    const char *sa[3], *sb[3];
    int n = item_strs(a, sa);
    (void)item_strs(b, sb);
    for (int k = 0; k < n; k++)
        if (!same_str(sa[k], sb[k]))
            return 0;
    return 1;
}

static size_t str_bytes(const char *s) {
    return s ? strlen(s) + 1 : 0;
}

/* Arena bytes of an item's strings (section names are static; interned
 * speakers, roles and tags may be shared, so this over-counts: the
 * compacting full run only comes sooner). */
static size_t item_bytes(const bl_item *it) {
    if (it->kind == BL_ITEM_SECTION)
        return str_bytes(it->tag);
    const char *s[3];
    int n = item_strs(it, s);
    size_t total = 0;
    for (int k = 0; k < n; k++)
        total += str_bytes(s[k]);
    return total;
}

typedef struct {
    const bl_item *items;
    size_t n;
    int32_t delta;
} old_state;

/* Was current line t a story start before the edit (at line t - delta)? */
static int was_start(void *arg, int32_t t) {
    const old_state *o = arg;
    int32_t line1 = t - o->delta + 1;
    for (size_t k = bl_items_from_line(o->items, o->n, line1);
         k < o->n && o->items[k].line == line1; k++)
        if (o->items[k].kind == BL_ITEM_STORY)
            return 1;
    return 0;
}

/* Hash of an item as it would be moved by shift lines. */
static uint64_t item_hash(const bl_item *it, int32_t shift) {
    int32_t nums[8] = {it->kind,
                       it->level,
                       it->form,
                       it->line + shift,
                       it->end_line + shift,
                       it->quote_line ? it->quote_line + shift : 0,
                       (int32_t)it->quote_col,
                       (int32_t)it->quote_end_col};
    uint64_t h = bl_hash_bytes(BL_HASH_SEED, nums, sizeof nums);
    const char *s[3];
    int n = item_strs(it, s);
    for (int k = 0; k < n; k++)
        h = bl_hash_str(h, s[k]);
    return h;
}

static int same_shifted(const bl_item *old, const bl_item *now, int32_t shift) {
    bl_item moved = *old;
    moved.line += shift;
    moved.end_line += shift;
    if (moved.quote_line)
        moved.quote_line += shift;
    return same_item(&moved, now);
}

static uint64_t outline_hash(const bl_parse_result *r) {
    uint64_t h = BL_HASH_SEED;
    for (size_t i = 0; i < r->n; i++) {
        uint64_t ih = item_hash(&r->items[i], 0);
        h = bl_hash_bytes(h, &ih, sizeof ih);
    }
    h = bl_hash_str(h, r->meta.date);
    h = bl_hash_str(h, r->meta.program);
    h = bl_hash_str(h, r->meta.posted);
    return bl_hash_str(h, r->meta.updated);
}

static void widen(bl_change *c, int32_t first, int32_t last) {
    if (first >= last)
        return;
    if (c->first >= c->last) {
        c->first = first;
        c->last = last;
        return;
    }
    if (first < c->first)
        c->first = first;
    if (last > c->last)
        c->last = last;
}

/* The item splice of a full run, from hashes of the old items as they
 * were (prefix) and moved by delta (suffix). */
static void full_splice(const uint64_t *was, const uint64_t *was_moved, size_t old_n,
                        const bl_parse_result *res, int32_t delta, bl_change *change) {
    size_t pre = 0, suf = 0, n = res->n;
    while (pre < old_n && pre < n && was[pre] == item_hash(&res->items[pre], 0))
        pre++;
    while (suf < old_n - pre && suf < n - pre &&
           was_moved[old_n - 1 - suf] == item_hash(&res->items[n - 1 - suf], 0))
        suf++;
    change->item_first = pre;
    change->item_removed = old_n - pre - suf;
    change->item_added = n - pre - suf;
    change->line_shift = delta;
}

static int full_run(const bl_vocab *v, bl_pline *lines, int32_t n, bl_parse_result *res,
                    const bl_update_edit *e, bl_change *change) {
    uint32_t *before = NULL;
    uint64_t *was = NULL, meta0 = 0;
    size_t old_n = e->full ? 0 : res->n;
    if (!e->full) {
        before = bl_malloc(((size_t)n + 1) * sizeof *before);
        was = bl_malloc((2 * old_n + 1) * sizeof *was);
        for (int32_t i = 0; before && i < n; i++)
            before[i] = bl_parse_pack(&lines[i]);
        for (size_t i = 0; was && i < old_n; i++) {
            was[i] = item_hash(&res->items[i], 0);
            was[old_n + i] = item_hash(&res->items[i], e->delta);
        }
        bl_parse_result just_meta = *res;
        just_meta.n = 0;
        meta0 = outline_hash(&just_meta);
    }
    int rc = bl_parse_run(v, lines, n, res);
    memset(change, 0, sizeof *change);
    if (rc != BL_OK || !before || !was) {
        change->last = n;
        change->outline_changed = 1;
        change->meta_changed = 1;
        change->item_removed = old_n;
        change->item_added = res->n;
        free(before);
        free(was);
        return rc;
    }
    for (int32_t i = 0; i < n; i++)
        if (bl_parse_pack(&lines[i]) != before[i])
            widen(change, i, i + 1);
    if (e->dirty_first <= e->dirty_last)
        widen(change, e->dirty_first, e->dirty_last);
    full_splice(was, was + old_n, old_n, res, e->delta, change);
    bl_parse_result just_meta = *res;
    just_meta.n = 0;
    change->meta_changed = outline_hash(&just_meta) != meta0;
    change->outline_changed = change->meta_changed || change->item_removed || change->item_added ||
                              (e->delta && change->item_first + change->item_added < res->n);
    free(before);
    free(was);
    return BL_OK;
}

/* Recomputes meta; returns 1 if it differs from before. The old program
 * string stays valid (the arena is not reset); date and stamps live in
 * res's fixed buffers, so they are copied first. */
static int update_meta(const bl_vocab *v, bl_pline *lines, int32_t n, bl_parse_result *res,
                       int *oom) {
    char old[3][24];
    const char *was[4] = {res->meta.date, res->meta.posted, res->meta.updated, res->meta.program};
    for (int k = 0; k < 3; k++)
        if (was[k])
            memcpy(old[k], was[k], strlen(was[k]) + 1);
    if (bl_parse_meta(v, lines, n, res) != BL_OK)
        *oom = 1;
    const char *now[4] = {res->meta.date, res->meta.posted, res->meta.updated, res->meta.program};
    int differs = 0;
    for (int k = 0; k < 4; k++)
        if ((now[k] != NULL) != (was[k] != NULL) ||
            (now[k] && strcmp(now[k], k < 3 ? old[k] : was[k]) != 0))
            differs = 1;
    res->garbage += str_bytes(was[3]);
    return differs;
}

/* The edit's extent, for bl_change (doc.h). */
static int edit_extent(const bl_update_edit *e, bl_change *change, int rc) {
    change->edit_first = e->full ? 0 : e->dirty_first;
    change->edit_last = e->full ? INT32_MAX : e->dirty_last;
    return rc;
}

int bl_update_run(const bl_vocab *v, bl_pline *lines, int32_t n, bl_parse_result *res,
                  const bl_update_edit *e, bl_change *change) {
    memset(change, 0, sizeof *change);
    change->edit_first = 1; /* nothing edited until edit_extent() says */
    if (e->full || e->has_blank != res->has_blank || res->garbage > GARBAGE_LIMIT)
        return edit_extent(e, change, full_run(v, lines, n, res, e, change));
    if (e->dirty_first > e->dirty_last)
        return BL_OK; /* nothing was edited */
    int32_t a = e->dirty_first, b = e->dirty_last;
    /* The window starts at a story that begins before the edit and whose
     * title (with its look-ahead line) the edit did not touch. */
    size_t k = bl_items_from_line(res->items, res->n, a + 1);
    long ks = (long)k - 1;
    for (;; ks--) {
        while (ks >= 0 && res->items[ks].kind != BL_ITEM_STORY)
            ks--;
        if (ks < 0)
            return edit_extent(e, change, full_run(v, lines, n, res, e, change));
        int32_t s = res->items[ks].line - 1;
        if (ks == 0 || bl_story_next_nonblank(lines, n, s + 1) < a)
            break;
    }
    int32_t from = res->items[ks].line - 1, to, changed[2];
    old_state old = {res->items, res->n, e->delta};
    bl_item *fresh;
    size_t nfresh;
    int rc =
        bl_parse_window(v, lines, n, res, from, b, was_start, &old, &fresh, &nfresh, &to, changed);
    if (rc != BL_OK) {
        res->n = 0;
        return rc;
    }
    size_t kt = bl_items_from_line(res->items, res->n, to - e->delta + 1);
    size_t removed = kt - (size_t)ks, tail = res->n - kt;
    const bl_item *was = res->items + ks;
    /* Report only what really changed: the window's leading items that
     * are equal, its trailing ones that are equal once moved. */
    size_t pre = 0, suf = 0;
    while (pre < removed && pre < nfresh && same_item(&was[pre], &fresh[pre]))
        pre++;
    while (suf < removed - pre && suf < nfresh - pre &&
           same_shifted(&was[removed - 1 - suf], &fresh[nfresh - 1 - suf], e->delta))
        suf++;
    change->item_first = (size_t)ks + pre;
    change->item_removed = removed - pre - suf;
    change->item_added = nfresh - pre - suf;
    change->line_shift = e->delta;
    int differs =
        change->item_removed || change->item_added || (e->delta != 0 && (suf > 0 || tail > 0));
    for (size_t i = 0; i < removed; i++)
        res->garbage += item_bytes(&was[i]);
    size_t total = res->n - removed + nfresh;
    if (bl_vec_grow(res->items, res->cap, total, SIZE_MAX / sizeof *res->items) != BL_OK) {
        free(fresh);
        res->n = 0;
        return BL_ENOMEM;
    }
    memmove(res->items + (size_t)ks + nfresh, res->items + kt, tail * sizeof *res->items);
    if (nfresh)
        memcpy(res->items + ks, fresh, nfresh * sizeof *fresh);
    free(fresh);
    res->n = total;
    for (size_t i = (size_t)ks + nfresh; e->delta && i < total; i++) {
        bl_item *it = &res->items[i];
        it->line += e->delta;
        it->end_line += e->delta;
        if (it->quote_line)
            it->quote_line += e->delta;
    }
    int oom = 0;
    if (e->meta_dirty && update_meta(v, lines, n, res, &oom))
        differs = change->meta_changed = 1;
    widen(change, changed[0], changed[1]);
    widen(change, a, b);
    change->outline_changed = differs;
    return edit_extent(e, change, oom ? BL_ENOMEM : BL_OK);
}
