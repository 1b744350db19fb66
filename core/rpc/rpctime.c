#include "rpctime.h"

#include <stdlib.h>

#include "alloc.h"
#include "error.h"

struct bl_rpctime {
    bl_timing *t;
    int all;       /* push every item's time */
    size_t lo, hi; /* else items [lo, hi) (current indexes), none if lo >= hi */
    int pushed;    /* total and target below were pushed */
    int64_t pushed_total, pushed_target;
};

bl_rpctime *bl_rpctime_new(const bl_vocab *vocab) {
    bl_rpctime *r = bl_calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    bl_timing_opts o;
    bl_timing_opts_from_vocab(vocab, &o);
    if ((r->t = bl_timing_new(&o)) == NULL) {
        free(r);
        return NULL;
    }
    r->all = 1;
    return r;
}

void bl_rpctime_free(bl_rpctime *r) {
    if (r == NULL)
        return;
    bl_timing_free(r->t);
    free(r);
}

void bl_rpctime_reset(bl_rpctime *r, const bl_vocab *vocab) {
    bl_timing_opts o;
    bl_timing_opts_from_vocab(vocab, &o);
    bl_timing_set_opts(r->t, &o);
    r->all = 1;
}

/* Where index i of the items before the splice is after it. */
static size_t map_index(size_t i, const bl_change *ch, int end) {
    size_t f = ch->item_first, rem = ch->item_removed, add = ch->item_added;
    if (i < f || (end && i == f))
        return i;
    if (i >= f + rem)
        return i - rem + add;
    return end ? f + add : f;
}

int bl_rpctime_update(bl_rpctime *r, const bl_doc *doc, const bl_change *ch) {
    int rc = bl_timing_update(r->t, doc, ch);
    size_t n, nc;
    int all;
    const size_t *c = bl_timing_changed(r->t, &nc, &all);
    bl_doc_items(doc, &n);
    if (rc != BL_OK || all) {
        r->all = 1;
        return rc;
    }
    if (r->lo < r->hi) {
        r->lo = map_index(r->lo, ch, 0);
        r->hi = map_index(r->hi, ch, 1);
    }
    for (size_t k = 0; k < nc; k++) {
        if (r->lo >= r->hi) {
            r->lo = c[k];
            r->hi = c[k] + 1;
        }
        r->lo = c[k] < r->lo ? c[k] : r->lo;
        r->hi = c[k] + 1 > r->hi ? c[k] + 1 : r->hi;
    }
    if (r->hi > n)
        r->hi = n;
    return BL_OK;
}

void bl_rpctime_pack(const bl_rpctime *r, msgpack_packer *pk) {
    size_t n = bl_timing_count_items(r->t);
    size_t lo = r->all ? 0 : r->lo, hi = r->all ? n : r->hi < n ? r->hi : n;
    msgpack_pack_str(pk, 5);
    msgpack_pack_str_body(pk, "total", 5);
    msgpack_pack_double(pk, (double)bl_timing_total(r->t) / 1000.0);
    int64_t target = bl_timing_get_opts(r->t)->target_ms;
    msgpack_pack_str(pk, 6);
    msgpack_pack_str_body(pk, "target", 6);
    if (target >= 0)
        msgpack_pack_double(pk, (double)target / 1000.0);
    else
        msgpack_pack_nil(pk);
    msgpack_pack_str(pk, 5);
    msgpack_pack_str_body(pk, "times", 5);
    if (lo >= hi) {
        msgpack_pack_nil(pk);
        return;
    }
    msgpack_pack_array(pk, 2);
    msgpack_pack_uint64(pk, lo);
    msgpack_pack_array(pk, (uint32_t)(hi - lo));
    for (size_t i = lo; i < hi; i++)
        msgpack_pack_double(pk, (double)bl_timing_item_at(r->t, i)->ms / 1000.0);
}

void bl_rpctime_mark_all(bl_rpctime *r) {
    r->all = 1;
}

int bl_rpctime_pending(const bl_rpctime *r) {
    return !r->pushed || r->all || r->lo < r->hi || r->pushed_total != bl_timing_total(r->t) ||
           r->pushed_target != bl_timing_get_opts(r->t)->target_ms;
}

void bl_rpctime_pushed(bl_rpctime *r) {
    r->all = 0;
    r->lo = r->hi = 0;
    r->pushed = 1;
    r->pushed_total = bl_timing_total(r->t);
    r->pushed_target = bl_timing_get_opts(r->t)->target_ms;
}

const bl_timing *bl_rpctime_timing(const bl_rpctime *r) {
    return r->t;
}
