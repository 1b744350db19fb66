/* stdpipe: the libuv stdio transport that `bulletin rpc` (core/rpc/server.c)
 * and `bulletin lsp` (core/lsp/lspserver.c) both stand on: stdin and a
 * private copy of stdout as pipes, SIGTERM, a check handle run once per
 * loop iteration after all ready input was read (an idle handle keeps the
 * loop turning while the product has work between reads), writes that own their
 * bytes, read back-pressure and an orderly close. What the bytes mean
 * (framing, dispatch, what runs after a burst) is the product's, passed
 * in as callbacks.
 *
 * Back-pressure: reading stops while more than BL_STDPIPE_PAUSE_ABOVE bytes
 * wait for the peer, and starts again below BL_STDPIPE_RESUME_BELOW.
 * Close: bl_stdpipe_close() stops reading and closes every handle; output
 * already handed to libuv is flushed (uv_shutdown) before stdout closes.
 * The first exit code given wins.
 *
 * Ownership: a bl_stdpipe is the caller's (embedded or allocated, not
 * moved after bl_stdpipe_init()); bl_stdpipe_write() takes its buffer. */
#pragma once

#include <stddef.h>
#include <uv.h>

#define BL_STDPIPE_PAUSE_ABOVE (16u * 1024u * 1024u) /* unsent bytes that pause reading */
#define BL_STDPIPE_RESUME_BELOW (1024u * 1024u)

enum { BL_STDPIPE_DEBUG, BL_STDPIPE_INFO, BL_STDPIPE_WARN, BL_STDPIPE_ERROR };

/* The product's side. ud is bl_stdpipe.ud. */
typedef struct {
    /* Room for the next read (libuv's alloc_cb); a NULL base makes libuv
     * report UV_ENOBUFS (a read error: the transport closes with 1). */
    void (*alloc)(void *ud, uv_buf_t *out);
    /* n > 0 bytes arrived in the buffer alloc gave, at base. */
    void (*data)(void *ud, const char *base, size_t n);
    /* stdin ended: the product finishes and calls bl_stdpipe_close(). */
    void (*eof)(void *ud);
    /* After each burst of reads (not after the close). */
    void (*check)(void *ud);
    /* SIGTERM: the product calls bl_stdpipe_close() with its code. */
    void (*sigterm)(void *ud);
    /* One line for the product's log (level BL_STDPIPE_*). */
    void (*log)(int level, const char *msg);
} bl_stdpipe_ops;

/* Invariants: every handle is closed before the loop is; reading is 1
 * while a read is started; closing latches. */
typedef struct {
    uv_loop_t loop;
    uv_pipe_t in, out;
    uv_signal_t sigterm;
    uv_check_t check;
    uv_idle_t idle; /* active while the product has work between reads */
    uv_shutdown_t shutdown_req;
    const bl_stdpipe_ops *ops;
    void *ud;
    const char *peer; /* "Neovim", "the client": named in log lines */
    int closing, reading, exit_code, spinning;
} bl_stdpipe;

/* If fd is a pipe, NULL; else what it is ("a terminal", "a file or
 * device (e.g. /dev/null)", ...), for the product's refusal. */
const char *bl_stdpipe_not_pipe(int fd);
/* Moves the stream to a private close-on-exec copy of fd 1 and points
 * fd 1 at stderr, so that a stray write cannot corrupt the stream.
 * Returns the copy, or -1 (errno says why). */
int bl_stdpipe_move_stdout(void);

/* Starts the loop (uv_loop_init). Returns 0 or a negative libuv code
 * (nothing to free then). */
int bl_stdpipe_init(bl_stdpipe *io, const bl_stdpipe_ops *ops, void *ud, const char *peer);
/* Opens stdin and out_fd (taken) as pipes, starts SIGTERM, the check and
 * reading. Returns 0 or a negative libuv code (then already closing with
 * exit code 1: run the loop to finish). */
int bl_stdpipe_start(bl_stdpipe *io, int out_fd);
/* Runs the loop until every handle is closed; returns the exit code (1 if
 * the loop did not close cleanly and the code was 0). */
int bl_stdpipe_run(bl_stdpipe *io);
/* on: the product has work to do between reads (a big push's pieces to
 * pack): the loop does not wait for input, so the check callback runs
 * again after each iteration's I/O; off: it waits. */
void bl_stdpipe_spin(bl_stdpipe *io, int on);
/* Hands base[0, n) (malloc'd, taken) to libuv; pauses reading above
 * BL_STDPIPE_PAUSE_ABOVE. Returns 0 or a negative code (logged; the
 * transport is then closing with exit code 1). */
int bl_stdpipe_write(bl_stdpipe *io, char *base, size_t n);
/* Stops reading and closes every handle, flushing queued output first.
 * Code: the exit code (the first given wins). */
void bl_stdpipe_close(bl_stdpipe *io, int code);
