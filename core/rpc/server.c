#include "server.h"

#include <errno.h>
#include <msgpack.h>
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
#include "stdpipe.h"
#include "vec.h"

#define READ_CHUNK (64u * 1024u)
#define SHRINK_ABOVE (1024u * 1024u)

/* The helper's state over its transport (stdpipe.h). Invariants: in[start,
 * end) are the received bytes not yet dispatched, in[start] the first byte
 * of the current frame (the scanner's position is relative to it); output
 * holds bytes not yet handed to the transport. */
typedef struct {
    bl_stdpipe io;
    bl_rpc *rpc;
    bl_frame_scanner sc;
    uint8_t *buf;
    size_t start, end, cap;
    bl_rpcpack_out output;
} server;

/* Hands everything in output to the transport. */
static void flush_out(server *s) {
    if (s->output.failed != 0) {
        /* Half a message is worse than none: drop it and stop. */
        bl_log(BL_LOG_ERROR, "out of memory packing output; exiting");
        bl_rpcpack_out_clear(&s->output);
        bl_stdpipe_close(&s->io, 1);
        return;
    }
    if (s->output.sb.size == 0) {
        return;
    }
    size_t size = s->output.sb.size;
    bl_stdpipe_write(&s->io, msgpack_sbuffer_release(&s->output.sb), size);
}

static void fatal(server *s, const char *why) {
    char msg[256];
    snprintf(msg, sizeof msg, "bulletin: malformed input from Neovim: %s", why);
    bl_log(BL_LOG_ERROR, "%s", msg);
    bl_rpc_pack_fatal(&s->output, msg);
    flush_out(s);
    bl_stdpipe_close(&s->io, 2);
}

static void on_alloc(void *ud, uv_buf_t *out) {
    server *s = ud;
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
    while (!s->io.closing) {
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

/* The bytes arrived at buf + end (on_alloc's room). */
static void on_data(void *ud, const char *base, size_t n) {
    (void)base;
    server *s = ud;
    s->end += n;
    process(s);
}

static void on_eof(void *ud) {
    server *s = ud;
    if (s->end > s->start) {
        bl_log(BL_LOG_WARN, "EOF in the middle of a message (%zu bytes dropped)",
               s->end - s->start);
    }
    bl_log(BL_LOG_INFO, "EOF on stdin; exiting");
    bl_stdpipe_close(&s->io, 0);
}

/* After every loop iteration's reads: one derivation and push per changed
 * buffer; while a big push is under way, one more of its pieces per
 * iteration (the loop then does not wait for input). */
static void on_check(void *ud) {
    server *s = ud;
    if (bl_rpc_has_pending(s->rpc)) {
        bl_rpc_flush(s->rpc, &s->output);
        flush_out(s);
    } else if (bl_rpc_pushing(s->rpc)) {
        /* one more piece of a big push while Neovim decodes the first */
        bl_rpc_step(s->rpc, &s->output);
        flush_out(s);
    }
    bl_stdpipe_spin(&s->io, bl_rpc_pushing(s->rpc));
}

static void on_sigterm(void *ud) {
    server *s = ud;
    bl_stdpipe_close(&s->io, 0);
}

static void on_log(int level, const char *msg) {
    static const bl_log_level map[] = {BL_LOG_DEBUG, BL_LOG_INFO, BL_LOG_WARN, BL_LOG_ERROR};
    bl_log(map[level], "%s", msg);
}

static const bl_stdpipe_ops OPS = {on_alloc, on_data, on_eof, on_check, on_sigterm, on_log};

static int check_fd(int fd, const char *name) {
    const char *what = bl_stdpipe_not_pipe(fd);
    if (what == NULL) {
        return 0;
    }
    fprintf(stderr,
            "bulletin rpc: %s is %s, not a pipe. The helper speaks msgpack-RPC over pipes; "
            "Neovim starts it with jobstart({'bulletin', 'rpc'}, {rpc = true}).\n",
            name, what);
    return BL_EINVAL;
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
    /* The RPC stream moves to a private descriptor; fd 1 becomes stderr. */
    int out_fd = bl_stdpipe_move_stdout();
    if (out_fd < 0) {
        fprintf(stderr, "bulletin rpc: cannot move stdout: %s\n", strerror(errno));
        bl_log_close();
        return 1;
    }
    server s;
    memset(&s, 0, sizeof s);
    bl_rpcpack_out_init(&s.output);
    bl_frame_init(&s.sc);
    s.rpc = bl_rpc_new();
    int r = s.rpc == NULL ? UV_ENOMEM : bl_stdpipe_init(&s.io, &OPS, &s, "Neovim");
    if (r != 0) {
        fprintf(stderr, "bulletin rpc: cannot start: %s\n", uv_strerror(r));
        bl_rpc_free(s.rpc);
        close(out_fd);
        bl_log_close();
        return 1;
    }
    if ((r = bl_stdpipe_start(&s.io, out_fd)) != 0) {
        fprintf(stderr, "bulletin rpc: cannot start: %s\n", uv_strerror(r));
    } else {
        bl_log(BL_LOG_INFO, "helper started (protocol %d)", BL_RPC_PROTOCOL);
    }
    int code = bl_stdpipe_run(&s.io);
    bl_rpc_free(s.rpc);
    bl_rpcpack_out_destroy(&s.output);
    free(s.buf);
    bl_log(BL_LOG_INFO, "exit %d", code);
    bl_log_close();
    return code;
}
