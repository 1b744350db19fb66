#include "lspserver.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "alloc.h"
#include "lsp.h"
#include "lspframe.h"
#include "lspjson.h"
#include "lsplog.h"
#include "stdpipe.h"

#define READ_CHUNK (64u * 1024u)

/* The server's state over its transport (stdpipe.h). Invariant: outbuf
 * holds output not yet handed to the transport. */
typedef struct {
    bl_stdpipe io;
    bl_lsp *lsp;
    bl_lspframe frame;
    bl_lspjson_buf outbuf;
    char chunk[READ_CHUNK];
} server;

/* Hands the output buffer to the transport. */
static void flush_out(server *s) {
    if (s->outbuf.failed) {
        bl_lsplog(BL_LSPLOG_ERROR, "out of memory writing output; exiting");
        bl_lspjson_buf_free(&s->outbuf);
        bl_stdpipe_close(&s->io, 1);
    }
    if (s->outbuf.n == 0 || uv_is_closing((uv_handle_t *)&s->io.out)) {
        return;
    }
    size_t n;
    char *p = bl_lspjson_buf_take(&s->outbuf, &n);
    bl_stdpipe_write(&s->io, p, n);
}

static void on_alloc(void *ud, uv_buf_t *out) {
    server *s = ud;
    *out = uv_buf_init(s->chunk, sizeof s->chunk);
}

/* Feeds data to the framer, every message to the dispatcher. */
static void feed(server *s, const char *data, size_t len) {
    size_t off = 0;
    while (off < len && !s->io.closing && bl_lsp_exit_code(s->lsp) < 0) {
        size_t used;
        bl_lspframe_event ev;
        if (bl_lspframe_feed(&s->frame, data + off, len - off, &used, &ev) != 0) {
            bl_lsp_frame_error(s->lsp, BL_LSP_INTERNAL_ERROR, "out of memory reading a message",
                               &s->outbuf);
        }
        off += used;
        char why[160];
        switch (ev.kind) {
        case BL_LSPFRAME_MESSAGE:
            if (ev.body == NULL) {
                bl_lsp_frame_error(s->lsp, BL_LSP_INTERNAL_ERROR, "out of memory", &s->outbuf);
            } else {
                bl_lsp_receive(s->lsp, ev.body, (size_t)ev.len, &s->outbuf);
                free(ev.body);
            }
            break;
        case BL_LSPFRAME_BAD_HEADER:
            snprintf(why, sizeof why, "Parse error: %s; skipping to the next Content-Length",
                     ev.why);
            bl_lsp_frame_error(s->lsp, BL_LSP_PARSE_ERROR, why, &s->outbuf);
            break;
        case BL_LSPFRAME_TOO_BIG:
            snprintf(why, sizeof why,
                     "Invalid Request: a message of %llu bytes, over the limit of %llu; skipped",
                     (unsigned long long)ev.len, (unsigned long long)s->frame.max_body);
            bl_lsp_frame_error(s->lsp, BL_LSP_INVALID_REQUEST, why, &s->outbuf);
            break;
        case BL_LSPFRAME_NEED_MORE:
            break;
        }
    }
}

static void on_data(void *ud, const char *base, size_t n) {
    server *s = ud;
    feed(s, base, n);
    flush_out(s);
}

static void on_eof(void *ud) {
    server *s = ud;
    if (bl_lspframe_pending(&s->frame) > 0) {
        bl_lsplog(BL_LSPLOG_WARN, "EOF in the middle of a message");
    }
    /* What was read still runs (an `exit` in the last burst). */
    bl_lsp_run(s->lsp, &s->outbuf);
    flush_out(s);
    int code = bl_lsp_exit_code(s->lsp);
    bl_stdpipe_close(&s->io, code >= 0 ? code : bl_lsp_eof_code(s->lsp));
}

/* After every burst of reads: run the queue, write, stop after `exit`. */
static void on_check(void *ud) {
    server *s = ud;
    if (bl_lsp_has_pending(s->lsp)) {
        bl_lsp_run(s->lsp, &s->outbuf);
        flush_out(s);
    }
    if (bl_lsp_exit_code(s->lsp) >= 0) {
        bl_stdpipe_close(&s->io, bl_lsp_exit_code(s->lsp));
    }
}

static void on_sigterm(void *ud) {
    server *s = ud;
    bl_stdpipe_close(&s->io, bl_lsp_eof_code(s->lsp));
}

static void on_log(int level, const char *msg) {
    static const bl_lsplog_level map[] = {BL_LSPLOG_DEBUG, BL_LSPLOG_INFO, BL_LSPLOG_WARN,
                                          BL_LSPLOG_ERROR};
    bl_lsplog(map[level], "%s", msg);
}

static const bl_stdpipe_ops OPS = {on_alloc, on_data, on_eof, on_check, on_sigterm, on_log};

static int check_fd(int fd, const char *name) {
    if (bl_stdpipe_not_pipe(fd) == NULL) {
        return 0;
    }
    fprintf(stderr,
            "bulletin lsp: %s is not a pipe. The language server speaks LSP over stdio "
            "pipes; an editor starts it as `bulletin lsp`.\n",
            name);
    return -1;
}

static int usage(int argc, char **argv, uint64_t *max_body) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: bulletin lsp [--stdio] [--max-body BYTES]\n\n"
                   "The language server (LSP 3.17) on stdin/stdout (see doc/LSP.md).\n"
                   "--max-body BYTES: the largest message read (default %u); a larger one is\n"
                   "skipped and answered with an error.\n"
                   "BULLETIN_LOG=debug|info|warn|error logs to stderr.\n",
                   BL_LSPFRAME_DEFAULT_MAX_BODY);
            return 0;
        }
        if (strcmp(argv[i], "--stdio") == 0) {
            continue;
        }
        if (strcmp(argv[i], "--max-body") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(argv[++i], &end, 10);
            if (errno == 0 && *end == '\0' && v > 0 && argv[i][0] != '-') {
                *max_body = v;
                continue;
            }
            fprintf(stderr, "bulletin lsp: --max-body wants a positive number of bytes\n");
            return 2;
        }
        fprintf(stderr, "bulletin lsp: unknown argument (try --help)\n");
        return 2;
    }
    return -1;
}

static int serve(int out_fd, uint64_t max_body) {
    server *s = bl_calloc(1, sizeof *s);
    if (s == NULL) {
        close(out_fd);
        return 1;
    }
    bl_lspframe_init(&s->frame, max_body);
    s->lsp = bl_lsp_new();
    int r = s->lsp == NULL ? UV_ENOMEM : bl_stdpipe_init(&s->io, &OPS, s, "the client");
    if (r != 0) {
        fprintf(stderr, "bulletin lsp: cannot start: %s\n", uv_strerror(r));
        bl_lsp_free(s->lsp);
        free(s);
        close(out_fd);
        return 1;
    }
    if ((r = bl_stdpipe_start(&s->io, out_fd)) != 0) {
        fprintf(stderr, "bulletin lsp: cannot start: %s\n", uv_strerror(r));
    } else {
        bl_lsplog(BL_LSPLOG_INFO, "language server started");
    }
    int code = bl_stdpipe_run(&s->io);
    bl_lsp_free(s->lsp);
    bl_lspframe_free(&s->frame);
    bl_lspjson_buf_free(&s->outbuf);
    free(s);
    bl_lsplog(BL_LSPLOG_INFO, "exit %d", code);
    return code;
}

int bl_lspserver_main(int argc, char **argv) {
    uint64_t max_body = 0;
    int u = usage(argc, argv, &max_body);
    if (u >= 0) {
        return u;
    }
    bl_lsplog_init();
    /* jansson allocates through the core's wrapper too (alloc.h). */
    json_set_alloc_funcs(bl_malloc, free);
    if (check_fd(0, "stdin") != 0 || check_fd(1, "stdout") != 0) {
        return 2;
    }
    /* The LSP stream moves to a private descriptor; fd 1 becomes stderr. */
    int out_fd = bl_stdpipe_move_stdout();
    if (out_fd < 0) {
        fprintf(stderr, "bulletin lsp: cannot move stdout: %s\n", strerror(errno));
        return 1;
    }
    return serve(out_fd, max_body);
}
