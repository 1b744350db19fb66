#include "rpc.h"

#include "rpcmeth.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "lint.h"
#include "log.h"
#include "rpcbuf.h"
#include "rpcpack.h"
#include "vec.h"
#include "vocab.h"

/* ---- small helpers ---- */

int bl_rpc_seterr(bl_rpc *rpc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rpc->err, sizeof rpc->err, fmt, ap);
    va_end(ap);
    return -1;
}

int bl_rpc_str_eq(const msgpack_object *o, const char *s) {
    size_t len;
    if (!bl_rpcpack_is_str(o)) {
        return 0;
    }
    const char *p = bl_rpcpack_str_ptr(o, &len);
    return len == strlen(s) && memcmp(p, s, len) == 0;
}

int bl_rpc_get_int(const msgpack_object *o, int64_t *v) {
    if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER && o->via.u64 <= (uint64_t)INT64_MAX) {
        *v = (int64_t)o->via.u64;
        return 1;
    }
    if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
        *v = o->via.i64;
        return 1;
    }
    return 0;
}

/* A buffer: a positive Integer, or EXT 0 whose payload is a msgpack int. */
int bl_rpc_get_buf(const msgpack_object *o, int64_t *v) {
    if (o->type == MSGPACK_OBJECT_EXT) {
        const uint8_t *p = (const uint8_t *)o->via.ext.ptr;
        uint32_t n = o->via.ext.size;
        if (o->via.ext.type != 0 || n == 0) {
            return 0;
        }
        uint8_t b = p[0];
        int64_t x = 0;
        if (b <= 0x7f && n == 1) {
            x = b;
        } else if (b >= 0xcc && b <= 0xcf && n == 1u + (1u << (b - 0xcc))) {
            uint64_t u = 0;
            for (uint32_t i = 1; i < n; i++) {
                u = (u << 8) | p[i];
            }
            if (u > (uint64_t)INT64_MAX) {
                return 0;
            }
            x = (int64_t)u;
        } else {
            return 0; /* negative or malformed: not a buffer */
        }
        *v = x;
        return x > 0;
    }
    return bl_rpc_get_int(o, v) && *v > 0;
}

static void pack_key(msgpack_packer *pk, const char *k) {
    bl_rpcpack_str(pk, k, strlen(k));
}

/* ---- registry ---- */

bl_rpcbuf *bl_rpc_find_buf(bl_rpc *rpc, int64_t id) {
    for (size_t i = 0; i < rpc->nbufs; i++) {
        if (rpc->bufs[i]->id == id) {
            return rpc->bufs[i];
        }
    }
    return NULL;
}

static void finish_push(bl_rpc *rpc);

void bl_rpc_remove_buf(bl_rpc *rpc, bl_rpcbuf *b) {
    if (rpc->pushing == b) {
        finish_push(rpc);
    }
    for (size_t i = 0; i < rpc->nbufs; i++) {
        if (rpc->bufs[i] == b) {
            rpc->bufs[i] = rpc->bufs[--rpc->nbufs];
            break;
        }
    }
    bl_rpcbuf_free(b);
}

/* ---- the helper's own requests to Neovim ---- */

static void send_req(bl_rpc *rpc, bl_rpcpack_out *out, int kind, bl_rpcbuf *b, int explicit_attach,
                     int32_t first) {
    uint32_t id = ++rpc->next_msgid;
    msgpack_packer pk;
    bl_rpcpack_init(&pk, out);
    msgpack_pack_array(&pk, 4);
    msgpack_pack_int(&pk, 0);
    msgpack_pack_uint32(&pk, id);
    if (kind == BL_RPC_REQ_ATTACH || kind == BL_RPC_REQ_ATTACH_QUIET) {
        pack_key(&pk, "nvim_buf_attach");
        msgpack_pack_array(&pk, 3);
        msgpack_pack_int64(&pk, b->id);
        if (kind == BL_RPC_REQ_ATTACH) {
            msgpack_pack_true(&pk);
        } else {
            msgpack_pack_false(&pk);
        }
        msgpack_pack_map(&pk, 0);
    } else if (kind == BL_RPC_REQ_TICK) {
        pack_key(&pk, "nvim_buf_get_changedtick");
        msgpack_pack_array(&pk, 1);
        msgpack_pack_int64(&pk, b->id);
    } else if (kind == BL_RPC_REQ_LINES) {
        pack_key(&pk, "nvim_buf_get_lines");
        msgpack_pack_array(&pk, 4);
        msgpack_pack_int64(&pk, b->id);
        msgpack_pack_int32(&pk, first);
        msgpack_pack_int32(&pk, first + BL_RPC_FETCH_LINES);
        msgpack_pack_false(&pk);
    } else {
        pack_key(&pk, "nvim_buf_detach");
        msgpack_pack_array(&pk, 1);
        msgpack_pack_int64(&pk, b->id);
    }
    if (rpc->npend >= BL_RPC_MAX_PENDING ||
        bl_vec_grow(rpc->pend, rpc->cappend, rpc->npend + 1, BL_RPC_MAX_PENDING) != 0) {
        bl_log(BL_LOG_WARN, "request %u not tracked (table full)", id);
        return;
    }
    rpc->pend[rpc->npend++] =
        (bl_rpc_pending){id, b->id, (uint8_t)kind, (uint8_t)explicit_attach, first, b->fetch_gen};
}

void bl_rpc_send_request(bl_rpc *rpc, bl_rpcpack_out *out, int kind, bl_rpcbuf *b,
                         int explicit_attach) {
    send_req(rpc, out, kind, b, explicit_attach, 0);
}

/* A fetch from line 0: the changedtick, then the first slice; the answers
 * of an earlier fetch are ignored from now on. */
static void fetch_start(bl_rpc *rpc, bl_rpcpack_out *out, bl_rpcbuf *b) {
    b->fetching = 1;
    b->fetch_dirty = 0;
    b->fetch_has_tick = 0;
    b->fetch_gen++;
    bl_rpcbuf_fetch_reset(b);
    send_req(rpc, out, BL_RPC_REQ_TICK, b, 0, 0);
    b->fetch_next = 0;
    for (int k = 0; k < BL_RPC_FETCH_AHEAD; k++) {
        send_req(rpc, out, BL_RPC_REQ_LINES, b, 0, b->fetch_next);
        b->fetch_next += BL_RPC_FETCH_LINES;
    }
}

void bl_rpc_start_attach(bl_rpc *rpc, bl_rpcpack_out *out, bl_rpcbuf *b, int explicit_attach) {
    b->awaiting_full = 1;
    b->partial = 0;
    if (!b->fetch) {
        b->fetching = 0;
        send_req(rpc, out, BL_RPC_REQ_ATTACH, b, explicit_attach, 0);
        return;
    }
    b->fetch_tries = 0;
    send_req(rpc, out, BL_RPC_REQ_ATTACH_QUIET, b, explicit_attach, 0);
    fetch_start(rpc, out, b);
}

/* Detaches and attaches again: Neovim then resends the whole buffer. */
static void buf_resync(bl_rpc *rpc, bl_rpcbuf *b, bl_rpcpack_out *out, const char *why) {
    char msg[300];
    snprintf(msg, sizeof msg, "bulletin: buffer %lld out of sync (%s); re-attaching",
             (long long)b->id, why);
    bl_log(BL_LOG_WARN, "%s", msg);
    b->awaiting_full = 1;
    b->partial = 0;
    b->fetching = 0; /* the whole buffer comes with the attach */
    bl_rpcbuf_fetch_reset(b);
    bl_rpc_send_request(rpc, out, BL_RPC_REQ_DETACH, b, 0);
    bl_rpc_send_request(rpc, out, BL_RPC_REQ_ATTACH, b, 0);
}

/* ---- buffer events from Neovim ---- */

static void pack_error_response(bl_rpcpack_out *out, uint32_t id, const char *msg);

/* A buffer over the helper's limits: detach it, forget it (after the
 * push that says so), tell the plugin once. */
static void refuse_buf(bl_rpc *rpc, bl_rpcbuf *b, bl_rpcpack_out *out, int why) {
    char msg[200];
    if (why == BL_FRAME_WHY_BYTES) {
        snprintf(msg, sizeof msg,
                 "bulletin: buffer %lld sent a change of more than %u MiB (the helper's "
                 "limit); syntax highlighting only for it",
                 (long long)b->id, BL_FRAME_MAX_BYTES >> 20);
    } else {
        snprintf(msg, sizeof msg,
                 "bulletin: buffer %lld has more than %u lines (the helper's limit); syntax "
                 "highlighting only for it",
                 (long long)b->id, BL_RPC_MAX_LINES);
    }
    bl_rpc_send_request(rpc, out, BL_RPC_REQ_DETACH, b, 0);
    bl_rpcbuf_set_error(b, msg);
    bl_rpcbuf_refuse(b);
}

void bl_rpc_too_big(bl_rpc *rpc, const bl_frame_head *head, int why, const char *reason,
                    bl_rpcpack_out *out) {
    static const char ev[] = "nvim_buf_";
    finish_push(rpc); /* like any message */
    bl_rpcbuf *b = head->has_buf ? bl_rpc_find_buf(rpc, head->buf) : NULL;
    if (b != NULL && !b->dead && head->type == 2 && head->method_len > sizeof ev - 1 &&
        memcmp(head->method, ev, sizeof ev - 1) == 0) {
        bl_log(BL_LOG_WARN, "buffer %lld: message too big (%s); buffer refused", (long long)b->id,
               reason);
        refuse_buf(rpc, b, out, why);
        return;
    }
    char msg[200];
    snprintf(msg, sizeof msg, "bulletin: message over the helper's limits skipped: %s", reason);
    bl_log(BL_LOG_WARN, "%s", msg);
    if (head->type == 0 && head->msgid >= 0 && head->msgid <= (int64_t)UINT32_MAX) {
        pack_error_response(out, (uint32_t)head->msgid, msg);
    }
}

static int ev_lines(bl_rpc *rpc, bl_rpc_call *c) {
    int64_t id, tick = 0, first, last;
    if (c->n < 6 || !bl_rpc_get_buf(&c->p[0], &id)) {
        bl_log(BL_LOG_WARN, "%s: malformed event ignored", c->name);
        return 0;
    }
    bl_rpcbuf *b = bl_rpc_find_buf(rpc, id);
    if (b == NULL || b->dead) {
        bl_log(BL_LOG_DEBUG, "%s: buffer %lld not attached", c->name, (long long)id);
        return 0;
    }
    if (b->fetching) {
        b->fetch_dirty = 1; /* the slices fetched may predate it: fetch again */
        return 0;
    }
    const msgpack_object *lines = &c->p[4];
    int has_tick = bl_rpc_get_int(&c->p[1], &tick);
    if ((!has_tick && c->p[1].type != MSGPACK_OBJECT_NIL) || !bl_rpc_get_int(&c->p[2], &first) ||
        !bl_rpc_get_int(&c->p[3], &last) || lines->type != MSGPACK_OBJECT_ARRAY ||
        c->p[5].type != MSGPACK_OBJECT_BOOLEAN) {
        buf_resync(rpc, b, c->out, "malformed nvim_buf_lines_event");
        return 0;
    }
    if (b->awaiting_full) {
        if (last != -1) {
            bl_log(BL_LOG_DEBUG, "buffer %lld: event before the full buffer dropped",
                   (long long)id);
            return 0;
        }
        b->awaiting_full = 0;
        b->outline_dirty = 1;
    }
    int64_t n = bl_doc_line_count(b->doc);
    int64_t end = last == -1 ? n : last;
    uint32_t count = lines->via.array.size;
    if (first < 0 || first > end || end > n) {
        buf_resync(rpc, b, c->out, "line range outside the buffer");
        return 0;
    }
    if (count > BL_RPC_MAX_LINES || n - (end - first) + count > BL_RPC_MAX_LINES) {
        refuse_buf(rpc, b, c->out, BL_FRAME_WHY_COUNT);
        return 0;
    }
    /* count is backed by decoded objects already in memory (each at least
     * one byte of a bounded frame), so these arrays are proportional. */
    const char **texts = bl_malloc((count ? count : 1) * sizeof *texts);
    size_t *lens = bl_malloc((count ? count : 1) * sizeof *lens);
    int r = texts != NULL && lens != NULL ? 0 : BL_ENOMEM;
    for (uint32_t i = 0; r == 0 && i < count; i++) {
        const msgpack_object *s = &lines->via.array.ptr[i];
        if (!bl_rpcpack_is_str(s) ||
            (texts[i] = bl_rpcpack_str_ptr(s, &lens[i]), lens[i] > BL_MAX_LINE_BYTES)) {
            r = BL_EINVAL;
        }
    }
    if (r == 0) {
        r = bl_rpcbuf_edit(b, (int32_t)first, (int32_t)end, count, texts, lens);
    }
    free(texts);
    free(lens);
    if (r != 0) {
        char why[128];
        snprintf(why, sizeof why, "applying an edit: %s", bl_strerror(r));
        buf_resync(rpc, b, c->out, why);
        return 0;
    }
    if (has_tick) {
        b->has_tick = 1;
        b->tick = tick;
    }
    b->partial = c->p[5].via.boolean;
    return 0;
}

static int ev_tick(bl_rpc *rpc, bl_rpc_call *c) {
    int64_t id, tick;
    bl_rpcbuf *b;
    if (c->n >= 2 && bl_rpc_get_buf(&c->p[0], &id) && (b = bl_rpc_find_buf(rpc, id)) != NULL &&
        !b->dead && bl_rpc_get_int(&c->p[1], &tick)) {
        if (b->fetching) { /* no text change: the fetch's tick moves on */
            if (!b->fetch_has_tick || tick > b->fetch_tick) {
                b->fetch_has_tick = 1;
                b->fetch_tick = tick;
            }
            return 0;
        }
        b->has_tick = 1;
        b->tick = tick;
    }
    return 0;
}

static int ev_detach(bl_rpc *rpc, bl_rpc_call *c) {
    int64_t id;
    bl_rpcbuf *b;
    if (c->n < 1 || !bl_rpc_get_buf(&c->p[0], &id) || (b = bl_rpc_find_buf(rpc, id)) == NULL) {
        return 0;
    }
    if (b->awaiting_full && !b->fetching) {
        /* An attach is on its way already (ours after a resync, whose own
         * detach caused this event, or one sent for an earlier detach). */
        return 0;
    }
    /* :edit! and the like: still wanted, so attach again. */
    bl_log(BL_LOG_INFO, "buffer %lld detached by Neovim; re-attaching", (long long)id);
    bl_rpc_start_attach(rpc, c->out, b, 0);
    return 0;
}

static int ev_error(bl_rpc *rpc, bl_rpc_call *c) {
    (void)rpc;
    size_t len = 0;
    const char *s =
        c->n >= 2 && bl_rpcpack_is_str(&c->p[1]) ? bl_rpcpack_str_ptr(&c->p[1], &len) : "";
    bl_log(BL_LOG_ERROR, "Neovim reports: %.*s", (int)(len > 512 ? 512 : len), s);
    return 0;
}

static const bl_rpc_method events[] = {
    {"nvim_buf_lines_event", ev_lines, 1},
    {"nvim_buf_changedtick_event", ev_tick, 1},
    {"nvim_buf_detach_event", ev_detach, 1},
    {"nvim_error_event", ev_error, 1},
};

/* ---- messages ---- */

static void pack_error_response(bl_rpcpack_out *out, uint32_t id, const char *msg) {
    msgpack_packer pk;
    bl_rpcpack_init(&pk, out);
    msgpack_pack_array(&pk, 4);
    msgpack_pack_int(&pk, 1);
    msgpack_pack_uint32(&pk, id);
    msgpack_pack_array(&pk, 2);
    msgpack_pack_int(&pk, 0);
    pack_key(&pk, msg);
    msgpack_pack_nil(&pk);
}

/* An answer to a fetch's nvim_buf_get_changedtick or nvim_buf_get_lines
 * (req): the slice joins the buffer (the first replaces it), the next is
 * asked for; the last (short) one ends the fetch. A fetch spoiled by an
 * edit starts again, at most BL_RPC_FETCH_TRIES times, then the whole
 * buffer is asked for. */
static void fetch_answer(bl_rpc *rpc, bl_rpcbuf *b, const bl_rpc_pending *req, int failed,
                         const msgpack_object *result, bl_rpcpack_out *out) {
    if (b == NULL || b->dead || !b->fetching || req->gen != b->fetch_gen) {
        return; /* an earlier fetch's */
    }
    if (failed) {
        buf_resync(rpc, b, out, "fetching its lines failed");
        return;
    }
    if (req->kind == BL_RPC_REQ_TICK) {
        int64_t t;
        if (bl_rpc_get_int(result, &t) && (!b->fetch_has_tick || t > b->fetch_tick)) {
            b->fetch_has_tick = 1;
            b->fetch_tick = t;
        }
        return;
    }
    if (b->fetch_dirty) {
        if (++b->fetch_tries > BL_RPC_FETCH_TRIES) {
            buf_resync(rpc, b, out, "edited while fetching it, every time");
        } else {
            fetch_start(rpc, out, b);
        }
        return;
    }
    int32_t n = b->fetch_n; /* the lines fetched so far */
    if (result->type != MSGPACK_OBJECT_ARRAY || req->first != n) {
        buf_resync(rpc, b, out, "a fetched slice that does not fit");
        return;
    }
    uint32_t count = result->via.array.size;
    if (count > BL_RPC_FETCH_LINES || (uint64_t)req->first + count > BL_RPC_MAX_LINES) {
        if (count > BL_RPC_FETCH_LINES) {
            buf_resync(rpc, b, out, "a fetched slice that does not fit");
        } else {
            bl_rpcbuf_fetch_reset(b);
            refuse_buf(rpc, b, out, BL_FRAME_WHY_COUNT);
        }
        return;
    }
    const char **texts = bl_malloc((count ? count : 1) * sizeof *texts);
    size_t *lens = bl_malloc((count ? count : 1) * sizeof *lens);
    int r = texts != NULL && lens != NULL ? 0 : BL_ENOMEM;
    for (uint32_t i = 0; r == 0 && i < count; i++) {
        const msgpack_object *s = &result->via.array.ptr[i];
        if (!bl_rpcpack_is_str(s)) {
            r = BL_EINVAL;
        } else {
            texts[i] = bl_rpcpack_str_ptr(s, &lens[i]);
        }
    }
    if (r == 0) {
        r = bl_rpcbuf_fetched(b, count, texts, lens);
    }
    free(texts);
    free(lens);
    if (r == 0 && count < BL_RPC_FETCH_LINES) {
        r = bl_rpcbuf_load_fetched(b); /* the last slice: the whole buffer is there */
    }
    if (r != 0) {
        char why[128];
        snprintf(why, sizeof why, "applying a fetched slice: %s", bl_strerror(r));
        buf_resync(rpc, b, out, why);
        return;
    }
    if (count == BL_RPC_FETCH_LINES) {
        /* BL_RPC_FETCH_AHEAD slices stay asked for: Neovim answers the
         * next while this one is taken in */
        send_req(rpc, out, BL_RPC_REQ_LINES, b, 0, b->fetch_next);
        b->fetch_next += BL_RPC_FETCH_LINES;
        return;
    }
    b->fetching = 0; /* answers to the slices asked for ahead are ignored */
    b->awaiting_full = 0;
    b->outline_dirty = 1;
    if (b->fetch_has_tick) {
        b->has_tick = 1;
        b->tick = b->fetch_tick;
    }
}

/* A response from Neovim to one of the helper's requests. */
static void handle_response(bl_rpc *rpc, uint32_t id, const msgpack_object *err,
                            const msgpack_object *result, bl_rpcpack_out *out) {
    size_t i = 0;
    while (i < rpc->npend && rpc->pend[i].msgid != id) {
        i++;
    }
    if (i == rpc->npend) {
        bl_log(BL_LOG_WARN, "response to unknown request %u ignored", id);
        return;
    }
    bl_rpc_pending req = rpc->pend[i];
    rpc->pend[i] = rpc->pend[--rpc->npend];
    bl_rpcbuf *b = bl_rpc_find_buf(rpc, req.buf);
    int failed = err->type != MSGPACK_OBJECT_NIL;
    if (req.kind == BL_RPC_REQ_TICK || req.kind == BL_RPC_REQ_LINES) {
        fetch_answer(rpc, b, &req, failed, result, out);
        return;
    }
    if ((req.kind != BL_RPC_REQ_ATTACH && req.kind != BL_RPC_REQ_ATTACH_QUIET) || b == NULL ||
        (!failed && result->type == MSGPACK_OBJECT_BOOLEAN && result->via.boolean)) {
        if (failed) {
            bl_log(BL_LOG_WARN, "request %u for buffer %lld failed", id, (long long)req.buf);
        }
        return;
    }
    if (!failed && !req.explicit_attach) {
        /* Re-attach after a detach event refused: the buffer was unloaded. */
        bl_log(BL_LOG_INFO, "buffer %lld unloaded; forgotten", (long long)req.buf);
        bl_rpc_remove_buf(rpc, b);
        return;
    }
    const char *why = "buffer not loaded";
    size_t wlen = strlen(why);
    if (failed && err->type == MSGPACK_OBJECT_ARRAY && err->via.array.size >= 2 &&
        bl_rpcpack_is_str(&err->via.array.ptr[1])) {
        why = bl_rpcpack_str_ptr(&err->via.array.ptr[1], &wlen);
    }
    char msg[512];
    snprintf(msg, sizeof msg, "bulletin: cannot attach buffer %lld: %.*s", (long long)req.buf,
             (int)(wlen > 400 ? 400 : wlen), why);
    bl_rpcbuf_set_error(b, msg);
    b->dead = 1;
}

static void dispatch(bl_rpc *rpc, int is_request, uint32_t id, const msgpack_object *method,
                     const msgpack_object *params, bl_rpcpack_out *out) {
    size_t mlen;
    const char *mp = bl_rpcpack_str_ptr(method, &mlen);
    const bl_rpc_method *m = bl_rpcmeth_find(method);
    for (size_t i = 0; m == NULL && i < sizeof events / sizeof events[0]; i++) {
        if (bl_rpc_str_eq(method, events[i].name)) {
            m = &events[i];
        }
    }
    if (m == NULL) {
        bl_rpc_seterr(rpc, "bulletin: unknown method %.*s", (int)(mlen > 100 ? 100 : mlen), mp);
        if (is_request) {
            pack_error_response(out, id, rpc->err);
        }
        bl_log(BL_LOG_WARN, "%s", rpc->err);
        return;
    }
    bl_rpcpack_out_clear(&rpc->scratch);
    msgpack_packer res;
    bl_rpcpack_init(&res, &rpc->scratch);
    bl_rpc_call c = {m->name, params->via.array.ptr, params->via.array.size, &res, out};
    rpc->err[0] = '\0';
    bl_log(BL_LOG_DEBUG, "%s %s (%u params)", is_request ? "request" : "notification", m->name,
           c.n);
    if (m->fn(rpc, &c) != 0) {
        bl_log(BL_LOG_WARN, "%s", rpc->err);
        if (is_request) {
            pack_error_response(out, id, rpc->err);
        }
        return;
    }
    if (!is_request) {
        return;
    }
    msgpack_packer pk;
    bl_rpcpack_init(&pk, out);
    msgpack_pack_array(&pk, 4);
    msgpack_pack_int(&pk, 1);
    msgpack_pack_uint32(&pk, id);
    msgpack_pack_nil(&pk);
    if (m->is_event || (rpc->scratch.sb.size == 0 && rpc->scratch.failed == 0)) {
        msgpack_pack_nil(&pk);
    } else {
        bl_rpcpack_out_append(out, &rpc->scratch, 0, rpc->scratch.sb.size);
    }
}

int bl_rpc_handle(bl_rpc *rpc, const msgpack_object *msg, bl_rpcpack_out *out) {
    finish_push(rpc); /* what the message changes or reads comes after it */
    const msgpack_object *a = msg->via.array.ptr;
    int64_t type, id = -1;
    if (msg->type != MSGPACK_OBJECT_ARRAY || msg->via.array.size < 3 || msg->via.array.size > 4 ||
        !bl_rpc_get_int(&a[0], &type)) {
        bl_log(BL_LOG_WARN, "message ignored: not a msgpack-RPC array");
        return 0;
    }
    uint32_t size = msg->via.array.size;
    int has_id = size == 4 && (type == 0 || type == 1) && bl_rpc_get_int(&a[1], &id) && id >= 0 &&
                 id <= (int64_t)UINT32_MAX;
    const char *bad = NULL;
    if (type == 0) {
        if (!has_id) {
            bad = "request without a valid msgid";
        } else if (!bl_rpcpack_is_str(&a[2])) {
            bad = "method must be a string";
        } else if (a[3].type != MSGPACK_OBJECT_ARRAY) {
            bad = "params must be an array";
        }
    } else if (type == 1) {
        if (!has_id) {
            bad = "response without a valid msgid";
        }
    } else if (type == 2) {
        if (size != 3 || !bl_rpcpack_is_str(&a[1]) || a[2].type != MSGPACK_OBJECT_ARRAY) {
            bad = "notification must be [2, method, params]";
        }
    } else {
        bad = "unknown message type";
    }
    if (bad != NULL) {
        bl_log(BL_LOG_WARN, "invalid message: %s", bad);
        if (type == 0 && has_id) {
            char msgbuf[128];
            snprintf(msgbuf, sizeof msgbuf, "bulletin: invalid request: %s", bad);
            pack_error_response(out, (uint32_t)id, msgbuf);
        }
        return 0;
    }
    if (type == 1) {
        handle_response(rpc, (uint32_t)id, &a[2], &a[3], out);
    } else if (type == 0) {
        dispatch(rpc, 1, (uint32_t)id, &a[2], &a[3], out);
    } else {
        dispatch(rpc, 0, 0, &a[1], &a[2], out);
    }
    return out->failed;
}

/* ---- pushes ---- */

/* Past this many bytes held, pushes are sent without waiting. */
#define HELD_MAX ((size_t)64 << 20)

static int mark_piece(void *ctx, size_t end) {
    bl_rpc *rpc = ctx;
    if (bl_vec_grow(rpc->marks, rpc->capmarks, rpc->nmarks + 1, SIZE_MAX / sizeof *rpc->marks) !=
        0) {
        return BL_ENOMEM; /* no pause after this piece */
    }
    rpc->marks[rpc->nmarks++] = end;
    return 0;
}

/* Moves held pushes to out: up to the end of the next partial piece (then
 * waits for bulletin_more), or all. */
static void release(bl_rpc *rpc, bl_rpcpack_out *out) {
    bl_rpcpack_out *h = &rpc->held;
    if (h->failed != 0) {
        /* A push could not be held whole: what is held is unusable. */
        bl_rpcpack_out_append(out, h, 0, 0);
        bl_rpcpack_out_clear(h);
        rpc->held_off = rpc->mark0 = rpc->nmarks = 0;
        return;
    }
    while (!rpc->awaiting_more && rpc->held_off < h->sb.size) {
        size_t end = h->sb.size;
        if (rpc->mark0 < rpc->nmarks && h->sb.size - rpc->held_off <= HELD_MAX) {
            end = rpc->marks[rpc->mark0++];
            rpc->awaiting_more = 1;
        }
        bl_rpcpack_out_append(out, h, rpc->held_off, end);
        rpc->held_off = end;
    }
    if (rpc->held_off == h->sb.size) {
        h->sb.size = rpc->held_off = 0;
        rpc->mark0 = rpc->nmarks = 0;
    }
}

void bl_rpc_more(bl_rpc *rpc) {
    rpc->awaiting_more = 0;
}

int bl_rpc_has_pending(const bl_rpc *rpc) {
    if (!rpc->awaiting_more && rpc->held_off < rpc->held.sb.size) {
        return 1;
    }
    for (size_t i = 0; i < rpc->nbufs; i++) {
        if (bl_rpcbuf_wants_push(rpc->bufs[i])) {
            return 1;
        }
    }
    return 0;
}

/* Packs the pieces left of the push under way. */
static void finish_push(bl_rpc *rpc) {
    bl_rpcbuf *b = rpc->pushing;
    while (b != NULL && b->pushing) {
        bl_rpcbuf_push_next(b, &rpc->held, mark_piece, rpc);
    }
    rpc->pushing = NULL;
}

int bl_rpc_pushing(const bl_rpc *rpc) {
    return rpc->pushing != NULL;
}

int bl_rpc_step(bl_rpc *rpc, bl_rpcpack_out *out) {
    bl_rpcbuf *b = rpc->pushing;
    if (b != NULL && b->pushing) {
        bl_rpcbuf_push_next(b, &rpc->held, mark_piece, rpc);
    }
    if (b == NULL || !b->pushing) {
        rpc->pushing = NULL;
    }
    release(rpc, out);
    return out->failed;
}

int bl_rpc_flush(bl_rpc *rpc, bl_rpcpack_out *out) {
    for (size_t i = 0; i < rpc->nbufs;) {
        bl_rpcbuf *b = rpc->bufs[i];
        if (bl_rpcbuf_wants_push(b)) {
            finish_push(rpc); /* one push under way at a time */
            bl_rpcbuf_push(b, bl_rpcmeth_lint_mode(rpc, b) == BL_RPC_LINT_CHANGE, &rpc->held,
                           mark_piece, rpc);
            rpc->pushing = b->pushing ? b : NULL;
        }
        if (b->dead) {
            bl_rpc_remove_buf(rpc, b); /* finishes its push; moves the last buffer to i */
        } else {
            i++;
        }
    }
    release(rpc, out);
    return out->failed;
}

int bl_rpc_pack_fatal(bl_rpcpack_out *out, const char *message) {
    msgpack_packer pk;
    bl_rpcpack_init(&pk, out);
    bl_rpcpack_exec_lua(&pk, "return require('bulletin.helper')._on_error(...)", 1);
    pack_key(&pk, message);
    return out->failed;
}

/* ---- life cycle ---- */

bl_rpc *bl_rpc_new(void) {
    bl_rpc *rpc = bl_calloc(1, sizeof *rpc);
    if (rpc == NULL) {
        return NULL;
    }
    rpc->lint = BL_RPC_LINT_DEFAULT;
    bl_rpcpack_out_init(&rpc->scratch);
    bl_rpcpack_out_init(&rpc->held);
    return rpc;
}

void bl_rpc_free(bl_rpc *rpc) {
    if (rpc == NULL) {
        return;
    }
    for (size_t i = 0; i < rpc->nbufs; i++) {
        bl_rpcbuf_free(rpc->bufs[i]);
    }
    free(rpc->bufs);
    bl_rpcbuf_entries_free(rpc->cfg, rpc->ncfg);
    free(rpc->pend);
    bl_rpcpack_out_destroy(&rpc->scratch);
    bl_rpcpack_out_destroy(&rpc->held);
    free(rpc->marks);
    free(rpc);
}
