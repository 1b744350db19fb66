#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <msgpack.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "alloc.h"
#include "error.h"
#include "frame.h"
#include "log.h"
#include "rpc.h"
#include "rpcpack.h"
#include "vec.h"

#define READ_CHUNK (64u * 1024u)
#define SHRINK_ABOVE (1024u * 1024u)
#define PAUSE_ABOVE (16u * 1024u * 1024u) /* unsent output that pauses reading */
#define RESUME_BELOW (1024u * 1024u)

/* The helper's state. Invariants: in[start, end) are the received bytes
 * not yet dispatched, in[start] the first byte of the current frame (the
 * scanner's position is relative to it); output holds bytes not yet
 * handed to uv_write. Every handle is closed before the loop is closed. */
typedef struct {
    uv_loop_t loop;
    uv_pipe_t in, out;
    uv_signal_t sigterm;
    uv_check_t check;
    uv_shutdown_t shutdown_req;
    bl_rpc *rpc;
    bl_frame_scanner sc;
    uint8_t *buf;
    size_t start, end, cap;
    bl_rpcpack_out output;
    int closing;
    int reading;
    int exit_code;
} server;

typedef struct {
    uv_write_t req;
    uv_buf_t buf; /* owns buf.base (released from an sbuffer) */
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
        bl_log(BL_LOG_ERROR, "write to Neovim failed: %s", uv_strerror(status));
        begin_close(s, 1);
        return;
    }
    if (!s->closing && !s->reading &&
        uv_stream_get_write_queue_size((uv_stream_t *)&s->out) < RESUME_BELOW) {
        s->reading = 1;
        uv_read_start((uv_stream_t *)&s->in, on_alloc, on_read);
    }
}

/* Hands everything in output to libuv. */
static void flush_out(server *s) {
    if (s->output.failed != 0) {
        /* Half a message is worse than none: drop it and stop. */
        bl_log(BL_LOG_ERROR, "out of memory packing output; exiting");
        bl_rpcpack_out_clear(&s->output);
        begin_close(s, 1);
        return;
    }
    if (s->output.sb.size == 0) {
        return;
    }
    write_req *w = bl_malloc(sizeof *w);
    if (w == NULL) {
        bl_log(BL_LOG_ERROR, "out of memory writing to Neovim");
        begin_close(s, 1);
        return;
    }
    size_t size = s->output.sb.size;
    w->buf = uv_buf_init(msgpack_sbuffer_release(&s->output.sb), (unsigned int)size);
    int r = uv_write(&w->req, (uv_stream_t *)&s->out, &w->buf, 1, on_write);
    if (r < 0) {
        free(w->buf.base);
        free(w);
        bl_log(BL_LOG_ERROR, "write to Neovim failed: %s", uv_strerror(r));
        begin_close(s, 1);
        return;
    }
    if (!s->closing && s->reading &&
        uv_stream_get_write_queue_size((uv_stream_t *)&s->out) > PAUSE_ABOVE) {
        s->reading = 0;
        uv_read_stop((uv_stream_t *)&s->in);
        bl_log(BL_LOG_WARN, "Neovim is not reading; input paused");
    }
}

static void fatal(server *s, const char *why) {
    char msg[256];
    snprintf(msg, sizeof msg, "bulletin: malformed input from Neovim: %s", why);
    bl_log(BL_LOG_ERROR, "%s", msg);
    bl_rpc_pack_fatal(&s->output, msg);
    flush_out(s);
    begin_close(s, 2);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *out) {
    (void)suggested;
    server *s = h->data;
    if (s->start > 0) {
        memmove(s->buf, s->buf + s->start, s->end - s->start);
        s->end -= s->start;
        s->start = 0;
    }
    /* Room for one chunk, or for the rest of a frame known to be larger. */
    size_t need = s->end + READ_CHUNK;
    uint64_t min = bl_frame_min_len(&s->sc);
    if (min > s->end && min <= BL_FRAME_MAX_BYTES) {
        need = (size_t)min > need ? (size_t)min : need;
    }
    if (bl_vec_grow(s->buf, s->cap, need, SIZE_MAX) != 0) {
        *out = uv_buf_init(NULL, 0); /* libuv reports UV_ENOBUFS */
        return;
    }
    *out = uv_buf_init((char *)s->buf + s->end, (unsigned int)(s->cap - s->end));
}

/* Dispatches every complete frame in the input buffer. */
static void process(server *s) {
    while (!s->closing) {
        size_t flen = 0;
        int r = bl_frame_scan(&s->sc, s->buf + s->start, s->end - s->start, &flen);
        if (r == 0 && s->sc.skipping) {
            /* A frame too big: drop what was scanned, keep nothing. */
            uint64_t done = bl_frame_scanned(&s->sc);
            size_t d = done < s->end - s->start ? (size_t)done : s->end - s->start;
            bl_frame_discard(&s->sc, d);
            s->start += d;
        }
        if (r == 0) {
            break;
        }
        if (r < 0) {
            fatal(s, bl_frame_error(&s->sc));
            return;
        }
        if (r == BL_FRAME_TOO_BIG) {
            /* Its first bytes are still here: whose is it? */
            bl_frame_head head;
            bl_frame_head_parse(s->buf + s->start, s->end - s->start, &head);
            bl_rpc_too_big(s->rpc, &head, s->sc.skipping, bl_frame_error(&s->sc), &s->output);
            continue;
        }
        if (r == BL_FRAME_SKIPPED) {
            s->start += flen;
            continue;
        }
        msgpack_unpacked u;
        msgpack_unpacked_init(&u);
        size_t off = 0;
        msgpack_unpack_return ur =
            msgpack_unpack_next(&u, (const char *)s->buf + s->start, flen, &off);
        if (ur != MSGPACK_UNPACK_SUCCESS || off != flen) {
            msgpack_unpacked_destroy(&u);
            fatal(s, ur == MSGPACK_UNPACK_NOMEM_ERROR ? "out of memory" : "undecodable frame");
            return;
        }
        /* Strings in u point into s->buf: the dispatcher copies what it keeps
         * before we move on. */
        bl_rpc_handle(s->rpc, &u.data, &s->output);
        msgpack_unpacked_destroy(&u);
        s->start += flen;
    }
    if (s->start == s->end) {
        s->start = s->end = 0;
        if (s->cap > SHRINK_ABOVE) {
            free(s->buf);
            s->buf = NULL;
            s->cap = 0;
        }
    }
    flush_out(s);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
    (void)buf;
    server *s = stream->data;
    if (nread > 0) {
        s->end += (size_t)nread;
        process(s);
    } else if (nread == UV_EOF) {
        if (s->end > s->start) {
            bl_log(BL_LOG_WARN, "EOF in the middle of a message (%zu bytes dropped)",
                   s->end - s->start);
        }
        bl_log(BL_LOG_INFO, "EOF on stdin; exiting");
        begin_close(s, 0);
    } else if (nread < 0) {
        bl_log(BL_LOG_ERROR, "read from Neovim failed: %s", uv_strerror((int)nread));
        begin_close(s, 1);
    }
}

/* After every loop iteration's reads: one derivation and push per changed
 * buffer. */
static void on_check(uv_check_t *h) {
    server *s = h->data;
    if (!s->closing && bl_rpc_has_pending(s->rpc)) {
        bl_rpc_flush(s->rpc, &s->output);
        flush_out(s);
    }
}

static void on_sigterm(uv_signal_t *h, int signum) {
    (void)signum;
    bl_log(BL_LOG_INFO, "SIGTERM; exiting");
    begin_close(h->data, 0);
}

static void on_shutdown(uv_shutdown_t *req, int status) {
    /* A pipe (not a socket) answers ENOTSOCK: nothing to half-close. */
    if (status < 0 && status != UV_ECANCELED && status != UV_ENOTSOCK) {
        bl_log(BL_LOG_DEBUG, "shutdown of stdout: %s", uv_strerror(status));
    }
    uv_close((uv_handle_t *)req->handle, NULL);
}

/* Stops reading, closes every handle; output already queued is flushed
 * before stdout is closed. The first exit code wins. */
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

static const char *handle_name(uv_handle_type t) {
    switch (t) {
    case UV_FILE:
        return "a file or device (e.g. /dev/null)";
    case UV_TTY:
        return "a terminal";
    case UV_TCP:
        return "a TCP socket";
    case UV_UDP:
        return "a UDP socket";
    case UV_NAMED_PIPE:
        return "a pipe";
    default:
        return "closed or unknown";
    }
}

static int check_fd(int fd, const char *name) {
    uv_handle_type t = uv_guess_handle(fd);
    if (t == UV_NAMED_PIPE) {
        return 0;
    }
    fprintf(stderr,
            "bulletin rpc: %s is %s, not a pipe. The helper speaks msgpack-RPC over pipes; "
            "Neovim starts it with jobstart({'bulletin', 'rpc'}, {rpc = true}).\n",
            name, handle_name(t));
    return BL_EINVAL;
}

static void walk_cb(uv_handle_t *h, void *arg) {
    (void)arg;
    bl_log(BL_LOG_ERROR, "handle still open at exit: %s", uv_handle_type_name(h->type));
}

int bl_server_main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: bulletin rpc\n\nThe Neovim helper: msgpack-RPC on stdin/stdout "
                   "(see core/PROTOCOL.md).\nBULLETIN_LOG=debug|info|warn|error logs to "
                   "stderr, BULLETIN_LOG_FILE=PATH to a file.\n");
            return 0;
        }
        fprintf(stderr, "bulletin rpc: unknown argument '%s' (try --help)\n", argv[i]);
        return 2;
    }
    bl_log_init();
    if (check_fd(0, "stdin") != 0 || check_fd(1, "stdout") != 0) {
        bl_log_close();
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    /* The RPC stream moves to a private descriptor; fd 1 becomes stderr. */
    int out_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
    if (out_fd < 0 || dup2(2, 1) < 0) {
        fprintf(stderr, "bulletin rpc: cannot move stdout: %s\n", strerror(errno));
        bl_log_close();
        return 1;
    }
    server s;
    memset(&s, 0, sizeof s);
    bl_rpcpack_out_init(&s.output);
    bl_frame_init(&s.sc);
    s.rpc = bl_rpc_new();
    int r = s.rpc == NULL ? UV_ENOMEM : uv_loop_init(&s.loop);
    if (r != 0) {
        fprintf(stderr, "bulletin rpc: cannot start: %s\n", uv_strerror(r));
        bl_rpc_free(s.rpc);
        close(out_fd);
        bl_log_close();
        return 1;
    }
    uv_pipe_init(&s.loop, &s.in, 0);
    uv_pipe_init(&s.loop, &s.out, 0);
    uv_signal_init(&s.loop, &s.sigterm);
    uv_check_init(&s.loop, &s.check);
    s.in.data = s.out.data = s.sigterm.data = s.check.data = &s;
    if ((r = uv_pipe_open(&s.in, 0)) != 0 || (r = uv_pipe_open(&s.out, out_fd)) != 0 ||
        (r = uv_signal_start(&s.sigterm, on_sigterm, SIGTERM)) != 0 ||
        (r = uv_check_start(&s.check, on_check)) != 0 ||
        (r = uv_read_start((uv_stream_t *)&s.in, on_alloc, on_read)) != 0) {
        fprintf(stderr, "bulletin rpc: cannot start: %s\n", uv_strerror(r));
        begin_close(&s, 1);
    } else {
        s.reading = 1;
        bl_log(BL_LOG_INFO, "helper started (protocol %d)", BL_RPC_PROTOCOL);
    }
    uv_run(&s.loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&s.loop) != 0) {
        uv_walk(&s.loop, walk_cb, NULL);
        bl_log(BL_LOG_ERROR, "event loop not closed cleanly");
        if (s.exit_code == 0) {
            s.exit_code = 1;
        }
    }
    bl_rpc_free(s.rpc);
    bl_rpcpack_out_destroy(&s.output);
    free(s.buf);
    bl_log(BL_LOG_INFO, "exit %d", s.exit_code);
    bl_log_close();
    return s.exit_code;
}
