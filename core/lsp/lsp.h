/* lsp: the JSON-RPC side of `bulletin lsp` — message checks, the
 * lifecycle of LSP 3.17 (initialize, initialized, shutdown, exit), the
 * queue of messages of one read burst and $/cancelRequest.
 *
 * The server (lspserver.h) hands each framed body to bl_lsp_receive(),
 * which answers what it cannot accept at once (invalid JSON: ParseError
 * -32700; not a JSON-RPC 2.0 request or notification: InvalidRequest
 * -32600, id null when the id is unreadable) and queues the rest; a
 * $/cancelRequest marks a queued request, which then gets RequestCancelled
 * (-32800) instead of running. bl_lsp_run(), after every read burst, runs
 * the queue in order: before initialize, requests get ServerNotInitialized
 * (-32002) and notifications are dropped; after shutdown, requests get
 * InvalidRequest; an unknown request gets MethodNotFound (-32601), an
 * unknown notification is ignored. Then it publishes the diagnostics of
 * the documents that changed.
 *
 * Output: each message is appended to out framed ("Content-Length: N\r\n
 * \r\n" + JSON), nothing else.
 *
 * Ownership: a bl_lsp owns its documents, its configuration and its queue;
 * bodies are borrowed for the call. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lspjson.h"

typedef struct bl_lsp bl_lsp;

/* JSON-RPC and LSP error codes. */
enum {
    BL_LSP_PARSE_ERROR = -32700,
    BL_LSP_INVALID_REQUEST = -32600,
    BL_LSP_METHOD_NOT_FOUND = -32601,
    BL_LSP_INVALID_PARAMS = -32602,
    BL_LSP_INTERNAL_ERROR = -32603,
    BL_LSP_SERVER_NOT_INITIALIZED = -32002,
    BL_LSP_REQUEST_FAILED = -32803,
    BL_LSP_REQUEST_CANCELLED = -32800
};

/* At most this many messages wait for bl_lsp_run(); one more runs the
 * queue first (cancellation then reaches only the later ones). */
#define BL_LSP_MAX_QUEUE 1024u
/* At most this many documents open at once; didOpen past it is refused
 * (logged and shown). */
#define BL_LSP_MAX_DOCS 4096u

bl_lsp *bl_lsp_new(void);
void bl_lsp_free(bl_lsp *lsp);

/* Takes one framed body (body[0, len), borrowed). */
void bl_lsp_receive(bl_lsp *lsp, const char *body, size_t len, bl_lspjson_buf *out);
/* Answers a framing error (bad header, body over the cap) with id null. */
void bl_lsp_frame_error(bl_lsp *lsp, int code, const char *why, bl_lspjson_buf *out);
int bl_lsp_has_pending(const bl_lsp *lsp);
/* Runs the queued messages, then publishes diagnostics. */
void bl_lsp_run(bl_lsp *lsp, bl_lspjson_buf *out);
/* -1 while running; after `exit`, 0 if `shutdown` came first, else 1. */
int bl_lsp_exit_code(const bl_lsp *lsp);
/* The exit status when the input ends without `exit`: the same rule. */
int bl_lsp_eof_code(const bl_lsp *lsp);
