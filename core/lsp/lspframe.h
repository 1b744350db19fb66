/* lspframe: cutting the LSP byte stream into messages (base protocol,
 * "Content-Length: N\r\n\r\n" then N bytes of JSON).
 *
 * A pure state machine over bytes, no I/O: the server feeds it what it
 * read and gets back one event at a time. Memory is bounded: a header
 * block is at most BL_LSPFRAME_MAX_HEADER bytes, a body at most max_body
 * bytes (a longer one is skipped as it arrives, never held), and a body is
 * grown as its bytes come, not allocated from the announced length.
 *
 * After a header it cannot read (no or a bad Content-Length, a line
 * without a colon, a block over the cap) the parser cannot know where the
 * body ends: it reports the error once, then drops bytes until the next
 * "Content-Length:" at the start of a line and reads on from there.
 * Header names are matched without regard to case; Content-Type and any
 * other header are ignored. Blank lines before a header are skipped.
 *
 * Ownership: the parser owns the body it is filling; an event of kind
 * BL_LSPFRAME_MESSAGE hands that body (malloc'ed, NUL-terminated, len
 * bytes) to the caller, who frees it. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define BL_LSPFRAME_MAX_HEADER 8192u
/* The default body cap: a 100k-line bulletin is about 6 MiB of JSON. */
#define BL_LSPFRAME_DEFAULT_MAX_BODY (64u * 1024u * 1024u)

typedef enum {
    BL_LSPFRAME_NEED_MORE,  /* every byte given was consumed */
    BL_LSPFRAME_MESSAGE,    /* a whole body: ev->body, ev->len */
    BL_LSPFRAME_BAD_HEADER, /* ev->why; the parser resynchronizes */
    BL_LSPFRAME_TOO_BIG     /* ev->len announced; the body is being skipped */
} bl_lspframe_kind;

typedef struct {
    bl_lspframe_kind kind;
    char *body;      /* MESSAGE: owned by the caller now */
    uint64_t len;    /* MESSAGE: body bytes; TOO_BIG: announced length */
    const char *why; /* BAD_HEADER: static text */
} bl_lspframe_event;

/* Invariants: state HEADER holds hdr[0, hlen) (no terminator yet);
 * BODY holds body[0, blen) of want bytes (blen < want <= max_body);
 * SKIP has skip bytes left to drop; RESYNC keeps the last bytes seen in
 * hdr[0, hlen) (fewer than the length of "Content-Length:"). */
typedef struct {
    int state;
    uint64_t max_body;
    char hdr[BL_LSPFRAME_MAX_HEADER];
    size_t hlen;
    char *body;
    size_t blen, bcap;
    uint64_t want;
    uint64_t skip;
} bl_lspframe;

/* max_body 0 means BL_LSPFRAME_DEFAULT_MAX_BODY. */
void bl_lspframe_init(bl_lspframe *f, uint64_t max_body);
void bl_lspframe_free(bl_lspframe *f);

/* Consumes bytes of data[0, len) until one event; *used gets how many.
 * Call again with the rest while *used < len. Returns 0, or BL_ENOMEM
 * when a body could not be grown (the parser then skips that body). */
int bl_lspframe_feed(bl_lspframe *f, const char *data, size_t len, size_t *used,
                     bl_lspframe_event *ev);
/* Bytes held for an unfinished message (for the EOF log). */
size_t bl_lspframe_pending(const bl_lspframe *f);
