/* frame: finds where one complete top-level msgpack object ends in a byte
 * stream, incrementally and without allocating, so that only complete and
 * bounded frames are ever handed to msgpack-c.
 *
 * The scanner walks the headers of each object and skips payloads. A
 * frame is too big, as soon as the header that proves it has arrived, when
 * it has
 *   - more than BL_FRAME_MAX_BYTES bytes;
 *   - an array/map/str/bin/ext count larger than the bytes that could still
 *     follow within that cap (each pending element takes at least one
 *     byte), so `dd ff ff ff ff` is known too big after five bytes;
 *   - an array or map of more than BL_FRAME_MAX_COUNT elements;
 *   - more objects than the decoding budget below (a frame of nils).
 * A frame too big is not an error: bl_frame_scan() says so once
 * (BL_FRAME_TOO_BIG, while its first bytes are still in the caller's
 * buffer, so that bl_frame_head() can tell whose it is), then goes on
 * scanning it, without limits, while the caller discards the bytes scanned
 * (bl_frame_discard()), and reports its end (BL_FRAME_SKIPPED). Errors,
 * which are permanent (msgpack cannot be resynchronised), are only:
 *   - the never-used byte 0xc1;
 *   - nesting deeper than BL_FRAME_MAX_DEPTH (a top-level array is depth 1).
 *
 * Ownership: a bl_frame_scanner is a plain value owned by its caller; it
 * keeps no pointer to the bytes, which the caller passes again (grown) on
 * every call. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "error.h"

#define BL_FRAME_MAX_BYTES (64u * 1024u * 1024u)
#define BL_FRAME_MAX_DEPTH 16
/* No array or map of a frame may hold more elements: the largest is a
 * lines event's line array, capped at the RPC line cap. */
#define BL_FRAME_MAX_COUNT BL_RPC_MAX_LINES
/* Decoding budget: msgpack-c spends sizeof(msgpack_object) = 24 bytes per
 * object, so a frame of one-byte objects (nils) would grow 24-fold. A frame
 * may hold BL_FRAME_OBJECT_BASE objects plus one per BL_FRAME_BYTES_PER_OBJECT
 * bytes scanned; the decoded size stays under 24 MiB + 3 x the frame. Any
 * lines event within the RPC line cap fits the base alone: 1,000,000 lines
 * and a dozen other objects are fewer than 2^20. */
#define BL_FRAME_OBJECT_BASE (1u << 20)
#define BL_FRAME_BYTES_PER_OBJECT 8u

/* Invariants: depth <= BL_FRAME_MAX_DEPTH; remaining[0..depth) are the
 * elements still to scan in each open container (a map of n pairs counts
 * 2n); pending is their sum; pos may exceed the bytes seen so far while a
 * payload is being skipped. */
typedef struct {
    uint64_t pos;
    uint64_t pending;
    uint64_t objects; /* objects scanned in the current frame */
    uint64_t remaining[BL_FRAME_MAX_DEPTH];
    uint32_t depth;
    int started;        /* the first header of the frame has been scanned */
    int error;          /* 0 or the sticky BL_E* code */
    int skipping;       /* the current frame is too big (BL_FRAME_WHY_*) */
    uint64_t discarded; /* bytes of the skipped frame the caller dropped */
    char message[96];
} bl_frame_scanner;

/* bl_frame_scan() results besides 0 (more bytes needed) and 1 (a frame). */
enum { BL_FRAME_TOO_BIG = 2, BL_FRAME_SKIPPED = 3 };
/* Why a frame is too big (sc->skipping). */
enum { BL_FRAME_WHY_BYTES = 1, BL_FRAME_WHY_COUNT, BL_FRAME_WHY_BUDGET };

/* What the first bytes of a frame say about it, as far as they go: type
 * (0 request, 1 response, 2 notification; -1 unknown), msgid (requests,
 * -1 unknown), method (borrowed from the bytes, NULL unknown) and the
 * first param when it is a buffer (an Integer or EXT 0 holding one). */
typedef struct {
    int type;
    int64_t msgid;
    const char *method;
    size_t method_len;
    int has_buf;
    int64_t buf;
} bl_frame_head;

void bl_frame_init(bl_frame_scanner *sc);

/* Continues scanning the current frame. buf[0, len) are all bytes of the
 * frame received so far and not discarded (buf[0] is its first byte, or
 * the first not discarded; len may run past its end into the next frames).
 * Bytes already scanned are not scanned again. Returns 1 and sets
 * *frame_len when the frame is complete (the scanner is then reset for the
 * next frame); 0 when more bytes are needed; BL_FRAME_TOO_BIG once when
 * the frame turns out too big (bl_frame_error() says why); BL_FRAME_SKIPPED
 * with *frame_len = its bytes left in buf when such a frame ends (reset
 * too); or BL_ETOOBIG / BL_EINVAL (sticky; bl_frame_error() says why). */
int bl_frame_scan(bl_frame_scanner *sc, const uint8_t *buf, size_t len, size_t *frame_len);

/* While a frame is skipped: the caller drops the first n bytes of buf
 * (n <= bl_frame_scanned(), so they were scanned). */
void bl_frame_discard(bl_frame_scanner *sc, size_t n);
/* Bytes of buf scanned so far (may exceed what the caller has, while a
 * payload is being skipped). */
uint64_t bl_frame_scanned(const bl_frame_scanner *sc);

/* Reads what it can of a frame's head from p[0, len) (any prefix). */
void bl_frame_head_parse(const uint8_t *p, size_t len, bl_frame_head *head);

/* A lower bound on the length of the current frame: the caller may grow
 * its buffer to this size before reading on (0 while skipping). */
uint64_t bl_frame_min_len(const bl_frame_scanner *sc);

/* Human-readable reason of the last error ("" when none). Borrowed from
 * the scanner. */
const char *bl_frame_error(const bl_frame_scanner *sc);
