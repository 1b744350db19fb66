#include "stdpipe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"

typedef struct {
    uv_write_t req;
    uv_buf_t buf; /* owns buf.base */
} write_req;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
say(const bl_stdpipe *io, int level, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    io->ops->log(level, msg);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *out) {
    (void)suggested;
    bl_stdpipe *io = h->data;
    io->ops->alloc(io->ud, out);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
    bl_stdpipe *io = stream->data;
    if (nread > 0) {
        io->ops->data(io->ud, buf->base, (size_t)nread);
    } else if (nread == UV_EOF) {
        io->ops->eof(io->ud);
    } else if (nread < 0) {
        say(io, BL_STDPIPE_ERROR, "read from %s failed: %s", io->peer, uv_strerror((int)nread));
        bl_stdpipe_close(io, 1);
    }
}

static void on_write(uv_write_t *req, int status) {
    write_req *w = (write_req *)req;
    bl_stdpipe *io = req->handle->data;
    free(w->buf.base);
    free(w);
    if (status < 0) {
        say(io, BL_STDPIPE_ERROR, "write to %s failed: %s", io->peer, uv_strerror(status));
        bl_stdpipe_close(io, 1);
        return;
    }
    if (!io->closing && !io->reading &&
        uv_stream_get_write_queue_size((uv_stream_t *)&io->out) < BL_STDPIPE_RESUME_BELOW) {
        io->reading = 1;
        uv_read_start((uv_stream_t *)&io->in, on_alloc, on_read);
    }
}

int bl_stdpipe_write(bl_stdpipe *io, char *base, size_t n) {
    if (n == 0 || uv_is_closing((uv_handle_t *)&io->out)) {
        free(base);
        return 0;
    }
    write_req *w = bl_malloc(sizeof *w);
    if (w == NULL) {
        free(base);
        say(io, BL_STDPIPE_ERROR, "out of memory writing to %s", io->peer);
        bl_stdpipe_close(io, 1);
        return UV_ENOMEM;
    }
    w->buf = uv_buf_init(base, (unsigned int)n);
    int r = uv_write(&w->req, (uv_stream_t *)&io->out, &w->buf, 1, on_write);
    if (r < 0) {
        free(base);
        free(w);
        say(io, BL_STDPIPE_ERROR, "write to %s failed: %s", io->peer, uv_strerror(r));
        bl_stdpipe_close(io, 1);
        return r;
    }
    if (!io->closing && io->reading &&
        uv_stream_get_write_queue_size((uv_stream_t *)&io->out) > BL_STDPIPE_PAUSE_ABOVE) {
        io->reading = 0;
        uv_read_stop((uv_stream_t *)&io->in);
        say(io, BL_STDPIPE_WARN, "%s is not reading; input paused", io->peer);
    }
    return 0;
}

static void on_check(uv_check_t *h) {
    bl_stdpipe *io = h->data;
    if (!io->closing)
        io->ops->check(io->ud);
}

static void on_idle(uv_idle_t *h) {
    (void)h; /* its being active is what counts: the loop polls without waiting */
}

void bl_stdpipe_spin(bl_stdpipe *io, int on) {
    on = on && !io->closing;
    if (on != io->spinning) {
        io->spinning = on;
        if (on) {
            uv_idle_start(&io->idle, on_idle);
        } else {
            uv_idle_stop(&io->idle);
        }
    }
}

static void on_sigterm(uv_signal_t *h, int signum) {
    (void)signum;
    bl_stdpipe *io = h->data;
    say(io, BL_STDPIPE_INFO, "SIGTERM; exiting");
    io->ops->sigterm(io->ud);
}

static void on_shutdown(uv_shutdown_t *req, int status) {
    /* A pipe (not a socket) answers ENOTSOCK: nothing to half-close. */
    if (status < 0 && status != UV_ECANCELED && status != UV_ENOTSOCK) {
        bl_stdpipe *io = req->handle->data;
        say(io, BL_STDPIPE_DEBUG, "shutdown of stdout: %s", uv_strerror(status));
    }
    uv_close((uv_handle_t *)req->handle, NULL);
}

void bl_stdpipe_close(bl_stdpipe *io, int code) {
    if (io->closing)
        return;
    io->closing = 1;
    io->exit_code = code;
    uv_read_stop((uv_stream_t *)&io->in);
    uv_close((uv_handle_t *)&io->in, NULL);
    uv_close((uv_handle_t *)&io->sigterm, NULL);
    uv_close((uv_handle_t *)&io->check, NULL);
    uv_close((uv_handle_t *)&io->idle, NULL);
    io->spinning = 0;
    if (uv_shutdown(&io->shutdown_req, (uv_stream_t *)&io->out, on_shutdown) != 0)
        uv_close((uv_handle_t *)&io->out, NULL);
}

const char *bl_stdpipe_not_pipe(int fd) {
    switch (uv_guess_handle(fd)) {
    case UV_NAMED_PIPE:
        return NULL;
    case UV_FILE:
        return "a file or device (e.g. /dev/null)";
    case UV_TTY:
        return "a terminal";
    case UV_TCP:
        return "a TCP socket";
    case UV_UDP:
        return "a UDP socket";
    default:
        return "closed or unknown";
    }
}

int bl_stdpipe_move_stdout(void) {
    signal(SIGPIPE, SIG_IGN);
    int out_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
    if (out_fd < 0)
        return -1;
    if (dup2(2, 1) < 0) {
        int e = errno;
        close(out_fd);
        errno = e;
        return -1;
    }
    return out_fd;
}

int bl_stdpipe_init(bl_stdpipe *io, const bl_stdpipe_ops *ops, void *ud, const char *peer) {
    memset(io, 0, sizeof *io);
    io->ops = ops;
    io->ud = ud;
    io->peer = peer;
    return uv_loop_init(&io->loop);
}

int bl_stdpipe_start(bl_stdpipe *io, int out_fd) {
    uv_pipe_init(&io->loop, &io->in, 0);
    uv_pipe_init(&io->loop, &io->out, 0);
    uv_signal_init(&io->loop, &io->sigterm);
    uv_check_init(&io->loop, &io->check);
    uv_idle_init(&io->loop, &io->idle);
    io->in.data = io->out.data = io->sigterm.data = io->check.data = io->idle.data = io;
    int r;
    if ((r = uv_pipe_open(&io->in, 0)) != 0 || (r = uv_pipe_open(&io->out, out_fd)) != 0 ||
        (r = uv_signal_start(&io->sigterm, on_sigterm, SIGTERM)) != 0 ||
        (r = uv_check_start(&io->check, on_check)) != 0 ||
        (r = uv_read_start((uv_stream_t *)&io->in, on_alloc, on_read)) != 0) {
        bl_stdpipe_close(io, 1);
        return r;
    }
    io->reading = 1;
    return 0;
}

static void walk_cb(uv_handle_t *h, void *arg) {
    say(arg, BL_STDPIPE_ERROR, "handle still open at exit: %s", uv_handle_type_name(h->type));
}

int bl_stdpipe_run(bl_stdpipe *io) {
    uv_run(&io->loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&io->loop) != 0) {
        uv_walk(&io->loop, walk_cb, io);
        say(io, BL_STDPIPE_ERROR, "event loop not closed cleanly");
        if (io->exit_code == 0)
            io->exit_code = 1;
    }
    return io->exit_code;
}
