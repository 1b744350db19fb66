/* frame: finds where one complete top-level msgpack object ends in a byte
 * stream, incrementally and without allocating, so that only complete and
 * bounded frames are ever handed to msgpack-c.
 *
 * The scanner walks the headers of each object and skips payloads. It
 * rejects, as soon as the header that proves it has arrived:
 *   - a frame larger than BL_FRAME_MAX_BYTES;
 *   - nesting deeper than BL_FRAME_MAX_DEPTH (a top-level array is depth 1);
 *   - an array/map/str/bin/ext count larger than the bytes that could still
 *     follow within the cap (each pending element takes at least one byte),
 *     so `dd ff ff ff ff` is refused after five bytes and reserves nothing;
 *   - more objects than the decoding budget below (a frame of nils);
 *   - the never-used byte 0xc1.
 * An error is permanent: msgpack cannot be resynchronised.
 *
 * Ownership: a bl_frame_scanner is a plain value owned by its caller; it
 * keeps no pointer to the bytes, which the caller passes again (grown) on
 * every call. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define BL_FRAME_MAX_BYTES (64u * 1024u * 1024u)
#define BL_FRAME_MAX_DEPTH 16
/* Decoding budget: msgpack-c spends sizeof(msgpack_object) = 24 bytes per
 * object, so a frame of one-byte objects (nils) would grow 24-fold. A frame
 * may hold BL_FRAME_OBJECT_BASE objects plus one per BL_FRAME_BYTES_PER_OBJECT
 * bytes scanned; the decoded size stays under 24 MiB + 3 x the frame. */
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
    uint32_t remaining[BL_FRAME_MAX_DEPTH];
    uint32_t depth;
    int started; /* the first header of the frame has been scanned */
    int error;   /* 0 or the sticky BL_E* code */
    char message[96];
} bl_frame_scanner;

void bl_frame_init(bl_frame_scanner *sc);

/* Continues scanning the current frame. buf[0, len) are all bytes of the
 * frame received so far (buf[0] is its first byte; len may run past its
 * end into the next frames). Bytes already scanned are not scanned again.
 * Returns 1 and sets *frame_len when the frame is complete (the scanner is
 * then reset for the next frame), 0 when more bytes are needed, or
 * BL_ETOOBIG / BL_EINVAL (sticky; bl_frame_error() says why). */
int bl_frame_scan(bl_frame_scanner *sc, const uint8_t *buf, size_t len, size_t *frame_len);

/* A lower bound on the length of the current frame: the caller may grow
 * its buffer to this size before reading on. */
uint64_t bl_frame_min_len(const bl_frame_scanner *sc);

/* Human-readable reason of the last error ("" when none). Borrowed from
 * the scanner. */
const char *bl_frame_error(const bl_frame_scanner *sc);
