/* rpcmeth: the methods the plugin calls (bulletin_*, PROTOCOL.md "Methods
 * the plugin calls"), and the state they share with rpc.c's dispatcher.
 *
 * rpc.c owns the registry, the helper's own requests to Neovim, Neovim's
 * buffer events and the message loop; rpcmeth.c the plugin's methods. The
 * bl_rpc_* functions declared here are rpc.c's, shared with rpcmeth.c
 * only (not part of the rpc.h interface).
 *
 * Ownership: as in rpc.h; a bl_rpc_call borrows its params and packers. */
#pragma once

#include <msgpack.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc.h"
#include "rpcbuf.h"

enum {
    BL_RPC_LINT_OFF,
    BL_RPC_LINT_SAVE,
    BL_RPC_LINT_CHANGE,
    BL_RPC_LINT_DEFAULT = BL_RPC_LINT_SAVE
};
/* The helper's requests: nvim_buf_attach with the whole buffer, or
 * without it (then nvim_buf_get_changedtick and nvim_buf_get_lines of
 * BL_RPC_FETCH_LINES lines at a time fetch it, PROTOCOL.md "fetch"),
 * nvim_buf_detach. */
enum {
    BL_RPC_REQ_ATTACH,
    BL_RPC_REQ_DETACH,
    BL_RPC_REQ_ATTACH_QUIET,
    BL_RPC_REQ_TICK,
    BL_RPC_REQ_LINES
};
#define BL_RPC_FETCH_LINES 4096
/* Slices asked for ahead: Neovim answers one while the helper takes in the
 * one before (PROTOCOL.md). */
#define BL_RPC_FETCH_AHEAD 2
/* Fetches spoiled by edits before the whole-buffer attach is used. */
#define BL_RPC_FETCH_TRIES 3

typedef struct {
    uint32_t msgid;
    int64_t buf;
    uint8_t kind;
    uint8_t explicit_attach;
    int32_t first; /* BL_RPC_REQ_LINES: the first line asked for */
    uint32_t gen;  /* the buffer's fetch_gen when sent */
} bl_rpc_pending;

struct bl_rpc {
    bl_rpcbuf **bufs; /* owned, each owned */
    size_t nbufs, capbufs;
    bl_rpcbuf_entry *cfg; /* owned config vocabulary */
    size_t ncfg;
    char cfg_err[512];  /* the last refused bulletin_config's message, or "" */
    int cfg_err_untold; /* no push has carried cfg_err yet */
    int lint;
    uint32_t next_msgid;
    bl_rpc_pending *pend;
    size_t npend, cappend;
    bl_rpcpack_out scratch; /* a method's result, before its response */
    /* Pushes derived but not yet sent (PROTOCOL.md "partial"): after a
     * partial piece the rest waits for the plugin's bulletin_more. held
     * bytes [held_off, held.sb.size) are unsent; marks[mark0, nmarks) are
     * the offsets in held where partial pieces end. */
    bl_rpcpack_out held;
    size_t held_off;
    size_t *marks;
    size_t mark0, nmarks, capmarks;
    int awaiting_more;
    /* The buffer whose push is under way (its first piece packed, the
     * others packed by bl_rpc_step() between loop iterations), or NULL;
     * borrowed from bufs (bl_rpc_remove_buf() finishes the push first).
     * Every message waits for the rest of the push: its pieces come from
     * the doc as it was. */
    bl_rpcbuf *pushing;
    char err[512]; /* the current method's error message */
};

/* One call: params (borrowed), the result packer (into rpc->scratch) and
 * the output, for requests the method sends Neovim itself. */
typedef struct {
    const char *name;
    const msgpack_object *p;
    uint32_t n;
    msgpack_packer *res;
    bl_rpcpack_out *out;
} bl_rpc_call;

typedef struct {
    const char *name;
    int (*fn)(bl_rpc *, bl_rpc_call *);
    int is_event; /* Neovim's notifications: no result, no error response */
} bl_rpc_method;

/* ---- rpc.c ---- */

/* Formats the current method's error into rpc->err; returns -1. */
int bl_rpc_seterr(bl_rpc *rpc, const char *fmt, ...);
int bl_rpc_str_eq(const msgpack_object *o, const char *s);
int bl_rpc_get_int(const msgpack_object *o, int64_t *v);
/* A buffer: a positive Integer, or EXT 0 whose payload is a msgpack int. */
int bl_rpc_get_buf(const msgpack_object *o, int64_t *v);
bl_rpcbuf *bl_rpc_find_buf(bl_rpc *rpc, int64_t id);
/* Removes b from the registry and frees it. */
void bl_rpc_remove_buf(bl_rpc *rpc, bl_rpcbuf *b);
/* Attaches b (again): with its whole buffer, or when b->fetch without it,
 * then fetches its lines in slices (PROTOCOL.md). Pushes wait until the
 * whole buffer is there. */
void bl_rpc_start_attach(bl_rpc *rpc, bl_rpcpack_out *out, bl_rpcbuf *b, int explicit_attach);
/* Appends nvim_buf_attach (BL_RPC_REQ_ATTACH) or nvim_buf_detach for b to
 * out and remembers the request. */
void bl_rpc_send_request(bl_rpc *rpc, bl_rpcpack_out *out, int kind, bl_rpcbuf *b,
                         int explicit_attach);

/* ---- rpcmeth.c ---- */

/* The plugin's method named by the str object name, or NULL. */
const bl_rpc_method *bl_rpcmeth_find(const msgpack_object *name);
/* The lint mode (BL_RPC_LINT_*) of b: its own, else the configured one. */
int bl_rpcmeth_lint_mode(const bl_rpc *rpc, const bl_rpcbuf *b);
