#include "lspserver.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
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

#define READ_CHUNK (64u * 1024u)
#define PAUSE_ABOVE (16u * 1024u * 1024u)
#define RESUME_BELOW (1024u * 1024u)

/* The server's state. Invariants: out holds output not yet handed to
 * uv_write; every handle is closed before the loop is closed. */
typedef struct {
    uv_loop_t loop;
    uv_pipe_t in, out;
    uv_signal_t sigterm;
    uv_check_t check;
    uv_shutdown_t shutdown_req;
    bl_lsp *lsp;
    bl_lspframe frame;
    bl_lspjson_buf outbuf;
    char chunk[READ_CHUNK];
    int closing, reading, exit_code;
} server;

typedef struct {
    uv_write_t req;
    uv_buf_t buf; /* owns buf.base */
} write_req;

static void begin_close(server *s, int code);
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *out);
static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

static void on_write(uv_write_t *req, int status) {
    write_req *w = (write_req *)req;
    server *s = req->handle->data;
    free(w->buf.base);
    free(w);
    if (status < 0) {
        bl_lsplog(BL_LSPLOG_ERROR, "write to the client failed: %s", uv_strerror(status));
        begin_close(s, 1);
        return;
    }
    if (!s->closing && !s->reading &&
        uv_stream_get_write_queue_size((uv_stream_t *)&s->out) < RESUME_BELOW) {
        s->reading = 1;
        uv_read_start((uv_stream_t *)&s->in, on_alloc, on_read);
    }
}

/* Hands the output buffer to libuv. */
static void flush_out(server *s) {
    if (s->outbuf.failed) {
        bl_lsplog(BL_LSPLOG_ERROR, "out of memory writing output; exiting");
        bl_lspjson_buf_free(&s->outbuf);
        begin_close(s, 1);
    }
    if (s->outbuf.n == 0 || uv_is_closing((uv_handle_t *)&s->out)) {
        return;
    }
    write_req *w = bl_malloc(sizeof *w);
    if (w == NULL) {
        bl_lsplog(BL_LSPLOG_ERROR, "out of memory writing output");
        begin_close(s, 1);
        return;
    }
    size_t n;
    char *p = bl_lspjson_buf_take(&s->outbuf, &n);
    w->buf = uv_buf_init(p, (unsigned int)n);
    int r = uv_write(&w->req, (uv_stream_t *)&s->out, &w->buf, 1, on_write);
    if (r < 0) {
        free(p);
        free(w);
        bl_lsplog(BL_LSPLOG_ERROR, "write failed: %s", uv_strerror(r));
        begin_close(s, 1);
        return;
    }
    if (!s->closing && s->reading &&
        uv_stream_get_write_queue_size((uv_stream_t *)&s->out) > PAUSE_ABOVE) {
        s->reading = 0;
        uv_read_stop((uv_stream_t *)&s->in);
        bl_lsplog(BL_LSPLOG_WARN, "the client is not reading; input paused");
    }
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *out) {
    (void)suggested;
    server *s = h->data;
    *out = uv_buf_init(s->chunk, sizeof s->chunk);
}

/* Feeds data to the framer, every message to the dispatcher. */
static void feed(server *s, const char *data, size_t len) {
    size_t off = 0;
    while (off < len && !s->closing && bl_lsp_exit_code(s->lsp) < 0) {
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

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
    server *s = stream->data;
    if (nread > 0) {
        feed(s, buf->base, (size_t)nread);
        flush_out(s);
    } else if (nread == UV_EOF) {
        if (bl_lspframe_pending(&s->frame) > 0) {
            bl_lsplog(BL_LSPLOG_WARN, "EOF in the middle of a message");
        }
        /* What was read still runs (an `exit` in the last burst). */
        bl_lsp_run(s->lsp, &s->outbuf);
        flush_out(s);
        int code = bl_lsp_exit_code(s->lsp);
        begin_close(s, code >= 0 ? code : bl_lsp_eof_code(s->lsp));
    } else if (nread < 0) {
        bl_lsplog(BL_LSPLOG_ERROR, "read failed: %s", uv_strerror((int)nread));
        begin_close(s, 1);
    }
}

/* After every burst of reads: run the queue, write, stop after `exit`. */
static void on_check(uv_check_t *h) {
    server *s = h->data;
    if (s->closing) {
        return;
    }
    if (bl_lsp_has_pending(s->lsp)) {
        bl_lsp_run(s->lsp, &s->outbuf);
        flush_out(s);
    }
    if (bl_lsp_exit_code(s->lsp) >= 0) {
        begin_close(s, bl_lsp_exit_code(s->lsp));
    }
}

static void on_sigterm(uv_signal_t *h, int signum) {
    (void)signum;
    server *s = h->data;
    bl_lsplog(BL_LSPLOG_INFO, "SIGTERM; exiting");
    begin_close(s, bl_lsp_eof_code(s->lsp));
}

static void on_shutdown(uv_shutdown_t *req, int status) {
    if (status < 0 && status != UV_ECANCELED && status != UV_ENOTSOCK) {
        bl_lsplog(BL_LSPLOG_DEBUG, "shutdown of stdout: %s", uv_strerror(status));
    }
    uv_close((uv_handle_t *)req->handle, NULL);
}

/* Stops reading, closes every handle; queued output is flushed before
 * stdout is closed. The first exit code wins. */
static void begin_close(server *s, int code) {
    if (s->closing) {
        return;
    }
    s->closing = 1;
    s->exit_code = code;
    uv_read_stop((uv_stream_t *)&s->in);
    uv_close((uv_handle_t *)&s->in, NULL);
    uv_close((uv_handle_t *)&s->sigterm, NULL);
    uv_close((uv_handle_t *)&s->check, NULL);
    if (uv_shutdown(&s->shutdown_req, (uv_stream_t *)&s->out, on_shutdown) != 0) {
        uv_close((uv_handle_t *)&s->out, NULL);
    }
}

static int check_fd(int fd, const char *name) {
    uv_handle_type t = uv_guess_handle(fd);
    if (t == UV_NAMED_PIPE) {
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
    int r = s->lsp == NULL ? UV_ENOMEM : uv_loop_init(&s->loop);
    if (r != 0) {
        fprintf(stderr, "bulletin lsp: cannot start: %s\n", uv_strerror(r));
        bl_lsp_free(s->lsp);
        free(s);
        close(out_fd);
        return 1;
    }
    uv_pipe_init(&s->loop, &s->in, 0);
    uv_pipe_init(&s->loop, &s->out, 0);
    uv_signal_init(&s->loop, &s->sigterm);
    uv_check_init(&s->loop, &s->check);
    s->in.data = s->out.data = s->sigterm.data = s->check.data = s;
    if ((r = uv_pipe_open(&s->in, 0)) != 0 || (r = uv_pipe_open(&s->out, out_fd)) != 0 ||
        (r = uv_signal_start(&s->sigterm, on_sigterm, SIGTERM)) != 0 ||
        (r = uv_check_start(&s->check, on_check)) != 0 ||
        (r = uv_read_start((uv_stream_t *)&s->in, on_alloc, on_read)) != 0) {
        fprintf(stderr, "bulletin lsp: cannot start: %s\n", uv_strerror(r));
        begin_close(s, 1);
    } else {
        s->reading = 1;
        bl_lsplog(BL_LSPLOG_INFO, "language server started");
    }
    uv_run(&s->loop, UV_RUN_DEFAULT);
    int code = s->exit_code;
    if (uv_loop_close(&s->loop) != 0) {
        bl_lsplog(BL_LSPLOG_ERROR, "event loop not closed cleanly");
        code = code ? code : 1;
    }
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
    signal(SIGPIPE, SIG_IGN);
    /* The LSP stream moves to a private descriptor; fd 1 becomes stderr. */
    int out_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
    if (out_fd < 0 || dup2(2, 1) < 0) {
        fprintf(stderr, "bulletin lsp: cannot move stdout: %s\n", strerror(errno));
        return 1;
    }
    return serve(out_fd, max_body);
}
