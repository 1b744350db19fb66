#include "lspframe.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "vec.h"
#include "error.h"

enum { ST_HEADER, ST_BODY, ST_SKIP, ST_RESYNC };

static const char CL[] = "content-length:";
#define CL_LEN (sizeof CL - 1)

void bl_lspframe_init(bl_lspframe *f, uint64_t max_body) {
    memset(f, 0, sizeof *f);
    f->state = ST_HEADER;
    f->max_body = max_body ? max_body : BL_LSPFRAME_DEFAULT_MAX_BODY;
}

void bl_lspframe_free(bl_lspframe *f) {
    free(f->body);
    f->body = NULL;
    f->blen = f->bcap = 0;
}

size_t bl_lspframe_pending(const bl_lspframe *f) {
    return f->state == ST_BODY ? f->blen : f->state == ST_HEADER ? f->hlen : 0;
}

static void to_resync(bl_lspframe *f) {
    f->state = ST_RESYNC;
    f->hlen = 0;
}

/* Parses the header block hdr[0, n) (terminator excluded). Returns 0 and
 * sets *len, or sets *why. */
static int parse_header(const char *h, size_t n, uint64_t *len, const char **why) {
    int have = 0;
    uint64_t value = 0;
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && h[e] != '\n') {
            e++;
        }
        size_t le = e;
        if (le > i && h[le - 1] == '\r') {
            le--;
        }
        const char *colon = memchr(h + i, ':', le - i);
        if (colon == NULL) {
            *why = "a header line without ':'";
            return -1;
        }
        size_t name_len = (size_t)(colon - (h + i));
        if (name_len == CL_LEN - 1 && strncasecmp(h + i, CL, CL_LEN - 1) == 0) {
            size_t p = name_len + 1 + i;
            while (p < le && (h[p] == ' ' || h[p] == '\t')) {
                p++;
            }
            size_t q = le;
            while (q > p && (h[q - 1] == ' ' || h[q - 1] == '\t')) {
                q--;
            }
            if (p == q) {
                *why = "an empty Content-Length";
                return -1;
            }
            uint64_t v = 0;
            for (size_t k = p; k < q; k++) {
                if (h[k] < '0' || h[k] > '9') {
                    *why = "a Content-Length that is not a decimal number";
                    return -1;
                }
                if (v > (UINT64_MAX - 9) / 10) {
                    *why = "a Content-Length out of range";
                    return -1;
                }
                v = v * 10 + (uint64_t)(h[k] - '0');
            }
            if (have && v != value) {
                *why = "two different Content-Length headers";
                return -1;
            }
            have = 1;
            value = v;
        }
        i = e + 1;
    }
    if (!have) {
        *why = "a header without Content-Length";
        return -1;
    }
    *len = value;
    return 0;
}

/* Header state: returns 1 with an event, 0 when data ran out. */
static int feed_header(bl_lspframe *f, const char *d, size_t len, size_t *i,
                       bl_lspframe_event *ev) {
    while (*i < len) {
        char c = d[(*i)++];
        if (f->hlen == 0 && (c == '\r' || c == '\n')) {
            continue; /* blank lines between messages */
        }
        if (f->hlen == sizeof f->hdr) {
            to_resync(f);
            ev->kind = BL_LSPFRAME_BAD_HEADER;
            ev->why = "a header block over 8192 bytes";
            return 1;
        }
        f->hdr[f->hlen++] = c;
        size_t n = f->hlen;
        size_t end = 0;
        if (n >= 4 && memcmp(f->hdr + n - 4, "\r\n\r\n", 4) == 0) {
            end = n - 4;
        } else if (n >= 2 && memcmp(f->hdr + n - 2, "\n\n", 2) == 0) {
            end = n - 2;
        } else {
            continue;
        }
        uint64_t want;
        const char *why;
        if (parse_header(f->hdr, end, &want, &why) != 0) {
            to_resync(f);
            ev->kind = BL_LSPFRAME_BAD_HEADER;
            ev->why = why;
            return 1;
        }
        f->hlen = 0;
        if (want > f->max_body) {
            f->state = ST_SKIP;
            f->skip = want;
            ev->kind = BL_LSPFRAME_TOO_BIG;
            ev->len = want;
            return 1;
        }
        f->state = ST_BODY;
        f->want = want;
        f->blen = 0;
        if (want == 0) {
            return -1; /* the caller completes it */
        }
        return 0;
    }
    return 0;
}

/* Grows the body for at least `more` bytes (never past want). */
static int grow(bl_lspframe *f, size_t more) {
    size_t need = f->blen + more;
    if (need + 1 <= f->bcap) {
        return 0;
    }
    return bl_vec_grow(f->body, f->bcap, need + 1, (size_t)f->want + 1) == 0 ? 0 : BL_ENOMEM;
}

static void complete(bl_lspframe *f, bl_lspframe_event *ev) {
    if (f->body == NULL) {
        f->body = bl_malloc(1);
    }
    if (f->body != NULL) {
        f->body[f->blen] = '\0';
    }
    ev->kind = BL_LSPFRAME_MESSAGE;
    ev->body = f->body;
    ev->len = f->blen;
    f->body = NULL;
    f->blen = f->bcap = 0;
    f->state = ST_HEADER;
}

/* Resync state: drop bytes until "Content-Length:" starts a line. */
static void feed_resync(bl_lspframe *f, const char *d, size_t len, size_t *i) {
    while (*i < len) {
        char c = d[(*i)++];
        char lc = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        if (lc == CL[f->hlen]) {
            f->hdr[f->hlen++] = c;
            if (f->hlen == CL_LEN) {
                f->state = ST_HEADER; /* hdr already holds "Content-Length:" */
                return;
            }
        } else {
            f->hlen = lc == CL[0] ? 1 : 0;
            if (f->hlen) {
                f->hdr[0] = c;
            }
        }
    }
}

int bl_lspframe_feed(bl_lspframe *f, const char *d, size_t len, size_t *used,
                     bl_lspframe_event *ev) {
    size_t i = 0;
    int rc = 0;
    memset(ev, 0, sizeof *ev);
    ev->kind = BL_LSPFRAME_NEED_MORE;
    while (i < len || (f->state == ST_BODY && f->blen == f->want)) {
        if (f->state == ST_HEADER) {
            int r = feed_header(f, d, len, &i, ev);
            if (r > 0) {
                break;
            }
            if (r < 0) {
                complete(f, ev);
                break;
            }
        } else if (f->state == ST_RESYNC) {
            feed_resync(f, d, len, &i);
        } else if (f->state == ST_SKIP) {
            uint64_t take = len - i < f->skip ? len - i : f->skip;
            i += (size_t)take;
            f->skip -= take;
            if (f->skip == 0) {
                f->state = ST_HEADER;
                f->hlen = 0;
            }
        } else {
            uint64_t left = f->want - f->blen;
            size_t take = (size_t)(len - i < left ? len - i : left);
            if (take > 0 && grow(f, take) != 0) {
                /* Drop this body; skip the rest of it. */
                f->state = ST_SKIP;
                f->skip = left;
                bl_lspframe_free(f);
                rc = BL_ENOMEM;
                continue;
            }
            memcpy(f->body + f->blen, d + i, take);
            f->blen += take;
            i += take;
            if (f->blen == f->want) {
                complete(f, ev);
                break;
            }
        }
    }
    *used = i;
    return rc;
}
