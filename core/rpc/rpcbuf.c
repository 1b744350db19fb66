#include "rpcbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lint.h"
#include "log.h"
#include "rpcpack.h"
#include "vec.h"

static void pack_key(msgpack_packer *pk, const char *k) {
    bl_rpcpack_str(pk, k, strlen(k));
}

void bl_rpcbuf_free(bl_rpcbuf *b) {
    if (b == NULL) {
        return;
    }
    if (b->doc != NULL) {
        bl_doc_free(b->doc);
    }
    bl_vocab_free(b->vocab);
    bl_rpctime_free(b->timing);
    bl_diags_free(&b->diags);
    free(b->lint_token);
    free(b->path);
    free(b->rc_path);
    free(b->error);
    free(b->fetch_text);
    free(b);
}

void bl_rpcbuf_set_error(bl_rpcbuf *b, const char *msg) {
    free(b->error);
    b->error = bl_strdup(msg);
    bl_log(BL_LOG_ERROR, "buffer %lld: %s", (long long)b->id, msg);
}

/* Builds the vocabulary of a buffer: built-in + bulletin_config + the
 * `.bulletinrc` nearest to its path. *out is NULL when nothing is added.
 * A bad rc file is reported on the buffer and what loaded is kept. */
static int build_vocab(const bl_rpcbuf_entry *cfg, size_t ncfg, bl_rpcbuf *b, bl_vocab **out) {
    *out = NULL;
    char rc[4096];
    int has_rc = b->path != NULL && bl_vocab_find_rc(b->path, rc, sizeof rc) == 0;
    char *rc_path = has_rc ? bl_strdup(rc) : NULL;
    if (has_rc && rc_path == NULL) {
        return BL_ENOMEM;
    }
    free(b->rc_path);
    b->rc_path = rc_path;
    if (ncfg == 0 && !has_rc) {
        return 0;
    }
    bl_vocab *v = bl_vocab_new();
    if (v == NULL) {
        return BL_ENOMEM;
    }
    int r = bl_rpcbuf_apply(v, cfg, ncfg, NULL, 0);
    if (r == BL_ENOMEM) {
        bl_vocab_free(v);
        return r;
    }
    if (has_rc) {
        char err[256] = "";
        if (bl_vocab_load_file(v, rc, err, sizeof err) != 0) {
            char msg[512];
            /* err names the file already: "PATH:LINE: why". */
            snprintf(msg, sizeof msg, "bulletin: %.490s", err);
            bl_rpcbuf_set_error(b, msg);
        }
    }
    *out = v;
    return 0;
}

/* Moves the kept diagnostics with an edit (lines [a, e) became [a, a +
 * n)): before a they stay, from e on they move by the change in line
 * count, inside they stay while their line still exists, else go. */
static void shift_diags(bl_rpcbuf *b, int32_t a, int32_t e, int32_t n) {
    int32_t delta = n - (e - a);
    size_t k = 0;
    int moved = 0;
    for (size_t i = 0; i < b->diags.n; i++) {
        bl_diag d = b->diags.v[i];
        if (d.line >= e) {
            d.line += delta;
            moved |= delta != 0;
        } else if (d.line >= a && d.line >= a + n) {
            free(d.message);
            free(d.suggestion);
            moved = 1;
            continue;
        }
        b->diags.v[k++] = d;
    }
    b->diags.n = k;
    b->diags_dirty |= moved;
}

/* Composes an edit (lines [a, e) replaced by n) into the push state. */
static void note_edit(bl_rpcbuf *b, int32_t a, int32_t e, int32_t n) {
    int32_t delta = n - (e - a);
    shift_diags(b, a, e, n);
    if (!b->has_splice) {
        b->has_splice = 1;
        b->sp_first = a;
        b->sp_old_last = e;
        b->sp_new_last = a + n;
    } else {
        int32_t hi = b->sp_new_last > e ? b->sp_new_last : e;
        b->sp_old_last = hi - b->sp_new_last + b->sp_old_last;
        b->sp_new_last = hi + delta;
        b->sp_first = b->sp_first < a ? b->sp_first : a;
    }
    if (b->has_dirty) {
        if (b->dirty_first >= e) {
            b->dirty_first += delta;
            b->dirty_last += delta;
        } else if (b->dirty_last > a) {
            int32_t hi = b->dirty_last > e ? b->dirty_last : e;
            b->dirty_first = b->dirty_first < a ? b->dirty_first : a;
            b->dirty_last = hi + delta;
        }
    }
    b->needs_update = 1;
}

static void dirty_union(bl_rpcbuf *b, int32_t first, int32_t last) {
    if (first >= last) {
        return;
    }
    if (!b->has_dirty) {
        b->has_dirty = 1;
        b->dirty_first = first;
        b->dirty_last = last;
        return;
    }
    b->dirty_first = first < b->dirty_first ? first : b->dirty_first;
    b->dirty_last = last > b->dirty_last ? last : b->dirty_last;
}

/* The read times of the last derivation, if not counted yet. */
static void update_times(bl_rpcbuf *b) {
    if (b->time_due) {
        b->time_due = 0;
        (void)bl_rpctime_update(b->timing, b->doc, &b->time_ch); /* failed: the next recounts */
    }
}

/* bl_doc_update() if the doc was edited; the read times wait for
 * update_times(), which must run before the doc changes again. */
static int update_doc(bl_rpcbuf *b) {
    update_times(b);
    if (!b->needs_update) {
        return 0;
    }
    bl_change ch = {0};
    int r = bl_doc_update(b->doc, &ch);
    if (r != 0) {
        return r;
    }
    b->needs_update = 0;
    b->time_due = 1;
    b->time_ch = ch;
    dirty_union(b, ch.first, ch.last);
    if (ch.outline_changed && !b->outline_dirty) {
        size_t n;
        bl_doc_items(b->doc, &n);
        size_t tail = n - ch.item_first - ch.item_added;
        if (!b->has_isplice) {
            b->has_isplice = 1;
            b->is_first = ch.item_first;
            b->is_tail = tail;
            b->is_shift = ch.line_shift;
        } else {
            b->is_first = ch.item_first < b->is_first ? ch.item_first : b->is_first;
            b->is_tail = tail < b->is_tail ? tail : b->is_tail;
            b->is_shift += ch.line_shift;
        }
    }
    return 0;
}

int bl_rpcbuf_update(bl_rpcbuf *b) {
    int r = update_doc(b);
    update_times(b);
    return r;
}

/* Re-creates the buffer's vocab and doc (after a configuration change) and
 * marks everything as changed. On failure the buffer is unchanged. */
int bl_rpcbuf_rebuild(bl_rpcbuf *b, const bl_rpcbuf_entry *cfg, size_t ncfg) {
    bl_vocab *v;
    int r = build_vocab(cfg, ncfg, b, &v);
    if (r != 0) {
        return r;
    }
    bl_doc *d = bl_doc_new(v);
    if (d == NULL) {
        bl_vocab_free(v);
        return BL_ENOMEM;
    }
    int32_t n = bl_doc_line_count(b->doc);
    size_t cap = (size_t)n;
    const char **texts = bl_malloc((cap ? cap : 1) * sizeof *texts);
    size_t *lens = bl_malloc((cap ? cap : 1) * sizeof *lens);
    if (texts == NULL || lens == NULL) {
        r = BL_ENOMEM;
    } else {
        for (int32_t i = 0; i < n; i++) {
            texts[i] = bl_doc_line(b->doc, i, &lens[i]);
        }
        /* An empty doc needs no replace. */
        r = n > 0 ? bl_doc_replace(d, 0, -1, (size_t)n, texts, lens) : 0;
    }
    free(texts);
    free(lens);
    if (r != 0) {
        bl_doc_free(d);
        bl_vocab_free(v);
        return r;
    }
    bl_doc_free(b->doc);
    bl_vocab_free(b->vocab);
    b->doc = d;
    b->vocab = v;
    bl_rpctime_reset(b->timing, v);
    b->time_due = 0; /* the reset recounts */
    note_edit(b, 0, n, n);
    dirty_union(b, 0, n);
    b->outline_dirty = 1;
    return 0;
}

int bl_rpcbuf_apply(bl_vocab *v, const bl_rpcbuf_entry *cfg, size_t n, char *err, size_t errlen) {
    for (size_t i = 0; i < n; i++) {
        int r = bl_vocab_load_pair(v, cfg[i].key, cfg[i].val, err, errlen);
        if (r != 0)
            return r;
    }
    return 0;
}

/* 1 for the keys whose value may be one string or boolean. */
static int scalar_key(const char *k, size_t len) {
    static const char *const keys[] = {"dialect", "implicit_lead", "hangul_chrome"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (strlen(keys[i]) == len && memcmp(keys[i], k, len) == 0)
            return 1;
    }
    return 0;
}

/* Map keys in key order (byte-wise; ties keep their map order), so that
 * the same table sent twice gives the same entries whatever its order. */
static int key_less(const msgpack_object *a, const msgpack_object *b) {
    size_t la, lb;
    const char *pa = bl_rpcpack_str_ptr(a, &la), *pb = bl_rpcpack_str_ptr(b, &lb);
    int c = memcmp(pa, pb, la < lb ? la : lb);
    return c < 0 || (c == 0 && la < lb);
}

int bl_rpcbuf_parse_vocab(const msgpack_object *o, const char *method, char *err, size_t errlen,
                          bl_rpcbuf_entry **out, size_t *nout) {
    bl_rpcbuf_entry *v = NULL;
    size_t n = 0, cap = 0;
    uint32_t *order = NULL;
    bl_vocab *check = NULL;
    char why[300] = "";
    int rc = BL_EINVAL;
    if (o->type != MSGPACK_OBJECT_MAP) {
        snprintf(err, errlen, "bulletin: %s: vocab must be a map", method);
        return BL_EINVAL;
    }
    uint32_t nk = o->via.map.size;
    if (nk > BL_VOCAB_MAX_ENTRIES) {
        snprintf(err, errlen, "bulletin: %s: more than %u vocab entries", method,
                 BL_VOCAB_MAX_ENTRIES);
        return BL_EINVAL;
    }
    for (uint32_t i = 0; i < nk; i++) {
        const msgpack_object *k = &o->via.map.ptr[i].key, *val = &o->via.map.ptr[i].val;
        size_t klen = 0;
        const char *kp = bl_rpcpack_is_str(k) ? bl_rpcpack_str_ptr(k, &klen) : NULL;
        int scalar = kp != NULL && scalar_key(kp, klen) &&
                     (bl_rpcpack_is_str(val) || val->type == MSGPACK_OBJECT_BOOLEAN);
        if (kp == NULL || (val->type != MSGPACK_OBJECT_ARRAY && !scalar)) {
            snprintf(why, sizeof why, "vocab must map keys to arrays of strings");
            goto fail;
        }
        if (klen == 0 || klen > BL_RPCBUF_MAX_KEY || memchr(kp, '\0', klen) ||
            memchr(kp, '=', klen) || memchr(kp, '#', klen) || memchr(kp, '\n', klen)) {
            snprintf(why, sizeof why, "unknown vocab key \"%.*s\"", (int)(klen > 64 ? 64 : klen),
                     kp);
            goto fail;
        }
    }
    if (nk > 0 && (order = bl_malloc(nk * sizeof *order)) == NULL) {
        goto oom;
    }
    for (uint32_t i = 0; i < nk; i++) { /* insertion sort: stable */
        uint32_t j = i;
        while (j > 0 && key_less(&o->via.map.ptr[i].key, &o->via.map.ptr[order[j - 1]].key)) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (uint32_t oi = 0; oi < nk; oi++) {
        const msgpack_object *k = &o->via.map.ptr[order[oi]].key;
        const msgpack_object *val = &o->via.map.ptr[order[oi]].val;
        size_t klen;
        const char *kp = bl_rpcpack_str_ptr(k, &klen);
        uint32_t cnt = val->type == MSGPACK_OBJECT_ARRAY ? val->via.array.size : 1;
        for (uint32_t j = 0; j < cnt; j++) {
            const msgpack_object *s =
                val->type == MSGPACK_OBJECT_ARRAY ? &val->via.array.ptr[j] : val;
            size_t slen = 0;
            const char *sp = NULL;
            if (s->type == MSGPACK_OBJECT_BOOLEAN) {
                sp = s->via.boolean ? "yes" : "no";
                slen = strlen(sp);
            } else if (bl_rpcpack_is_str(s)) {
                sp = bl_rpcpack_str_ptr(s, &slen);
            }
            if (sp == NULL || slen == 0 || slen > BL_RPCBUF_MAX_VALUE ||
                memchr(sp, '\0', slen) != NULL) {
                snprintf(why, sizeof why, "vocab spellings must be strings of 1 to %u bytes",
                         BL_RPCBUF_MAX_VALUE);
                goto fail;
            }
            if (memchr(sp, '\n', slen) || memchr(sp, '#', slen)) {
                snprintf(why, sizeof why,
                         "vocab: %.*s: a value is one line of .bulletinrc, without '#' (write "
                         "\\n for a line break in an attribution template)",
                         (int)klen, kp);
                goto fail;
            }
            if (n >= BL_VOCAB_MAX_ENTRIES) {
                snprintf(why, sizeof why, "more than %u vocab entries", BL_VOCAB_MAX_ENTRIES);
                goto fail;
            }
            if (bl_vec_grow(v, cap, n + 1, BL_VOCAB_MAX_ENTRIES) != 0) {
                goto oom;
            }
            bl_rpcbuf_entry *e = &v[n++];
            e->key = bl_strndup(kp, klen);
            e->val = bl_strndup(sp, slen);
            if (e->key == NULL || e->val == NULL) {
                goto oom;
            }
        }
    }
    /* The same parser as a .bulletinrc file, on a scratch vocabulary. */
    if ((check = bl_vocab_new()) == NULL) {
        goto oom;
    }
    char msg[256];
    int r = bl_rpcbuf_apply(check, v, n, msg, sizeof msg);
    if (r == BL_ENOMEM) {
        goto oom;
    }
    if (r != 0) {
        snprintf(why, sizeof why, "vocab: %s", msg);
        goto fail;
    }
    bl_vocab_free(check);
    free(order);
    *out = v;
    *nout = n;
    return 0;
oom:
    snprintf(why, sizeof why, "out of memory");
    rc = BL_ENOMEM;
fail:
    snprintf(err, errlen, "bulletin: %s: %s", method, why);
    bl_vocab_free(check);
    free(order);
    bl_rpcbuf_entries_free(v, n);
    return rc;
}

void bl_rpcbuf_entries_free(bl_rpcbuf_entry *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(v[i].key);
        free(v[i].val);
    }
    free(v);
}

static int same_str(const char *a, const char *b) {
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int bl_rpcbuf_entries_equal(const bl_rpcbuf_entry *a, size_t na, const bl_rpcbuf_entry *b,
                            size_t nb) {
    if (na != nb) {
        return 0;
    }
    for (size_t i = 0; i < na; i++) {
        if (!same_str(a[i].key, b[i].key) || !same_str(a[i].val, b[i].val)) {
            return 0;
        }
    }
    return 1;
}

int bl_rpcbuf_lint(bl_rpcbuf *b) {
    bl_diags d = {NULL, 0, 0};
    int r = bl_lint_run(b->doc, &d);
    if (r != 0) {
        bl_log(BL_LOG_WARN, "lint of buffer %lld incomplete: %s", (long long)b->id, bl_strerror(r));
    }
    bl_diags_free(&b->diags);
    b->diags = d;
    b->has_diags = 1;
    b->diags_dirty = 1;
    b->lint_pending = 0;
    return r;
}

int bl_rpcbuf_set_token(bl_rpcbuf *b, const char *token, size_t len) {
    char *t = NULL;
    if (token != NULL && (t = bl_malloc(len ? len : 1)) == NULL) {
        return BL_ENOMEM;
    }
    if (t != NULL && len > 0) {
        memcpy(t, token, len);
    }
    free(b->lint_token);
    b->lint_token = t;
    b->lint_token_len = len;
    return 0;
}

void bl_rpcbuf_mark_all(bl_rpcbuf *b) {
    int32_t n = bl_doc_line_count(b->doc);
    note_edit(b, 0, n, n);
    dirty_union(b, 0, n);
    b->outline_dirty = 1;
    b->diags_dirty |= b->has_diags;
    bl_rpctime_mark_all(b->timing);
}

void bl_rpcbuf_refuse(bl_rpcbuf *b) {
    bl_doc *d = bl_doc_new(b->vocab);
    if (d != NULL) { /* else the old doc stays until the buffer is freed */
        bl_doc_free(b->doc);
        b->doc = d;
    }
    b->refused = 1;
    b->dead = 1;
}

int bl_rpcbuf_wants_push(const bl_rpcbuf *b) {
    if (b->pushing) {
        return 0; /* a push under way: its pieces first (bl_rpcbuf_push_next) */
    }
    if (b->error != NULL || b->dead) {
        return 1;
    }
    if (b->partial || b->awaiting_full) {
        return 0; /* the rest of this change, or the whole buffer, is coming */
    }
    return b->has_splice || b->outline_dirty || b->has_isplice || b->lint_pending ||
           b->diags_dirty || (b->has_tick && (!b->tick_pushed || b->tick != b->pushed_tick));
}

/* {buf, refused = true, error}: the last push of a refused buffer. */
static void push_refused(bl_rpcbuf *b, bl_rpcpack_out *out) {
    msgpack_packer pk;
    bl_rpcpack_init(&pk, out);
    bl_rpcpack_exec_lua(&pk, "return require('bulletin.helper')._on_push(...)", 1);
    msgpack_pack_map(&pk, 3);
    pack_key(&pk, "buf");
    msgpack_pack_int64(&pk, b->id);
    pack_key(&pk, "refused");
    msgpack_pack_true(&pk);
    pack_key(&pk, "error");
    pack_key(&pk, b->error != NULL ? b->error : "bulletin: buffer refused");
    free(b->error);
    b->error = NULL;
}

/* Derives the doc (and lints it when due) and plans the push. */
static void plan_push(bl_rpcbuf *b, int lint_on_change, bl_rpcbuf_plan *p) {
    memset(p, 0, sizeof *p);
    p->ready = !b->partial && !b->awaiting_full;
    if (p->ready && update_doc(b) != 0) {
        bl_rpcbuf_set_error(b, "bulletin: out of memory deriving the buffer");
        p->ready = 0;
    }
    int32_t n = p->n = bl_doc_line_count(b->doc);
    p->edits = p->ready && b->has_splice;
    bl_doc_items(b->doc, &p->nitems);
    if (p->ready && b->has_isplice &&
        (b->is_first + b->is_tail > b->pushed_items || b->is_first + b->is_tail > p->nitems)) {
        b->outline_dirty = 1; /* cannot happen; never send a splice that does not fit */
    }
    p->outline = p->ready && b->outline_dirty;
    p->isplice = p->ready && !p->outline && b->has_isplice;
    if (p->ready && (b->lint_pending || (p->edits && lint_on_change))) {
        bl_rpcbuf_lint(b);
    }
    p->lint = p->ready && b->diags_dirty;
    p->token = p->lint && b->lint_token != NULL;
    if (p->edits) {
        int32_t first = b->sp_first, last = b->sp_new_last;
        if (b->has_dirty) {
            first = b->dirty_first < first ? b->dirty_first : first;
            last = b->dirty_last > last ? b->dirty_last : last;
        }
        p->first = first = first < 0 ? 0 : first > n ? n : first;
        p->last = last < first ? first : last > n ? n : last;
    }
    p->nl = p->edits ? (size_t)(p->last - p->first) : 0;
    p->if0 = p->isplice ? b->is_first : 0;
    p->ni = p->outline ? p->nitems : p->isplice ? p->nitems - b->is_first - b->is_tail : 0;
    size_t np = (p->nl + BL_RPCBUF_PIECE_LINES - 1) / BL_RPCBUF_PIECE_LINES;
    size_t npi = (p->ni + BL_RPCBUF_PIECE_ITEMS - 1) / BL_RPCBUF_PIECE_ITEMS;
    np = npi > np ? npi : np;
    p->np = np < 1 ? 1 : np;
}

/* Packs piece i of the planned push into out; the last piece takes the
 * pending error message. */
static void pack_piece(bl_rpcbuf *b, const bl_rpcbuf_plan *p, size_t i, bl_rpcpack_out *out,
                       bl_rpcbuf_mark_fn mark, void *ctx) {
    size_t nl = p->nl, ni = p->ni, np = p->np;
    int32_t l0 = p->first + (int32_t)(nl * i / np), l1 = p->first + (int32_t)(nl * (i + 1) / np);
    size_t i0 = p->if0 + ni * i / np, i1 = p->if0 + ni * (i + 1) / np;
    int head = i == 0, tail = i + 1 == np, edits = p->edits;
    int pout = head && p->outline, psplice = (head && p->isplice) || (!head && i1 > i0);
    int plint = tail && p->lint, ptoken = tail && p->token, perr = tail && b->error != NULL;
    if (tail) {
        update_times(b); /* on a big push, after the first piece went out */
    }
    int ptime = tail && p->ready && bl_rpctime_pending(b->timing);
    msgpack_packer pk;
    bl_rpcpack_init(&pk, out);
    bl_rpcpack_exec_lua(&pk, "return require('bulletin.helper')._on_push(...)", 1);
    msgpack_pack_map(&pk, 3 + (uint32_t)(edits && head) + 2 * (uint32_t)edits + (uint32_t)pout +
                              (uint32_t)psplice + (uint32_t)plint + (uint32_t)ptoken +
                              (uint32_t)perr + (uint32_t)!tail + 3 * (uint32_t)ptime);
    pack_key(&pk, "buf");
    msgpack_pack_int64(&pk, b->id);
    pack_key(&pk, "tick");
    if (b->has_tick) {
        msgpack_pack_int64(&pk, b->tick);
    } else {
        msgpack_pack_nil(&pk);
    }
    pack_key(&pk, "n");
    msgpack_pack_int32(&pk, p->n);
    if (edits && head) {
        pack_key(&pk, "splice");
        msgpack_pack_array(&pk, 3);
        msgpack_pack_int32(&pk, b->sp_first);
        msgpack_pack_int32(&pk, b->sp_old_last);
        msgpack_pack_int32(&pk, b->sp_new_last);
    }
    if (edits) {
        pack_key(&pk, "folds");
        msgpack_pack_array(&pk, 2);
        msgpack_pack_int32(&pk, l0);
        bl_rpcpack_folds(&pk, b->doc, l0, l1);
        pack_key(&pk, "hl");
        msgpack_pack_array(&pk, 3);
        msgpack_pack_int32(&pk, l0);
        msgpack_pack_int32(&pk, l1);
        bl_rpcpack_spans(&pk, b->doc, l0, l1, 1);
    }
    if (pout) {
        pack_key(&pk, "outline");
        bl_rpcpack_outline_head(&pk, b->doc, i1);
    } else if (psplice) {
        /* the head replaces the removed items and shifts the tail; the
         * other pieces append after what the pieces before added */
        pack_key(&pk, "outline_splice");
        bl_rpcpack_outline_splice(&pk, b->doc, i0,
                                  head ? b->pushed_items - b->is_first - b->is_tail : 0, i1 - i0,
                                  head ? b->is_shift : 0);
    }
    if (plint) {
        pack_key(&pk, "diagnostics");
        bl_rpcpack_diags(&pk, &b->diags, b->doc);
    }
    if (ptoken) {
        pack_key(&pk, "lint_token");
        bl_rpcpack_out_write(out, b->lint_token, b->lint_token_len);
    }
    if (ptime) {
        bl_rpctime_pack(b->timing, &pk); /* total, target, times */
        bl_rpctime_pushed(b->timing);
    }
    if (perr) {
        pack_key(&pk, "error");
        pack_key(&pk, b->error);
        free(b->error);
        b->error = NULL;
    }
    if (!tail) {
        pack_key(&pk, "partial");
        msgpack_pack_true(&pk);
        mark(ctx, out->sb.size);
    }
}

/* Forgets what the push reported. */
static void pushed(bl_rpcbuf *b, const bl_rpcbuf_plan *p) {
    if (p->edits) {
        b->has_splice = 0;
        b->has_dirty = 0;
    }
    if (p->outline || p->isplice) {
        b->outline_dirty = 0;
        b->has_isplice = 0;
        b->pushed_items = p->nitems;
    }
    if (p->lint) {
        b->diags_dirty = 0;
        bl_rpcbuf_set_token(b, NULL, 0);
    }
    if (p->ready && b->has_tick) {
        b->tick_pushed = 1;
        b->pushed_tick = b->tick;
    }
}

int bl_rpcbuf_push(bl_rpcbuf *b, int lint_on_change, bl_rpcpack_out *out, bl_rpcbuf_mark_fn mark,
                   void *ctx) {
    if (b->refused) {
        push_refused(b, out);
        return out->failed;
    }
    plan_push(b, lint_on_change, &b->plan);
    b->pushing = 1;
    b->plan_next = 0;
    return bl_rpcbuf_push_next(b, out, mark, ctx);
}

int bl_rpcbuf_push_next(bl_rpcbuf *b, bl_rpcpack_out *out, bl_rpcbuf_mark_fn mark, void *ctx) {
    if (!b->pushing) {
        return out->failed;
    }
    pack_piece(b, &b->plan, b->plan_next++, out, mark, ctx);
    if (b->plan_next >= b->plan.np) {
        b->pushing = 0;
        pushed(b, &b->plan);
    }
    return out->failed;
}

bl_rpcbuf *bl_rpcbuf_new(int64_t id, const char *path, int lint, const bl_rpcbuf_entry *cfg,
                         size_t ncfg) {
    bl_rpcbuf *b = bl_calloc(1, sizeof *b);
    if (b == NULL) {
        return NULL;
    }
    b->id = id;
    b->lint = lint;
    b->awaiting_full = 1;
    b->outline_dirty = 1;
    if ((path != NULL && (b->path = bl_strdup(path)) == NULL) ||
        build_vocab(cfg, ncfg, b, &b->vocab) != 0 || (b->doc = bl_doc_new(b->vocab)) == NULL ||
        (b->timing = bl_rpctime_new(b->vocab)) == NULL) {
        bl_rpcbuf_free(b);
        return NULL;
    }
    return b;
}

int bl_rpcbuf_edit(bl_rpcbuf *b, int32_t first, int32_t end, size_t n, const char *const *texts,
                   const size_t *lens) {
    if (n == 0 && end == first) {
        return 0; /* a no-op: nothing to re-derive or push */
    }
    int r = bl_doc_replace(b->doc, first, end, n, texts, lens);
    if (r == 0) {
        note_edit(b, first, end, (int32_t)n);
    }
    return r;
}

int bl_rpcbuf_fetched(bl_rpcbuf *b, size_t n, const char *const *texts, const size_t *lens) {
    size_t need = b->fetch_len;
    for (size_t i = 0; i < n; i++) {
        if (lens[i] > BL_MAX_LINE_BYTES || memchr(texts[i], '\n', lens[i]) != NULL) {
            return BL_EINVAL;
        }
        need += lens[i] + 1;
        if (need < lens[i]) {
            return BL_ENOMEM;
        }
    }
    int r = bl_vec_grow(b->fetch_text, b->fetch_cap, need ? need : 1, SIZE_MAX);
    if (r != 0) {
        return r;
    }
    char *p = b->fetch_text + b->fetch_len;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, texts[i], lens[i]);
        p += lens[i];
        *p++ = '\n';
    }
    b->fetch_len = need;
    b->fetch_n += (int32_t)n;
    return 0;
}

void bl_rpcbuf_fetch_reset(bl_rpcbuf *b) {
    free(b->fetch_text);
    b->fetch_text = NULL;
    b->fetch_len = b->fetch_cap = 0;
    b->fetch_n = 0;
}

int bl_rpcbuf_load_fetched(bl_rpcbuf *b) {
    int32_t old = bl_doc_line_count(b->doc), n = b->fetch_n;
    char *text = b->fetch_text;
    size_t len = b->fetch_len;
    b->fetch_text = NULL;
    b->fetch_len = b->fetch_cap = 0;
    b->fetch_n = 0;
    int r = bl_doc_take_text(b->doc, text, len); /* frees text on failure */
    if (r == 0 && bl_doc_line_count(b->doc) != n) {
        r = BL_EINVAL; /* cannot happen: no fetched line holds "\n" */
    }
    note_edit(b, 0, old, r == 0 ? n : bl_doc_line_count(b->doc));
    return r;
}

static void pack_strs(msgpack_packer *pk, size_t n, const char *(*at)(const bl_vocab *, size_t),
                      const bl_vocab *v) {
    msgpack_pack_array(pk, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        const char *s = at(v, i);
        bl_rpcpack_str(pk, s ? s : "", s ? strlen(s) : 0);
    }
}

static const char *template_src(const bl_vocab *v, size_t i) {
    const bl_tmpl *t = bl_vocab_template_at(v, i);
    return t ? t->src : NULL;
}

void bl_rpcbuf_pack_vocab(const bl_rpcbuf *b, const char *cfg_err, msgpack_packer *pk) {
    const bl_vocab *v = b->vocab; /* NULL: the built-in one (accessors take it) */
    msgpack_pack_map(pk, 9);
    pack_key(pk, "buf");
    msgpack_pack_int64(pk, b->id);
    pack_key(pk, "rc");
    if (b->rc_path != NULL) {
        pack_key(pk, b->rc_path);
    } else {
        msgpack_pack_nil(pk);
    }
    pack_key(pk, "dialect");
    pack_key(pk, bl_vocab_dialect(v));
    pack_key(pk, "templates");
    pack_strs(pk, bl_vocab_template_count(v), template_src, v);
    pack_key(pk, "datelines");
    pack_strs(pk, bl_vocab_dateline_count(v), bl_vocab_dateline_at, v);
    pack_key(pk, "chrome");
    pack_strs(pk, bl_vocab_chrome_count(v), bl_vocab_chrome_at, v);
    pack_key(pk, "implicit_lead");
    bl_vocab_implicit_lead(v) ? msgpack_pack_true(pk) : msgpack_pack_false(pk);
    pack_key(pk, "hangul_chrome");
    bl_vocab_hangul_chrome(v) ? msgpack_pack_true(pk) : msgpack_pack_false(pk);
    pack_key(pk, "config_error");
    if (cfg_err != NULL && cfg_err[0]) {
        pack_key(pk, cfg_err);
    } else {
        msgpack_pack_nil(pk);
    }
}
