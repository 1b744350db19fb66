#include "lspmeth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"
#include "lint.h"
#include "lspcfg.h"
#include "lspfeat.h"
#include "lsplog.h"
#include "vocab.h"

#define VERSION_STRING "0.1"

/* ---- documents ---- */

static size_t find_doc(const bl_lsp *lsp, const char *uri) {
    for (size_t i = 0; i < lsp->ndocs; i++) {
        if (strcmp(lsp->docs[i]->uri, uri) == 0) {
            return i;
        }
    }
    return lsp->ndocs;
}

/* The open document params.textDocument.uri names, or NULL (and r's
 * error, when r is given). */
static bl_lspdoc *param_doc(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r) {
    json_t *td = bl_lspjson_get_obj(params, "textDocument");
    const char *uri = bl_lspjson_get_str(td, "uri", NULL);
    size_t i = uri ? find_doc(lsp, uri) : lsp->ndocs;
    if (i < lsp->ndocs) {
        return lsp->docs[i];
    }
    if (r != NULL) {
        r->code = BL_LSP_INVALID_PARAMS;
        snprintf(r->msg, sizeof r->msg, "%s", uri ? "document not open" : "no textDocument.uri");
    }
    bl_lsplog(BL_LSPLOG_WARN, "%s", uri ? "document not open" : "no textDocument.uri");
    return NULL;
}

static void show(bl_lsp *lsp, int type, const char *text) {
    bl_lsp_notify(
        lsp, "window/showMessage",
        json_pack("{s:i,s:o}", "type", type, "message", bl_lspjson_str(text, strlen(text))));
}

/* Runs the lint and publishes it (an empty list when lint is off). */
static void publish(bl_lsp *lsp, bl_lspdoc *d) {
    bl_diags diags = {0};
    int r = bl_lspdoc_update(d);
    if (r == 0 && lsp->lint_mode != BL_LSP_LINT_OFF) {
        r = bl_lint_run(d->doc, &diags);
    }
    if (r != 0) {
        bl_lsplog(BL_LSPLOG_ERROR, "out of memory linting %s", d->uri);
    }
    bl_lspjson_buf b = {0};
    bl_lspjson_buf_adds(&b, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
                            "\"params\":{\"uri\":");
    bl_lspjson_buf_str(&b, d->uri, strlen(d->uri));
    bl_lspjson_buf_adds(&b, ",\"version\":");
    bl_lspjson_buf_int(&b, d->version);
    bl_lspjson_buf_adds(&b, ",\"diagnostics\":");
    bl_lspfeat_diagnostics(d, lsp->enc, &diags, &b);
    bl_lspjson_buf_adds(&b, "}}");
    bl_diags_free(&diags);
    if (b.failed) {
        bl_lsplog(BL_LSPLOG_ERROR, "out of memory publishing diagnostics");
        lsp->out->failed = 1;
    } else {
        bl_lsp_send_raw(lsp, b.p, b.n);
    }
    bl_lspjson_buf_free(&b);
    d->changed = 0;
}

void bl_lspmeth_publish_changed(bl_lsp *lsp) {
    if (lsp->lint_mode != BL_LSP_LINT_CHANGE) {
        return;
    }
    for (size_t i = 0; i < lsp->ndocs; i++) {
        if (lsp->docs[i]->changed) {
            publish(lsp, lsp->docs[i]);
        }
    }
}

void bl_lspmeth_free_docs(bl_lsp *lsp) {
    for (size_t i = 0; i < lsp->ndocs; i++) {
        bl_lspdoc_free(lsp->docs[i]);
    }
    free(lsp->docs);
    lsp->docs = NULL;
    lsp->ndocs = lsp->dcap = 0;
}

static void did_open(bl_lsp *lsp, json_t *params) {
    json_t *td = bl_lspjson_get_obj(params, "textDocument");
    size_t len;
    const char *uri = bl_lspjson_get_str(td, "uri", NULL);
    const char *text = bl_lspjson_get_str(td, "text", &len);
    int64_t version = 0;
    if (uri == NULL || text == NULL) {
        bl_lsplog(BL_LSPLOG_WARN, "didOpen without uri or text");
        return;
    }
    bl_lspjson_get_int(td, "version", &version);
    size_t i = find_doc(lsp, uri);
    if (i == lsp->ndocs && lsp->ndocs == BL_LSP_MAX_DOCS) {
        show(lsp, 1, "bulletin: too many open documents; this one is not served");
        return;
    }
    bl_lspdoc *d;
    int r = bl_lspdoc_new(uri, version, text, len, lsp->cfg, lsp->ncfg, &d);
    if (r == 0 && i == lsp->ndocs &&
        bl_vec_grow(lsp->docs, lsp->dcap, lsp->ndocs + 1, BL_LSP_MAX_DOCS) != 0) {
        bl_lspdoc_free(d);
        r = BL_ENOMEM;
    }
    if (r != 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "bulletin: cannot serve this document: %s", bl_strerror(r));
        show(lsp, 1, msg);
        return;
    }
    if (d->rc_error != NULL) {
        char msg[700];
        snprintf(msg, sizeof msg, "bulletin: %.600s", d->rc_error);
        show(lsp, 2, msg);
    }
    if (i < lsp->ndocs) {
        bl_lspdoc_free(lsp->docs[i]);
        lsp->docs[i] = d;
    } else {
        lsp->docs[lsp->ndocs++] = d;
    }
    if (lsp->lint_mode != BL_LSP_LINT_CHANGE) {
        publish(lsp, d); /* on open in every mode ("off": an empty list) */
    }
}

/* Applies one TextDocumentContentChangeEvent. */
static int apply_change(bl_lsp *lsp, bl_lspdoc *d, json_t *ch) {
    size_t len;
    const char *text = bl_lspjson_get_str(ch, "text", &len);
    json_t *range = bl_lspjson_get_obj(ch, "range");
    if (text == NULL) {
        return BL_EINVAL;
    }
    if (range == NULL) {
        return bl_lspdoc_set_text(d, text, len);
    }
    json_t *s = bl_lspjson_get_obj(range, "start"), *e = bl_lspjson_get_obj(range, "end");
    int64_t sl, sc, el, ec;
    if (bl_lspjson_get_int(s, "line", &sl) || bl_lspjson_get_int(s, "character", &sc) ||
        bl_lspjson_get_int(e, "line", &el) || bl_lspjson_get_int(e, "character", &ec)) {
        return BL_EINVAL;
    }
    return bl_lspdoc_edit(d, lsp->enc, sl, sc, el, ec, text, len);
}

static void did_change(bl_lsp *lsp, json_t *params) {
    bl_lspdoc *d = param_doc(lsp, params, NULL);
    json_t *changes = bl_lspjson_get_arr(params, "contentChanges");
    if (d == NULL || changes == NULL) {
        return;
    }
    int64_t version;
    if (bl_lspjson_get_int(bl_lspjson_get_obj(params, "textDocument"), "version", &version) == 0) {
        d->version = version;
    }
    size_t i;
    json_t *ch;
    json_array_foreach(changes, i, ch) {
        int r = apply_change(lsp, d, ch);
        if (r != 0) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "bulletin: change %zu of version %lld of %.180s not applied (%s); the "
                     "server's copy may differ until the document is reopened",
                     i, (long long)d->version, d->uri, bl_strerror(r));
            bl_lsplog(BL_LSPLOG_ERROR, "%s", msg);
            show(lsp, 1, msg);
            return;
        }
    }
}

static void did_close(bl_lsp *lsp, json_t *params) {
    bl_lspdoc *d = param_doc(lsp, params, NULL);
    if (d == NULL) {
        return;
    }
    size_t i = find_doc(lsp, d->uri);
    bl_lsp_notify(lsp, "textDocument/publishDiagnostics",
                  json_pack("{s:s,s:[]}", "uri", d->uri, "diagnostics"));
    bl_lspdoc_free(d);
    lsp->docs[i] = lsp->docs[--lsp->ndocs];
}

static void did_save(bl_lsp *lsp, json_t *params) {
    bl_lspdoc *d = param_doc(lsp, params, NULL);
    if (d != NULL && lsp->lint_mode == BL_LSP_LINT_SAVE) {
        publish(lsp, d);
    }
}

/* ---- configuration ---- */

void bl_lspmeth_free_cfg(bl_lsp *lsp) {
    bl_lspcfg_free(lsp->cfg, lsp->ncfg);
    lsp->cfg = NULL;
    lsp->ncfg = 0;
}

/* Applies settings; rebuild: re-create every open document's vocabulary
 * (re-reading its `.bulletinrc`). */
static void apply_settings(bl_lsp *lsp, json_t *settings, int rebuild) {
    json_t *root = bl_lspcfg_root(settings);
    int mode = bl_lspcfg_lint(root);
    int old_mode = lsp->lint_mode;
    if (mode >= 0) {
        lsp->lint_mode = mode;
    }
    bl_lspdoc_entry *v;
    size_t n;
    int has;
    char err[256] = "";
    int r = bl_lspcfg_vocab(root, &v, &n, &has, err, sizeof err);
    if (r != 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "bulletin: %s", r == BL_ENOMEM ? "out of memory" : err);
        show(lsp, 1, msg);
    } else if (has) {
        bl_lspmeth_free_cfg(lsp);
        lsp->cfg = v;
        lsp->ncfg = n;
    }
    for (size_t i = 0; rebuild && i < lsp->ndocs; i++) {
        bl_lspdoc *d = lsp->docs[i];
        if (bl_lspdoc_rebuild(d, lsp->cfg, lsp->ncfg) != 0) {
            show(lsp, 1, "bulletin: out of memory applying the vocabulary");
        } else if (d->rc_error != NULL) {
            char msg[700];
            snprintf(msg, sizeof msg, "bulletin: %.600s", d->rc_error);
            show(lsp, 2, msg);
        }
        if (lsp->lint_mode != BL_LSP_LINT_CHANGE && (old_mode != lsp->lint_mode || d->changed)) {
            publish(lsp, d);
        }
    }
}

static void did_change_configuration(bl_lsp *lsp, json_t *params) {
    json_t *s = json_is_object(params) ? json_object_get(params, "settings") : NULL;
    apply_settings(lsp, s, 1);
}

json_t *bl_lspmeth_initialize(bl_lsp *lsp, json_t *params) {
    json_t *caps = bl_lspjson_get_obj(params, "capabilities");
    json_t *encs = bl_lspjson_get_arr(bl_lspjson_get_obj(caps, "general"), "positionEncodings");
    size_t i;
    json_t *x;
    lsp->enc = BL_LSPPOS_UTF16;
    json_array_foreach(encs, i, x) {
        if (json_is_string(x) && strcmp(json_string_value(x), "utf-8") == 0) {
            lsp->enc = BL_LSPPOS_UTF8;
        }
    }
    json_t *fr = bl_lspjson_get_obj(bl_lspjson_get_obj(caps, "textDocument"), "foldingRange");
    json_t *lfo = fr ? json_object_get(fr, "lineFoldingOnly") : NULL;
    lsp->line_folding_only = json_is_true(lfo);
    json_t *opts = json_is_object(params) ? json_object_get(params, "initializationOptions") : NULL;
    if (json_is_object(opts)) {
        apply_settings(lsp, opts, 0);
    }
    bl_lsplog(BL_LSPLOG_INFO, "initialized: positionEncoding %s, lineFoldingOnly %d",
              bl_lsppos_name(lsp->enc), lsp->line_folding_only);
    return json_pack("{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:b,s:{s:o,s:b,s:b},s:{s:[s]}},s:{s:s,s:s}}",
                     "capabilities", "positionEncoding", bl_lsppos_name(lsp->enc),
                     "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
                     "documentSymbolProvider", 1, "foldingRangeProvider", 1,
                     "semanticTokensProvider", "legend", bl_lspfeat_legend(), "full", 1, "range", 1,
                     "codeActionProvider", "codeActionKinds", "quickfix", "serverInfo", "name",
                     "bulletin", "version", VERSION_STRING);
}

/* ---- features ---- */

static bl_lspdoc *updated_doc(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r) {
    bl_lspdoc *d = param_doc(lsp, params, r);
    if (d != NULL && bl_lspdoc_update(d) != 0) {
        r->code = BL_LSP_INTERNAL_ERROR;
        snprintf(r->msg, sizeof r->msg, "out of memory");
        return NULL;
    }
    return d;
}

static void nomem(bl_lspmeth_reply *r) {
    if (r->code == 0 && r->result == NULL) {
        r->code = BL_LSP_INTERNAL_ERROR;
        snprintf(r->msg, sizeof r->msg, "out of memory");
    }
}

/* A raw result is complete unless out of memory. */
static void raw_done(bl_lspmeth_reply *r) {
    r->has_raw = 1;
    if (r->raw.failed) {
        r->has_raw = 0;
        r->code = BL_LSP_INTERNAL_ERROR;
        snprintf(r->msg, sizeof r->msg, "out of memory");
    }
}

static void document_symbol(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r) {
    bl_lspdoc *d = updated_doc(lsp, params, r);
    if (d != NULL) {
        bl_lspfeat_symbols(d, lsp->enc, &r->raw);
        raw_done(r);
    }
}

static void folding_range(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r) {
    bl_lspdoc *d = updated_doc(lsp, params, r);
    if (d != NULL) {
        bl_lspfeat_folds(d, lsp->enc, lsp->line_folding_only, &r->raw);
        raw_done(r);
    }
}

static void tokens(bl_lsp *lsp, bl_lspdoc *d, int64_t first, int64_t last, bl_lspmeth_reply *r) {
    bl_lspfeat_tokens(d, lsp->enc, first, last, &r->raw);
    raw_done(r);
}

static void tokens_full(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r) {
    bl_lspdoc *d = updated_doc(lsp, params, r);
    if (d != NULL) {
        tokens(lsp, d, 0, INT32_MAX, r);
    }
}

/* params.range's start and end lines; -1 when missing. */
/* The lines of params.range; without one, r says so (invalid params) and
 * -1 is returned. */
static int range_lines(json_t *params, int64_t *first, int64_t *last, bl_lspmeth_reply *r) {
    json_t *range = bl_lspjson_get_obj(params, "range");
    if (bl_lspjson_get_int(bl_lspjson_get_obj(range, "start"), "line", first) ||
        bl_lspjson_get_int(bl_lspjson_get_obj(range, "end"), "line", last)) {
        r->code = BL_LSP_INVALID_PARAMS;
        snprintf(r->msg, sizeof r->msg, "no range");
        return -1;
    }
    return 0;
}

static void tokens_range(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r) {
    int64_t first, last;
    if (range_lines(params, &first, &last, r) != 0) {
        return;
    }
    bl_lspdoc *d = updated_doc(lsp, params, r);
    if (d != NULL) {
        tokens(lsp, d, first, last, r);
    }
}

/* Does context.only (absent: everything) ask for quick fixes? */
static int wants_quickfix(json_t *params) {
    json_t *only = bl_lspjson_get_arr(bl_lspjson_get_obj(params, "context"), "only");
    if (only == NULL) {
        return 1;
    }
    size_t i;
    json_t *k;
    json_array_foreach(only, i, k) {
        const char *s = json_string_value(k);
        if (s && (strcmp(s, "quickfix") == 0 || strcmp(s, "") == 0)) {
            return 1;
        }
    }
    return 0;
}

static void code_action(bl_lsp *lsp, json_t *params, bl_lspmeth_reply *r) {
    int64_t first, last;
    if (range_lines(params, &first, &last, r) != 0) {
        return;
    }
    bl_lspdoc *d = updated_doc(lsp, params, r);
    if (d == NULL) {
        return;
    }
    bl_diags diags = {0};
    if (wants_quickfix(params) && bl_lint_run(d->doc, &diags) != 0) {
        bl_diags_free(&diags);
        nomem(r);
        return;
    }
    r->result = bl_lspfeat_actions(d, lsp->enc, &diags, first, last);
    bl_diags_free(&diags);
    nomem(r);
}

/* ---- tables ---- */

static const struct {
    const char *name;
    bl_lspmeth_request_fn fn;
} requests[] = {
    {"textDocument/documentSymbol", document_symbol},
    {"textDocument/foldingRange", folding_range},
    {"textDocument/semanticTokens/full", tokens_full},
    {"textDocument/semanticTokens/range", tokens_range},
    {"textDocument/codeAction", code_action},
};

static const struct {
    const char *name;
    bl_lspmeth_notify_fn fn;
} notifications[] = {
    {"textDocument/didOpen", did_open},
    {"textDocument/didChange", did_change},
    {"textDocument/didClose", did_close},
    {"textDocument/didSave", did_save},
    {"workspace/didChangeConfiguration", did_change_configuration},
};

bl_lspmeth_request_fn bl_lspmeth_request(const char *method) {
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        if (strcmp(requests[i].name, method) == 0) {
            return requests[i].fn;
        }
    }
    return NULL;
}

bl_lspmeth_notify_fn bl_lspmeth_notification(const char *method) {
    for (size_t i = 0; i < sizeof notifications / sizeof notifications[0]; i++) {
        if (strcmp(notifications[i].name, method) == 0) {
            return notifications[i].fn;
        }
    }
    return NULL;
}
