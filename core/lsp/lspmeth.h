/* lspmeth: the methods of `bulletin lsp` — documents, features,
 * configuration — on the dispatcher's state (lsp.c runs them in order).
 *
 * Ownership: struct bl_lsp owns docs (each bl_lspdoc), cfg (each entry's
 * strings) and the queue's messages; handlers borrow params. */
#pragma once

#include <jansson.h>
#include <stddef.h>

#include "lsp.h"
#include "lspdoc.h"
#include "lspjson.h"
#include "lsppos.h"

enum { BL_LSP_LINT_CHANGE, BL_LSP_LINT_SAVE, BL_LSP_LINT_OFF };

typedef struct {
    json_t *msg;        /* owned */
    json_t *id;         /* borrowed from msg; NULL for a notification */
    const char *method; /* borrowed from msg */
    int cancelled;
    json_t *reply; /* owned: an error answered in turn (msg is NULL) */
} bl_lsp_queued;

struct bl_lsp {
    int state;     /* 0 before initialize, 1 running, 2 after shutdown, 3 after exit */
    int exit_code; /* -1 until exit */
    bl_lsppos_enc enc;
    int line_folding_only;
    int lint_mode; /* BL_LSP_LINT_* */
    bl_lspdoc **docs;
    size_t ndocs, dcap;
    bl_lspdoc_entry *cfg;
    size_t ncfg;
    bl_lsp_queued *q;
    size_t qn, qcap;
    bl_lspjson_buf *out; /* during bl_lsp_run / receive: where messages go */
};

/* A request's answer: result (a new reference; NULL means JSON null), or
 * raw JSON text in raw when has_raw, or an error when code != 0. */
typedef struct {
    json_t *result;
    bl_lspjson_buf raw;
    int has_raw;
    int code;
    char msg[256];
} bl_lspmeth_reply;

typedef void (*bl_lspmeth_request_fn)(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r);
typedef void (*bl_lspmeth_notify_fn)(bl_lsp *lsp, json_t *params);

/* The handler of a method, or NULL when there is none. initialize,
 * shutdown, exit and $/cancelRequest are lsp.c's own. */
bl_lspmeth_request_fn bl_lspmeth_request(const char *method);
bl_lspmeth_notify_fn bl_lspmeth_notification(const char *method);

/* Reads the client's capabilities and initializationOptions; returns the
 * InitializeResult (new reference). */
json_t *bl_lspmeth_initialize(bl_lsp *lsp, json_t *params);
/* Lints and publishes every document changed since its last publish
 * (lint mode "change"). */
void bl_lspmeth_publish_changed(bl_lsp *lsp);
void bl_lspmeth_free_docs(bl_lsp *lsp);
void bl_lspmeth_free_cfg(bl_lsp *lsp);

/* Sends a message (steals msg) / a notification (steals params). */
void bl_lsp_send(bl_lsp *lsp, json_t *msg);
void bl_lsp_notify(bl_lsp *lsp, const char *method, json_t *params);
/* Sends the JSON text msg[0, n) as one message. */
void bl_lsp_send_raw(bl_lsp *lsp, const char *msg, size_t n);
