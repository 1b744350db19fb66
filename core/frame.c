#include "frame.h"

#include <stdio.h>
#include <string.h>

void bl_frame_init(bl_frame_scanner *sc) {
    memset(sc, 0, sizeof *sc);
}

static uint64_t be(const uint8_t *p, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static int fail(bl_frame_scanner *sc, int code, const char *fmt, uint64_t a, uint64_t b) {
    sc->error = code;
    snprintf(sc->message, sizeof sc->message, fmt, (unsigned long long)a, (unsigned long long)b);
    return code;
}

/* Header of the object whose type byte is b: its header size *h (type
 * byte included, 0 when the size bytes are needed to know), and either the
 * payload size *payload or the element count *count of a container
 * (*is_container set). Returns 0 or BL_EINVAL for 0xc1. p points at the
 * type byte and avail bytes are readable from it. Returns 1 when more
 * header bytes are needed. */
static int header(const uint8_t *p, uint64_t avail, uint64_t *h, uint64_t *payload, uint64_t *count,
                  int *is_container) {
    uint8_t b = p[0];
    *payload = 0;
    *count = 0;
    *is_container = 0;
    int size_bytes = 0; /* bytes of the big-endian length after the type */
    int extra = 0;      /* header bytes after the length (ext type) */
    int kind = 0;       /* 0 scalar/payload, 1 array, 2 map */
    if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
        *h = 1;
        return 0;
    }
    if (b >= 0x80 && b <= 0x8f) {
        *h = 1;
        *count = 2u * (b & 0x0fu);
        *is_container = 1;
        return 0;
    }
    if (b >= 0x90 && b <= 0x9f) {
        *h = 1;
        *count = b & 0x0fu;
        *is_container = 1;
        return 0;
    }
    if (b >= 0xa0 && b <= 0xbf) {
        *h = 1;
        *payload = b & 0x1fu;
        return 0;
    }
    switch (b) {
    case 0xc1:
        return BL_EINVAL;
    case 0xc4: /* bin 8/16/32 */
    case 0xd9: /* str 8 */
        size_bytes = 1;
        break;
    case 0xc5:
    case 0xda:
        size_bytes = 2;
        break;
    case 0xc6:
    case 0xdb:
        size_bytes = 4;
        break;
    case 0xc7: /* ext 8/16/32: length, then the type byte */
        size_bytes = 1;
        extra = 1;
        break;
    case 0xc8:
        size_bytes = 2;
        extra = 1;
        break;
    case 0xc9:
        size_bytes = 4;
        extra = 1;
        break;
    case 0xca: /* float 32/64 */
        *h = 1;
        *payload = 4;
        return 0;
    case 0xcb:
        *h = 1;
        *payload = 8;
        return 0;
    case 0xcc: /* uint/int 8..64 */
    case 0xd0:
        *h = 1;
        *payload = 1;
        return 0;
    case 0xcd:
    case 0xd1:
        *h = 1;
        *payload = 2;
        return 0;
    case 0xce:
    case 0xd2:
        *h = 1;
        *payload = 4;
        return 0;
    case 0xcf:
    case 0xd3:
        *h = 1;
        *payload = 8;
        return 0;
    case 0xd4: /* fixext 1..16: type byte + data */
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
        *h = 2;
        *payload = 1u << (b - 0xd4);
        return 0;
    case 0xdc:
        size_bytes = 2;
        kind = 1;
        break;
    case 0xdd:
        size_bytes = 4;
        kind = 1;
        break;
    case 0xde:
        size_bytes = 2;
        kind = 2;
        break;
    case 0xdf:
        size_bytes = 4;
        kind = 2;
        break;
    default:
        return BL_EINVAL; /* unreachable: every byte is covered above */
    }
    *h = 1u + (uint64_t)size_bytes + (uint64_t)extra;
    if (avail < 1u + (uint64_t)size_bytes) {
        return 1;
    }
    uint64_t n = be(p + 1, size_bytes);
    if (kind == 0) {
        *payload = n;
    } else {
        *is_container = 1;
        *count = kind == 2 ? 2 * n : n;
    }
    return 0;
}

/* Counts one finished element against the open containers. */
static void close_done(bl_frame_scanner *sc) {
    while (sc->depth > 0 && sc->remaining[sc->depth - 1] == 0) {
        sc->depth--;
    }
}

int bl_frame_scan(bl_frame_scanner *sc, const uint8_t *buf, size_t len, size_t *frame_len) {
    if (sc->error != 0) {
        return sc->error;
    }
    for (;;) {
        if (sc->started && sc->depth == 0) {
            if (sc->pos > len) {
                return 0; /* still skipping the last payload */
            }
            *frame_len = (size_t)sc->pos;
            bl_frame_init(sc);
            return 1;
        }
        if (sc->pos >= len) {
            return 0;
        }
        uint64_t h = 1, payload = 0, count = 0;
        int is_container = 0;
        int r = header(buf + sc->pos, len - sc->pos, &h, &payload, &count, &is_container);
        if (r == 1 || sc->pos + h > len) {
            return 0; /* header incomplete: rescan it when more bytes come */
        }
        if (r < 0) {
            return fail(sc, BL_EINVAL, "invalid msgpack byte 0x%llx at offset %llu", buf[sc->pos],
                        sc->pos);
        }
        /* This element is one of those pending in its container. */
        if (sc->depth > 0) {
            sc->remaining[sc->depth - 1]--;
            sc->pending--;
        }
        uint64_t end = sc->pos + h + payload;
        if (end > BL_FRAME_MAX_BYTES) {
            return fail(sc, BL_ETOOBIG, "frame over %llu bytes (an object of %llu bytes)",
                        BL_FRAME_MAX_BYTES, payload);
        }
        if (end + sc->pending + count > BL_FRAME_MAX_BYTES) {
            return fail(sc, BL_ETOOBIG,
                        "count %llu larger than the bytes that could follow (cap %llu)",
                        is_container ? count : payload, BL_FRAME_MAX_BYTES);
        }
        if (++sc->objects > BL_FRAME_OBJECT_BASE + sc->pos / BL_FRAME_BYTES_PER_OBJECT) {
            return fail(sc, BL_ETOOBIG, "%llu objects in %llu bytes: over the decoding budget",
                        sc->objects, sc->pos);
        }
        sc->started = 1;
        sc->pos = end;
        if (is_container && count > 0) {
            if (sc->depth >= BL_FRAME_MAX_DEPTH) {
                return fail(sc, BL_ETOOBIG, "nesting deeper than %llu (offset %llu)",
                            BL_FRAME_MAX_DEPTH, sc->pos);
            }
            sc->remaining[sc->depth++] = (uint32_t)count;
            sc->pending += count;
        } else if (is_container && sc->depth >= BL_FRAME_MAX_DEPTH) {
            /* An empty container still counts as a level of nesting. */
            return fail(sc, BL_ETOOBIG, "nesting deeper than %llu (offset %llu)",
                        BL_FRAME_MAX_DEPTH, sc->pos);
        } else {
            close_done(sc);
        }
    }
}

uint64_t bl_frame_min_len(const bl_frame_scanner *sc) {
    return sc->pos + sc->pending;
}

const char *bl_frame_error(const bl_frame_scanner *sc) {
    return sc->message;
}
