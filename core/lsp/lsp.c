#include "lsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"
#include "lsplog.h"
#include "lspmeth.h"

enum { ST_NEW, ST_RUNNING, ST_SHUTDOWN, ST_EXITED };

bl_lsp *bl_lsp_new(void) {
    bl_lsp *lsp = bl_calloc(1, sizeof *lsp);
    if (lsp != NULL) {
        lsp->exit_code = -1;
        lsp->enc = BL_LSPPOS_UTF16;
    }
    return lsp;
}

static void clear_queue(bl_lsp *lsp) {
    for (size_t i = 0; i < lsp->qn; i++) {
        json_decref(lsp->q[i].msg);
        json_decref(lsp->q[i].reply);
    }
    lsp->qn = 0;
}

void bl_lsp_free(bl_lsp *lsp) {
    if (lsp == NULL) {
        return;
    }
    clear_queue(lsp);
    free(lsp->q);
    bl_lspmeth_free_docs(lsp);
    bl_lspmeth_free_cfg(lsp);
    free(lsp);
}

/* Appends header + text to out. */
static void frame(bl_lspjson_buf *out, const char *s, size_t n) {
    char hdr[64];
    int k = snprintf(hdr, sizeof hdr, "Content-Length: %zu\r\n\r\n", n);
    size_t before = out->n;
    bl_lspjson_buf_add(out, hdr, (size_t)k);
    bl_lspjson_buf_add(out, s, n);
    if (out->failed) {
        /* Never half a message: drop it (the server then stops). */
        out->n = before;
    }
}

void bl_lsp_send(bl_lsp *lsp, json_t *msg) {
    if (msg == NULL) {
        bl_lsplog(BL_LSPLOG_ERROR, "out of memory building a message");
        lsp->out->failed = 1;
        return;
    }
    char *s = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (s == NULL) {
        bl_lsplog(BL_LSPLOG_ERROR, "out of memory writing a message");
        lsp->out->failed = 1;
        return;
    }
    frame(lsp->out, s, strlen(s));
    free(s);
}

void bl_lsp_send_raw(bl_lsp *lsp, const char *msg, size_t n) {
    frame(lsp->out, msg, n);
}

void bl_lsp_notify(bl_lsp *lsp, const char *method, json_t *params) {
    bl_lsp_send(lsp,
                json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

static json_t *error_msg(json_t *id, int code, const char *why) {
    bl_lsplog(BL_LSPLOG_INFO, "error %d: %s", code, why);
    return json_pack("{s:s,s:O,s:{s:i,s:o}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                     "error", "code", code, "message", bl_lspjson_str(why, strlen(why)));
}

static void send_error(bl_lsp *lsp, json_t *id, int code, const char *why) {
    bl_lsp_send(lsp, error_msg(id, code, why));
}

/* Queues m (owned; its id and method borrowed from it) or a ready reply
 * (owned); runs the queue first when it is full. */
static void enqueue(bl_lsp *lsp, json_t *m, json_t *id, const char *name, json_t *reply) {
    if (lsp->qn == BL_LSP_MAX_QUEUE) {
        bl_lsp_run(lsp, lsp->out);
    }
    if (bl_vec_grow(lsp->q, lsp->qcap, lsp->qn + 1, BL_LSP_MAX_QUEUE) != 0) {
        if (id != NULL) {
            send_error(lsp, id, BL_LSP_INTERNAL_ERROR, "out of memory");
        } else if (reply != NULL) {
            bl_lsp_send(lsp, reply);
            reply = NULL;
        }
        json_decref(m);
        json_decref(reply);
        return;
    }
    lsp->q[lsp->qn++] = (bl_lsp_queued){m, id, name, 0, reply};
}

void bl_lsp_frame_error(bl_lsp *lsp, int code, const char *why, bl_lspjson_buf *out) {
    lsp->out = out;
    if (lsp->state != ST_EXITED) {
        enqueue(lsp, NULL, NULL, NULL, error_msg(NULL, code, why));
    }
}

/* Answers a request with the reply; frees what the reply holds. */
static void send_reply(bl_lsp *lsp, json_t *id, bl_lspmeth_reply *r) {
    if (r->code != 0) {
        send_error(lsp, id, r->code, r->msg);
    } else if (r->has_raw) {
        char *ids = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
        bl_lspjson_buf b = {0};
        bl_lspjson_buf_adds(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
        bl_lspjson_buf_adds(&b, ids ? ids : "null");
        bl_lspjson_buf_adds(&b, ",\"result\":");
        bl_lspjson_buf_add(&b, r->raw.p, r->raw.n);
        bl_lspjson_buf_adds(&b, "}");
        if (ids == NULL || b.failed || r->raw.failed) {
            bl_lsplog(BL_LSPLOG_ERROR, "out of memory writing a result");
            lsp->out->failed = 1;
        } else {
            frame(lsp->out, b.p, b.n);
        }
        free(ids);
        bl_lspjson_buf_free(&b);
    } else {
        bl_lsp_send(lsp, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result",
                                   r->result ? r->result : json_null()));
        r->result = NULL;
    }
    json_decref(r->result);
    bl_lspjson_buf_free(&r->raw);
}

static int same_id(const json_t *a, const json_t *b) {
    return a != NULL && b != NULL && json_equal((json_t *)a, (json_t *)b);
}

static void cancel(bl_lsp *lsp, json_t *params) {
    json_t *id = json_is_object(params) ? json_object_get(params, "id") : NULL;
    for (size_t i = 0; i < lsp->qn; i++) {
        if (same_id(lsp->q[i].id, id)) {
            lsp->q[i].cancelled = 1;
            bl_lsplog(BL_LSPLOG_DEBUG, "request cancelled before it ran");
        }
    }
}

void bl_lsp_receive(bl_lsp *lsp, const char *body, size_t len, bl_lspjson_buf *out) {
    lsp->out = out;
    if (lsp->state == ST_EXITED) {
        return;
    }
    json_error_t e;
    json_t *m = json_loadb(body, len, 0, &e);
    if (m == NULL) {
        char why[300];
        snprintf(why, sizeof why, "Parse error: %s (at byte %d)", e.text, e.position);
        enqueue(lsp, NULL, NULL, NULL, error_msg(NULL, BL_LSP_PARSE_ERROR, why));
        return;
    }
    const char *why = NULL;
    json_t *id = json_is_object(m) ? json_object_get(m, "id") : NULL;
    int has_id = id != NULL;
    json_t *method = json_is_object(m) ? json_object_get(m, "method") : NULL;
    json_t *params = json_is_object(m) ? json_object_get(m, "params") : NULL;
    if (json_is_null(params)) {
        /* "params": null for a method without params (eglot's shutdown):
         * taken as absent. */
        json_object_del(m, "params");
        params = NULL;
    }
    const char *ver = bl_lspjson_get_str(m, "jsonrpc", NULL);
    if (!json_is_object(m)) {
        why = "Invalid Request: not a JSON object (batches are not part of LSP)";
    } else if (id != NULL && !json_is_integer(id) && !json_is_string(id)) {
        why = "Invalid Request: id is neither an integer nor a string";
        id = NULL;
    } else if (ver == NULL || strcmp(ver, "2.0") != 0) {
        why = "Invalid Request: jsonrpc is not \"2.0\"";
    } else if (method == NULL && id != NULL &&
               (json_object_get(m, "result") || json_object_get(m, "error"))) {
        json_decref(m); /* a response to a request of ours: none are sent */
        return;
    } else if (!json_is_string(method)) {
        why = "Invalid Request: no method";
    } else if (params != NULL && !json_is_object(params) && !json_is_array(params)) {
        why = "Invalid Request: params is neither an object nor an array";
    }
    if (why != NULL) {
        json_t *reply = NULL;
        if (has_id || method == NULL || !json_is_string(method)) {
            reply = error_msg(id, BL_LSP_INVALID_REQUEST, why);
        }
        json_decref(m);
        if (reply != NULL) {
            enqueue(lsp, NULL, NULL, NULL, reply);
        }
        return;
    }
    const char *name = json_string_value(method);
    if (id == NULL && strcmp(name, "$/cancelRequest") == 0) {
        cancel(lsp, params);
        json_decref(m);
        return;
    }
    enqueue(lsp, m, id, name, NULL);
}

int bl_lsp_has_pending(const bl_lsp *lsp) {
    return lsp->qn > 0;
}

static void run_request(bl_lsp *lsp, bl_lsp_queued *m, json_t *params) {
    bl_lspmeth_reply r;
    memset(&r, 0, sizeof r);
    int is_init = strcmp(m->method, "initialize") == 0;
    if (m->cancelled) {
        r.code = BL_LSP_REQUEST_CANCELLED;
        snprintf(r.msg, sizeof r.msg, "Request cancelled: %.200s", m->method);
    } else if (lsp->state == ST_NEW && !is_init) {
        r.code = BL_LSP_SERVER_NOT_INITIALIZED;
        snprintf(r.msg, sizeof r.msg, "Server not initialized: %.200s before initialize",
                 m->method);
    } else if (lsp->state == ST_SHUTDOWN) {
        r.code = BL_LSP_INVALID_REQUEST;
        snprintf(r.msg, sizeof r.msg, "Invalid Request: %.200s after shutdown", m->method);
    } else if (is_init) {
        if (lsp->state != ST_NEW) {
            r.code = BL_LSP_INVALID_REQUEST;
            snprintf(r.msg, sizeof r.msg, "Invalid Request: initialize sent twice");
        } else {
            r.result = bl_lspmeth_initialize(lsp, params);
            lsp->state = ST_RUNNING;
        }
    } else if (strcmp(m->method, "shutdown") == 0) {
        lsp->state = ST_SHUTDOWN;
    } else {
        bl_lspmeth_request_fn fn = bl_lspmeth_request(m->method);
        if (fn == NULL) {
            r.code = BL_LSP_METHOD_NOT_FOUND;
            snprintf(r.msg, sizeof r.msg, "Method not found: %.200s", m->method);
        } else {
            fn(lsp, params, &r);
        }
    }
    send_reply(lsp, m->id, &r);
}

static void run_notification(bl_lsp *lsp, bl_lsp_queued *m, json_t *params) {
    if (strcmp(m->method, "exit") == 0) {
        lsp->exit_code = lsp->state == ST_SHUTDOWN ? 0 : 1;
        lsp->state = ST_EXITED;
        bl_lsplog(BL_LSPLOG_INFO, "exit (%d)", lsp->exit_code);
        return;
    }
    if (lsp->state != ST_RUNNING) {
        bl_lsplog(BL_LSPLOG_DEBUG, "%s dropped (%s)", m->method,
                  lsp->state == ST_NEW ? "before initialize" : "after shutdown");
        return;
    }
    bl_lspmeth_notify_fn fn = bl_lspmeth_notification(m->method);
    if (fn != NULL) {
        fn(lsp, params);
    } else {
        bl_lsplog(BL_LSPLOG_DEBUG, "notification %s ignored", m->method);
    }
}

void bl_lsp_run(bl_lsp *lsp, bl_lspjson_buf *out) {
    lsp->out = out;
    /* Handlers may not queue; run what is here now. */
    for (size_t i = 0; i < lsp->qn && lsp->state != ST_EXITED; i++) {
        bl_lsp_queued *m = &lsp->q[i];
        if (m->reply != NULL) {
            bl_lsp_send(lsp, m->reply);
            m->reply = NULL;
            continue;
        }
        json_t *params = json_object_get(m->msg, "params");
        if (m->id != NULL) {
            run_request(lsp, m, params);
        } else {
            run_notification(lsp, m, params);
        }
    }
    clear_queue(lsp);
    if (lsp->state == ST_RUNNING) {
        bl_lspmeth_publish_changed(lsp);
    }
}

int bl_lsp_exit_code(const bl_lsp *lsp) {
    return lsp->exit_code;
}

int bl_lsp_eof_code(const bl_lsp *lsp) {
    return lsp->state == ST_SHUTDOWN || lsp->exit_code == 0 ? 0 : 1;
}
