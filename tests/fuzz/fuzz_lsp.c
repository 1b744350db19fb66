/* libFuzzer harness: the language server's framer and dispatcher
 * (core/lsp/lspframe.h, lsp.h), without libuv.
 *
 * The input is a byte stream as it would arrive on `bulletin lsp`'s stdin,
 * delivered in chunks whose sizes come from the first byte; the queue runs
 * after every chunk, as after a read burst. Checks:
 *   - everything the server writes is a sequence of complete frames
 *     ("Content-Length: N\r\n\r\n" + N bytes), each body valid JSON with
 *     "jsonrpc": "2.0" (nothing else ever reaches stdout);
 *   - no crash, leak or undefined behaviour (ASan/UBSan/LSan). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"
#include "lspframe.h"
#include "lspjson.h"

static void check_output(const bl_lspjson_buf *out) {
    size_t off = 0;
    while (off < out->n) {
        const char *p = out->p + off;
        size_t left = out->n - off;
        unsigned long long n = 0;
        int k = 0;
        /* The digits, read within the buffer: it has no terminating NUL
         * (sscanf would run past its end looking for one). */
        while (left >= 20 && 16 + (size_t)k < left && k < 20 && p[16 + k] >= '0' &&
               p[16 + k] <= '9') {
            n = n * 10 + (unsigned long long)(p[16 + k] - '0');
            k++;
        }
        if (left < 20 || memcmp(p, "Content-Length: ", 16) != 0 || k == 0 ||
            left < 16 + (size_t)k + 4 || memcmp(p + 16 + k, "\r\n\r\n", 4) != 0 ||
            left - 20 - (size_t)k < n) {
            fprintf(stderr, "the server wrote something that is not a frame at %zu\n", off);
            abort();
        }
        json_error_t e;
        json_t *j = json_loadb(p + 20 + k, (size_t)n, 0, &e);
        const char *ver = j ? json_string_value(json_object_get(j, "jsonrpc")) : NULL;
        if (j == NULL || ver == NULL || strcmp(ver, "2.0") != 0) {
            fprintf(stderr, "the server wrote a frame that is not JSON-RPC 2.0\n");
            abort();
        }
        json_decref(j);
        off += 20 + (size_t)k + (size_t)n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) {
        return 0;
    }
    size_t chunk = (size_t)(data[0] % 16) + 1;
    if (data[0] >= 0xf0) {
        chunk = size;
    }
    data++;
    size--;
    bl_lsp *lsp = bl_lsp_new();
    bl_lspframe f;
    bl_lspframe_init(&f, 4096);
    bl_lspjson_buf out = {0};
    for (size_t off = 0; off < size && bl_lsp_exit_code(lsp) < 0;) {
        size_t n = size - off < chunk ? size - off : chunk;
        size_t used = 0;
        while (used < n && bl_lsp_exit_code(lsp) < 0) {
            size_t u;
            bl_lspframe_event ev;
            bl_lspframe_feed(&f, (const char *)data + off + used, n - used, &u, &ev);
            used += u;
            if (ev.kind == BL_LSPFRAME_MESSAGE && ev.body != NULL) {
                bl_lsp_receive(lsp, ev.body, (size_t)ev.len, &out);
                free(ev.body);
            } else if (ev.kind == BL_LSPFRAME_BAD_HEADER) {
                bl_lsp_frame_error(lsp, BL_LSP_PARSE_ERROR, ev.why, &out);
            } else if (ev.kind == BL_LSPFRAME_TOO_BIG) {
                bl_lsp_frame_error(lsp, BL_LSP_INVALID_REQUEST, "too big", &out);
            }
        }
        off += n;
        bl_lsp_run(lsp, &out);
    }
    bl_lsp_run(lsp, &out);
    check_output(&out);
    bl_lspjson_buf_free(&out);
    bl_lspframe_free(&f);
    bl_lsp_free(lsp);
    return 0;
}
