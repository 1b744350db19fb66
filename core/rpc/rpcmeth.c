#include "rpcmeth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "lint.h"
#include "log.h"
#include "rpcpack.h"
#include "vec.h"
#include "vocab.h"

/* bulletin_lint's token: an Integer or a string of at most LINT_TOKEN_MAX
 * bytes (PROTOCOL.md). Packed, it takes at most LINT_TOKEN_PACKED bytes: a
 * str or bin header is at most 5 bytes, an integer at most 9. */
#define LINT_TOKEN_MAX 256
#define LINT_TOKEN_PACKED (LINT_TOKEN_MAX + 9)

static const char *const lint_names[] = {"off", "save", "change"};

int bl_rpcmeth_lint_mode(const bl_rpc *rpc, const bl_rpcbuf *b) {
    return b->lint >= 0 ? b->lint : rpc->lint;
}

static int parse_lint(const msgpack_object *o) {
    for (int i = 0; i < 3; i++) {
        if (bl_rpc_str_eq(o, lint_names[i])) {
            return i;
        }
    }
    return -1;
}

static int want_params(bl_rpc *rpc, const bl_rpc_call *c, uint32_t lo, uint32_t hi) {
    if (c->n >= lo && c->n <= hi) {
        return 0;
    }
    if (lo == hi) {
        return bl_rpc_seterr(rpc, "bulletin: %s: expected %u params, got %u", c->name, lo, c->n);
    }
    return bl_rpc_seterr(rpc, "bulletin: %s: expected %u or %u params, got %u", c->name, lo, hi,
                         c->n);
}

/* The attached buffer named by param i (0-based), or NULL with the error
 * set. */
static bl_rpcbuf *param_buf(bl_rpc *rpc, const bl_rpc_call *c, uint32_t i) {
    int64_t id;
    if (!bl_rpc_get_buf(&c->p[i], &id)) {
        bl_rpc_seterr(rpc, "bulletin: %s: param %u must be a buffer", c->name, i + 1);
        return NULL;
    }
    bl_rpcbuf *b = bl_rpc_find_buf(rpc, id);
    if (b == NULL) {
        bl_rpc_seterr(rpc, "bulletin: buffer %lld is not attached", (long long)id);
        return NULL;
    }
    if (bl_rpcbuf_update(b) != 0) {
        bl_rpc_seterr(rpc, "bulletin: %s: out of memory", c->name);
        return NULL;
    }
    return b;
}

static int m_version(bl_rpc *rpc, bl_rpc_call *c) {
    if (want_params(rpc, c, 0, 0) != 0) {
        return -1;
    }
    bl_rpcpack_version(c->res, BL_RPC_VERSION, BL_RPC_PROTOCOL);
    return 0;
}

/* bulletin_hello [token]: the version handshake without a waiting
 * request. Sent as a notification, it is answered by one: nvim_exec_lua of
 * helper._on_hello(token, version map), so Neovim never blocks on it. The
 * token (any msgpack value, echoed) lets the plugin tell this helper's
 * answer from a stopped one's: an integer, or nil. As a request it answers
 * the version map too. */
static int m_hello(bl_rpc *rpc, bl_rpc_call *c) {
    if (want_params(rpc, c, 0, 1) != 0) {
        return -1;
    }
    if (c->n == 1 && c->p[0].type != MSGPACK_OBJECT_POSITIVE_INTEGER &&
        c->p[0].type != MSGPACK_OBJECT_NEGATIVE_INTEGER && c->p[0].type != MSGPACK_OBJECT_NIL) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 1 must be an integer", c->name);
    }
    msgpack_packer pk;
    bl_rpcpack_init(&pk, c->out);
    bl_rpcpack_exec_lua(&pk, "return require('bulletin.helper')._on_hello(...)", 2);
    if (c->n == 1) {
        msgpack_pack_object(&pk, c->p[0]);
    } else {
        msgpack_pack_nil(&pk);
    }
    bl_rpcpack_version(&pk, BL_RPC_VERSION, BL_RPC_PROTOCOL);
    bl_rpcpack_version(c->res, BL_RPC_VERSION, BL_RPC_PROTOCOL);
    return 0;
}

/* Puts a refused configuration's message into the next push of the first
 * attached buffer, once. */
static void tell_cfg_err(bl_rpc *rpc) {
    if (rpc->cfg_err_untold && rpc->nbufs > 0) {
        bl_rpcbuf_set_error(rpc->bufs[0], rpc->cfg_err);
        rpc->cfg_err_untold = 0;
    }
}

static int m_config(bl_rpc *rpc, bl_rpc_call *c) {
    if (want_params(rpc, c, 1, 1) != 0) {
        return -1;
    }
    const msgpack_object *o = &c->p[0];
    if (o->type != MSGPACK_OBJECT_MAP) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 1 must be a map", c->name);
    }
    const msgpack_object *vocab = NULL;
    int lint = -1;
    for (uint32_t i = 0; i < o->via.map.size; i++) {
        const msgpack_object *k = &o->via.map.ptr[i].key;
        if (bl_rpc_str_eq(k, "vocab")) {
            vocab = &o->via.map.ptr[i].val;
        } else if (bl_rpc_str_eq(k, "lint")) {
            lint = parse_lint(&o->via.map.ptr[i].val);
            if (lint < 0) {
                return bl_rpc_seterr(
                    rpc, "bulletin: %s: lint must be \"off\", \"save\" or \"change\"", c->name);
            }
        }
    }
    bl_rpcbuf_entry *v = NULL;
    size_t n = 0;
    if (vocab != NULL &&
        bl_rpcbuf_parse_vocab(vocab, c->name, rpc->err, sizeof rpc->err, &v, &n) != 0) {
        /* Refused whole (the vocabulary in force stays): sent as a
         * notification, the plugin learns it from the next push and from
         * bulletin_vocab. */
        snprintf(rpc->cfg_err, sizeof rpc->cfg_err, "%s", rpc->err);
        rpc->cfg_err_untold = 1;
        tell_cfg_err(rpc);
        return -1;
    }
    if (vocab != NULL) {
        rpc->cfg_err[0] = '\0';
        rpc->cfg_err_untold = 0;
    }
    if (lint >= 0) {
        rpc->lint = lint;
    }
    if (vocab != NULL && bl_rpcbuf_entries_equal(v, n, rpc->cfg, rpc->ncfg)) {
        bl_rpcbuf_entries_free(v, n); /* unchanged: no rebuild */
    } else if (vocab != NULL) {
        bl_rpcbuf_entries_free(rpc->cfg, rpc->ncfg);
        rpc->cfg = v;
        rpc->ncfg = n;
        for (size_t i = 0; i < rpc->nbufs; i++) {
            if (bl_rpcbuf_rebuild(rpc->bufs[i], rpc->cfg, rpc->ncfg) != 0) {
                bl_rpcbuf_set_error(rpc->bufs[i],
                                    "bulletin: out of memory applying the vocabulary");
            }
        }
    }
    msgpack_pack_true(c->res);
    return 0;
}

static int m_attach(bl_rpc *rpc, bl_rpc_call *c) {
    if (want_params(rpc, c, 1, 2) != 0) {
        return -1;
    }
    int64_t id;
    if (!bl_rpc_get_buf(&c->p[0], &id)) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 1 must be a buffer", c->name);
    }
    const msgpack_object *path = NULL;
    int lint = -1, has_path = 0, reload = 0, fetch = -1;
    if (c->n == 2 && c->p[1].type != MSGPACK_OBJECT_NIL) {
        const msgpack_object *o = &c->p[1];
        if (o->type != MSGPACK_OBJECT_MAP) {
            return bl_rpc_seterr(rpc, "bulletin: %s: param 2 must be a map", c->name);
        }
        for (uint32_t i = 0; i < o->via.map.size; i++) {
            const msgpack_object *k = &o->via.map.ptr[i].key;
            const msgpack_object *val = &o->via.map.ptr[i].val;
            size_t len;
            if (bl_rpc_str_eq(k, "path")) {
                has_path = 1;
            }
            if (bl_rpc_str_eq(k, "path") && val->type != MSGPACK_OBJECT_NIL) {
                if (!bl_rpcpack_is_str(val) || bl_rpcpack_str_ptr(val, &len) == NULL ||
                    len >= 4096 || memchr(bl_rpcpack_str_ptr(val, &len), '\0', len) != NULL) {
                    return bl_rpc_seterr(rpc, "bulletin: %s: path must be a file name", c->name);
                }
                path = len > 0 ? val : NULL; /* "": an unnamed buffer */
            } else if (bl_rpc_str_eq(k, "fetch")) {
                fetch = val->type == MSGPACK_OBJECT_BOOLEAN && val->via.boolean;
            } else if (bl_rpc_str_eq(k, "reload")) {
                reload = val->type == MSGPACK_OBJECT_BOOLEAN && val->via.boolean;
            } else if (bl_rpc_str_eq(k, "lint") && (lint = parse_lint(val)) < 0) {
                return bl_rpc_seterr(
                    rpc, "bulletin: %s: lint must be \"off\", \"save\" or \"change\"", c->name);
            }
        }
    }
    char *p = NULL;
    if (path != NULL) {
        size_t len;
        const char *s = bl_rpcpack_str_ptr(path, &len);
        if ((p = bl_strndup(s, len)) == NULL) {
            return bl_rpc_seterr(rpc, "bulletin: %s: out of memory", c->name);
        }
    }
    bl_rpcbuf *b = bl_rpc_find_buf(rpc, id);
    if (b != NULL && b->dead) {
        bl_rpc_remove_buf(rpc, b); /* refused before: start again */
        b = NULL;
    }
    if (b != NULL) {
        /* Attached already: take the new options (a path only if given). */
        /* reload: re-read the .bulletinrc even for the same path. */
        int changed = reload || (has_path && ((p == NULL) != (b->path == NULL) ||
                                              (p != NULL && strcmp(p, b->path) != 0)));
        if (has_path) {
            free(b->path);
            b->path = p;
        } else {
            free(p);
        }
        b->lint = lint >= 0 ? lint : b->lint;
        b->fetch = fetch >= 0 ? fetch : b->fetch;
        if (changed && bl_rpcbuf_rebuild(b, rpc->cfg, rpc->ncfg) != 0) {
            bl_rpcbuf_set_error(b, "bulletin: out of memory applying the vocabulary");
        }
        msgpack_pack_true(c->res);
        return 0;
    }
    if (rpc->nbufs >= BL_RPC_MAX_BUFFERS) {
        free(p);
        return bl_rpc_seterr(rpc, "bulletin: %s: more than %u buffers attached", c->name,
                             BL_RPC_MAX_BUFFERS);
    }
    if (bl_vec_grow(rpc->bufs, rpc->capbufs, rpc->nbufs + 1, BL_RPC_MAX_BUFFERS) != 0 ||
        (b = bl_rpcbuf_new(id, p, lint, rpc->cfg, rpc->ncfg)) == NULL) {
        free(p);
        return bl_rpc_seterr(rpc, "bulletin: %s: out of memory", c->name);
    }
    free(p);
    rpc->bufs[rpc->nbufs++] = b;
    tell_cfg_err(rpc);
    b->fetch = fetch > 0;
    bl_rpc_start_attach(rpc, c->out, b, 1);
    bl_log(BL_LOG_INFO, "attach buffer %lld", (long long)id);
    msgpack_pack_true(c->res);
    return 0;
}

static int m_detach(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    if (want_params(rpc, c, 1, 1) != 0 || (b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    bl_rpc_send_request(rpc, c->out, BL_RPC_REQ_DETACH, b, 0);
    bl_rpc_remove_buf(rpc, b);
    msgpack_pack_true(c->res);
    return 0;
}

static int m_outline(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    if (want_params(rpc, c, 1, 1) != 0 || (b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    bl_rpcpack_outline(c->res, b->doc);
    return 0;
}

static int m_folds(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    if (want_params(rpc, c, 1, 1) != 0 || (b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    bl_rpcpack_folds(c->res, b->doc, 0, bl_doc_line_count(b->doc));
    return 0;
}

static int m_spans(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    int64_t first, last;
    if (want_params(rpc, c, 3, 3) != 0) {
        return -1;
    }
    if (!bl_rpc_get_int(&c->p[1], &first) || first < 0) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 2 must be a line number", c->name);
    }
    if (!bl_rpc_get_int(&c->p[2], &last)) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 3 must be a line number", c->name);
    }
    if ((b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    int64_t n = bl_doc_line_count(b->doc);
    last = last < 0 || last > n ? n : last;
    first = first > last ? last : first;
    bl_rpcpack_spans(c->res, b->doc, (int32_t)first, (int32_t)last, 0);
    return 0;
}

/* bulletin_lint [buf] or [buf, token]: lints once; a request gets the
 * diagnostics as its result, and the next push carries the same ones
 * (with lint_token when a token was given). */
static int m_lint(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    if (want_params(rpc, c, 1, 2) != 0) {
        return -1;
    }
    const msgpack_object *tok = c->n == 2 && c->p[1].type != MSGPACK_OBJECT_NIL ? &c->p[1] : NULL;
    size_t tlen = 0;
    if (tok != NULL && tok->type != MSGPACK_OBJECT_POSITIVE_INTEGER &&
        tok->type != MSGPACK_OBJECT_NEGATIVE_INTEGER &&
        (!bl_rpcpack_is_str(tok) || (bl_rpcpack_str_ptr(tok, &tlen), tlen > LINT_TOKEN_MAX))) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 2 must be a token", c->name);
    }
    if ((b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    /* The packer writes into this stack buffer through msgpack_sbuffer_write,
     * which would realloc() it if it were too small: it must hold any token
     * the check above lets in. */
    char packed[LINT_TOKEN_PACKED];
    _Static_assert(sizeof packed >= LINT_TOKEN_MAX + 5 && sizeof packed >= 9,
                   "the packed lint token must fit its stack buffer");
    msgpack_sbuffer sb = {0, packed, sizeof packed};
    msgpack_packer pk;
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    if (tok != NULL) {
        msgpack_pack_object(&pk, *tok); /* LINT_TOKEN_PACKED at most: fits */
    }
    if (bl_rpcbuf_set_token(b, tok != NULL ? packed : NULL, sb.size) != 0) {
        return bl_rpc_seterr(rpc, "bulletin: %s: out of memory", c->name);
    }
    bl_rpcbuf_lint(b);
    bl_rpcpack_diags(c->res, &b->diags, b->doc);
    return 0;
}

/* bulletin_refresh [buf]: the next push carries the whole state. */
static int m_refresh(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    if (want_params(rpc, c, 1, 1) != 0 || (b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    bl_rpcbuf_mark_all(b);
    msgpack_pack_true(c->res);
    return 0;
}

/* bulletin_more [buf]: the plugin took a partial piece; the next goes. */
static int m_more(bl_rpc *rpc, bl_rpc_call *c) {
    int64_t id;
    if (want_params(rpc, c, 1, 1) != 0) {
        return -1;
    }
    if (!bl_rpc_get_buf(&c->p[0], &id)) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 1 must be a buffer", c->name);
    }
    bl_rpc_more(rpc);
    msgpack_pack_true(c->res);
    return 0;
}

static int m_saved(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    if (want_params(rpc, c, 1, 1) != 0 || (b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    if (bl_rpcmeth_lint_mode(rpc, b) != BL_RPC_LINT_OFF) {
        b->lint_pending = 1;
    }
    msgpack_pack_true(c->res);
    return 0;
}

/* bulletin_vocab [buf] or [buf, token]: what configures the buffer (its
 * `.bulletinrc`, dialect and settings; PROTOCOL.md). With a token (an
 * integer or nil, echoed) it is also answered by the notification
 * nvim_exec_lua of health._on_vocab(token, map), so that Neovim need not
 * block on a request. */
static int m_vocab(bl_rpc *rpc, bl_rpc_call *c) {
    bl_rpcbuf *b;
    if (want_params(rpc, c, 1, 2) != 0 || (b = param_buf(rpc, c, 0)) == NULL) {
        return -1;
    }
    if (c->n == 2 && c->p[1].type != MSGPACK_OBJECT_POSITIVE_INTEGER &&
        c->p[1].type != MSGPACK_OBJECT_NEGATIVE_INTEGER && c->p[1].type != MSGPACK_OBJECT_NIL) {
        return bl_rpc_seterr(rpc, "bulletin: %s: param 2 must be an integer", c->name);
    }
    if (c->n == 2) {
        msgpack_packer pk;
        bl_rpcpack_init(&pk, c->out);
        bl_rpcpack_exec_lua(&pk, "return require('bulletin.health')._on_vocab(...)", 2);
        msgpack_pack_object(&pk, c->p[1]);
        bl_rpcbuf_pack_vocab(b, rpc->cfg_err, &pk);
    }
    bl_rpcbuf_pack_vocab(b, rpc->cfg_err, c->res);
    return 0;
}

static const bl_rpc_method methods[] = {
    {"bulletin_version", m_version, 0}, {"bulletin_config", m_config, 0},
    {"bulletin_attach", m_attach, 0},   {"bulletin_detach", m_detach, 0},
    {"bulletin_outline", m_outline, 0}, {"bulletin_folds", m_folds, 0},
    {"bulletin_spans", m_spans, 0},     {"bulletin_lint", m_lint, 0},
    {"bulletin_saved", m_saved, 0},     {"bulletin_refresh", m_refresh, 0},
    {"bulletin_more", m_more, 0},       {"bulletin_hello", m_hello, 0},
    {"bulletin_vocab", m_vocab, 0},
};

const bl_rpc_method *bl_rpcmeth_find(const msgpack_object *name) {
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (bl_rpc_str_eq(name, methods[i].name)) {
            return &methods[i];
        }
    }
    return NULL;
}
