/* rpc: the msgpack-RPC dispatcher of `bulletin rpc` and its buffer
 * registry, independent of any event loop (see PROTOCOL.md).
 *
 * The server decodes one complete frame at a time and hands the object to
 * bl_rpc_handle(), which applies buffer events, answers requests and may
 * send Neovim requests of its own (nvim_buf_attach); once every event
 * already read has been handled, the server calls bl_rpc_flush(), which
 * derives each changed buffer once and appends one push per buffer.
 *
 * Ownership: a bl_rpc owns its registry (one bl_doc and, when configured,
 * one bl_vocab per attached buffer) and copies everything it keeps from a
 * message; the msgpack objects passed in are borrowed for the call. Output
 * is appended to a bl_rpcpack_out (rpcpack.h) owned by the caller, which
 * also carries a failed append: then its bytes must not be sent. */
#pragma once

#include <msgpack.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "frame.h"
#include "rpcpack.h"

#define BL_RPC_PROTOCOL 5
#define BL_RPC_VERSION "0.1.0"
/* At most this many buffers attached at once. */
#define BL_RPC_MAX_BUFFERS 4096u
/* At most this many of the helper's own requests awaiting an answer. */
#define BL_RPC_MAX_PENDING 4096u

typedef struct bl_rpc bl_rpc;

/* Returns NULL when out of memory. */
bl_rpc *bl_rpc_new(void);
void bl_rpc_free(bl_rpc *rpc);

/* Handles one decoded message (borrowed). Well-formed msgpack that is not
 * valid RPC is answered with an error response when it carries an id, else
 * logged. Appends responses and the helper's requests to out. Returns 0,
 * or BL_ENOMEM when the output could not be written (out->failed). */
int bl_rpc_handle(bl_rpc *rpc, const msgpack_object *msg, bl_rpcpack_out *out);

/* Non-zero when some buffer has something to push. */
int bl_rpc_has_pending(const bl_rpc *rpc);

/* Derives every changed buffer and appends one push per buffer to out
 * (PROTOCOL.md "Pushes"). A big push goes in pieces: after each partial
 * piece the rest is held until the plugin's bulletin_more. Returns 0 or
 * BL_ENOMEM (out->failed: a push could not be written). */
int bl_rpc_flush(bl_rpc *rpc, bl_rpcpack_out *out);
/* Non-zero while a big push is under way: its first piece went out with
 * bl_rpc_flush(), the others wait to be packed. */
int bl_rpc_pushing(const bl_rpc *rpc);
/* Packs the next piece of the push under way (the server calls it once
 * per loop iteration while bl_rpc_pushing(), so that Neovim decodes the
 * first piece while the helper packs the rest) and sends what may go.
 * Returns out->failed. */
int bl_rpc_step(bl_rpc *rpc, bl_rpcpack_out *out);

/* The plugin took a partial piece (bulletin_more): held pushes may go on
 * at the next bl_rpc_flush(). */
void bl_rpc_more(bl_rpc *rpc);

/* A message too big to decode (frame.h), whose head says what it can:
 * a buffer event refuses that buffer (PROTOCOL.md "Limits": detach,
 * forget, push refused), a request gets an error response, anything else
 * is logged. why is BL_FRAME_WHY_*, reason the scanner's message. */
void bl_rpc_too_big(bl_rpc *rpc, const bl_frame_head *head, int why, const char *reason,
                    bl_rpcpack_out *out);

/* Appends the fatal-error notification (_on_error) carrying message.
 * Returns 0 or BL_ENOMEM (out->failed). */
int bl_rpc_pack_fatal(bl_rpcpack_out *out, const char *message);
