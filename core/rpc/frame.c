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

static int is_map(uint8_t b) {
    return (b & 0xf0) == 0x80 || b == 0xde || b == 0xdf;
}

/* Marks the frame too big (once); scanning goes on without limits. */
static void too_big(bl_frame_scanner *sc, int why, const char *fmt, uint64_t a, uint64_t b) {
    if (sc->skipping) {
        return;
    }
    sc->skipping = why;
    snprintf(sc->message, sizeof sc->message, fmt, (unsigned long long)a, (unsigned long long)b);
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
            int skipped = sc->skipping;
            bl_frame_init(sc);
            return skipped ? BL_FRAME_SKIPPED : 1;
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
        int was = sc->skipping;
        uint64_t at = sc->discarded + sc->pos; /* offset in the frame */
        if (at + h + payload > BL_FRAME_MAX_BYTES) {
            too_big(sc, BL_FRAME_WHY_BYTES, "frame over %llu bytes (an object of %llu bytes)",
                    BL_FRAME_MAX_BYTES, payload);
        } else if (at + h + payload + sc->pending + count > BL_FRAME_MAX_BYTES) {
            too_big(sc, BL_FRAME_WHY_BYTES,
                    "count %llu larger than the bytes that could follow (cap %llu)",
                    is_container ? count : payload, BL_FRAME_MAX_BYTES);
        } else if (is_container &&
                   (is_map(buf[sc->pos]) ? count / 2 : count) > BL_FRAME_MAX_COUNT) {
            too_big(sc, BL_FRAME_WHY_COUNT, "an array or map of %llu elements (cap %llu)",
                    is_map(buf[sc->pos]) ? count / 2 : count, BL_FRAME_MAX_COUNT);
        } else if (++sc->objects > BL_FRAME_OBJECT_BASE + at / BL_FRAME_BYTES_PER_OBJECT) {
            too_big(sc, BL_FRAME_WHY_BUDGET, "%llu objects in %llu bytes: over the decoding budget",
                    sc->objects, at);
        }
        sc->started = 1;
        sc->pos = end;
        if (is_container && count > 0) {
            if (sc->depth >= BL_FRAME_MAX_DEPTH) {
                return fail(sc, BL_ETOOBIG, "nesting deeper than %llu (offset %llu)",
                            BL_FRAME_MAX_DEPTH, sc->discarded + sc->pos);
            }
            sc->remaining[sc->depth++] = count;
            sc->pending += count;
        } else if (is_container && sc->depth >= BL_FRAME_MAX_DEPTH) {
            /* An empty container still counts as a level of nesting. */
            return fail(sc, BL_ETOOBIG, "nesting deeper than %llu (offset %llu)",
                        BL_FRAME_MAX_DEPTH, sc->discarded + sc->pos);
        } else {
            close_done(sc);
        }
        if (sc->skipping && !was) {
            return BL_FRAME_TOO_BIG;
        }
    }
}

void bl_frame_discard(bl_frame_scanner *sc, size_t n) {
    n = n < sc->pos ? n : (size_t)sc->pos;
    sc->pos -= n;
    sc->discarded += n;
}

uint64_t bl_frame_scanned(const bl_frame_scanner *sc) {
    return sc->pos;
}

/* ---- frame heads ---- */

/* Reads an integer at p[*i]; 1 when read. */
static int rd_int(const uint8_t *p, size_t len, size_t *i, int64_t *v) {
    if (*i >= len) {
        return 0;
    }
    uint8_t b = p[*i];
    if (b <= 0x7f || b >= 0xe0) {
        *v = (int8_t)b;
        *v = b <= 0x7f ? b : *v;
        (*i)++;
        return 1;
    }
    int n = b >= 0xcc && b <= 0xcf ? 1 << (b - 0xcc) : b >= 0xd0 && b <= 0xd3 ? 1 << (b - 0xd0) : 0;
    if (n == 0 || *i + 1 + (size_t)n > len) {
        return 0;
    }
    uint64_t u = be(p + *i + 1, n);
    if (b >= 0xd0) { /* signed: sign-extend */
        int shift = 64 - 8 * n;
        *v = shift ? (int64_t)(u << shift) >> shift : (int64_t)u;
    } else {
        if (u > (uint64_t)INT64_MAX) {
            return 0;
        }
        *v = (int64_t)u;
    }
    *i += 1 + (size_t)n;
    return 1;
}

/* The header of the object at p[*i] (header() above: its size, payload
 * bytes and element count), when it is complete within p; 1 when read. */
static int rd_header(const uint8_t *p, size_t len, size_t i, uint64_t *h, uint64_t *payload,
                     uint64_t *count) {
    int is_container;
    return i < len && header(p + i, len - i, h, payload, count, &is_container) == 0 &&
           *h <= len - i;
}

/* Reads an array header at p[*i]; 1 when read. */
static int rd_array(const uint8_t *p, size_t len, size_t *i, uint64_t *n) {
    uint64_t h, payload;
    if (*i >= len || !((p[*i] & 0xf0) == 0x90 || p[*i] == 0xdc || p[*i] == 0xdd) ||
        !rd_header(p, len, *i, &h, &payload, n)) {
        return 0;
    }
    *i += (size_t)h;
    return 1;
}

/* Reads a str (or bin) at p[*i] whose bytes are all in p; 1 when read. */
static int rd_str(const uint8_t *p, size_t len, size_t *i, const char **s, size_t *n) {
    uint64_t h, m, count;
    if (*i >= len) {
        return 0;
    }
    uint8_t b = p[*i];
    if (!((b & 0xe0) == 0xa0 || (b >= 0xd9 && b <= 0xdb) || (b >= 0xc4 && b <= 0xc6)) ||
        !rd_header(p, len, *i, &h, &m, &count)) {
        return 0;
    }
    size_t at = *i + (size_t)h;
    if (m > len - at) {
        return 0;
    }
    *s = (const char *)p + at;
    *n = (size_t)m;
    *i = at + (size_t)m;
    return 1;
}

/* Reads a buffer (an Integer, or EXT 0 holding one) at p[*i]. */
static int rd_buf(const uint8_t *p, size_t len, size_t *i, int64_t *v) {
    if (*i >= len) {
        return 0;
    }
    uint8_t b = p[*i];
    size_t at;
    if (b >= 0xd4 && b <= 0xd7) { /* fixext 1..8: type, data */
        at = *i + 1;
    } else if (b == 0xc7 && *i + 1 < len) { /* ext 8: length, type, data */
        at = *i + 2;
    } else {
        return rd_int(p, len, i, v);
    }
    if (at >= len || p[at] != 0) {
        return 0;
    }
    size_t j = at + 1;
    return rd_int(p, len, &j, v);
}

void bl_frame_head_parse(const uint8_t *p, size_t len, bl_frame_head *h) {
    memset(h, 0, sizeof *h);
    h->type = -1;
    h->msgid = -1;
    size_t i = 0;
    uint64_t n;
    int64_t type;
    if (!rd_array(p, len, &i, &n) || n < 3 || n > 4 || !rd_int(p, len, &i, &type) || type < 0 ||
        type > 2) {
        return;
    }
    h->type = (int)type;
    if (type == 0 && !rd_int(p, len, &i, &h->msgid)) {
        return;
    }
    if (type == 1 || !rd_str(p, len, &i, &h->method, &h->method_len)) {
        return;
    }
    if (rd_array(p, len, &i, &n) && n > 0 && rd_buf(p, len, &i, &h->buf) && h->buf > 0) {
        h->has_buf = 1;
    }
}

uint64_t bl_frame_min_len(const bl_frame_scanner *sc) {
    return sc->skipping ? 0 : sc->pos + sc->pending;
}

const char *bl_frame_error(const bl_frame_scanner *sc) {
    return sc->message;
}
