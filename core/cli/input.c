#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "doc.h"
#include "error.h"

/* Bytes read and scanned at a time: the limits are checked on each piece
 * as it arrives, while it is still in the cache. */
#define READ_CHUNK ((size_t)1 << 20)

/* How far a scan of the input has come. Invariant: lines <= BL_MAX_LINES
 * and cur <= BL_MAX_LINE_BYTES while no limit has been passed. */
typedef struct {
    uint64_t lines; /* lines ended by "\n", "\r\n" or "\r" so far */
    size_t cur;     /* bytes of the line after them, so far */
    int cr;         /* the last byte seen was a "\r" */
} line_scan;

/* Writes the reason for a failed read into why (when whylen > 0). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
say(char *why, size_t whylen, const char *fmt, ...) {
    if (whylen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

/* The first line end ("\n" or "\r") in [s, end), or NULL; *cr caches
 * the next "\r" at or after s (end if none, NULL if not looked up). */
static const char *line_end(const char *s, const char *end, const char **cr) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    if (*cr == NULL || *cr < s) {
        const char *r = memchr(s, '\r', (size_t)(end - s));
        *cr = r ? r : end;
    }
    if (*cr < end && (nl == NULL || *cr < nl))
        return *cr;
    return nl;
}

/* Scans s[0, n), the bytes that follow what sc has seen, for the doc's
 * limits, counting lines as they will be after normalize() (§7.1: "\n",
 * "\r\n" and a lone "\r" each end one line; a final one ends the last
 * line). Returns 0, or BL_ETOOBIG at the first line over a limit, with the
 * reason in why. */
static int scan_limits(line_scan *sc, const char *s, size_t n, char *why, size_t whylen) {
    const char *end = s + n, *cr = NULL;
    if (s < end && sc->cr && *s == '\n')
        s++; /* the "\n" of a "\r\n" split between two reads */
    sc->cr = 0;
    while (s < end) {
        const char *nl = line_end(s, end, &cr);
        size_t seg = (size_t)((nl != NULL ? nl : end) - s);
        if (sc->lines >= BL_MAX_LINES) { /* a byte of one more line */
            say(why, whylen, "line %llu is past %u lines (the line limit)",
                (unsigned long long)sc->lines + 1, (unsigned)BL_MAX_LINES);
            return BL_ETOOBIG;
        }
        if (seg > BL_MAX_LINE_BYTES - sc->cur) {
            say(why, whylen, "line %llu is longer than %u bytes (the per-line limit)",
                (unsigned long long)sc->lines + 1, (unsigned)BL_MAX_LINE_BYTES);
            return BL_ETOOBIG;
        }
        sc->cur += seg;
        if (nl == NULL)
            break;
        sc->lines++;
        sc->cur = 0;
        s = nl + 1;
        if (*nl == '\r') {
            if (s == end)
                sc->cr = 1;
            else if (*s == '\n')
                s++;
        }
    }
    return 0;
}

/* §7.1, §7.2: drops a UTF-8 BOM opening the text and makes every line end
 * "\n" ("\r\n" and a lone "\r" alike), in place; columns within lines do
 * not move. */
static void normalize(char *buf, size_t *lenp) {
    size_t len = *lenp;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF) {
        memmove(buf, buf + 3, len - 3);
        len -= 3;
    }
    char *r = memchr(buf, '\r', len);
    if (r != NULL) {
        size_t o = (size_t)(r - buf);
        for (size_t i = o; i < len; i++) {
            if (buf[i] != '\r') {
                buf[o++] = buf[i];
                continue;
            }
            buf[o++] = '\n';
            if (i + 1 < len && buf[i + 1] == '\n')
                i++;
        }
        len = o;
    }
    buf[len] = '\0';
    *lenp = len;
}

/* Opens path for reading without waiting: a FIFO with no writer does not
 * block open(); O_NONBLOCK is then turned off, so that reads wait for the
 * writers there are (and a FIFO without one reads as empty). */
static int open_input(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return -1;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int bl_input_read(const char *path, size_t max, char **bufp, size_t *lenp, char *why,
                  size_t whylen) {
    return bl_input_read_lines(path, max, bufp, lenp, NULL, why, whylen);
}

int bl_input_read_lines(const char *path, size_t max, char **bufp, size_t *lenp, int64_t *linesp,
                        char *why, size_t whylen) {
    int is_stdin = strcmp(path, "-") == 0;
    if (whylen > 0)
        why[0] = '\0';
    if (max > BL_INPUT_MAX)
        max = BL_INPUT_MAX;
    int fd = is_stdin ? STDIN_FILENO : open_input(path);
    if (fd < 0) {
        int saved = errno;
        struct stat st;
        if (saved == ENXIO && stat(path, &st) == 0 && S_ISSOCK(st.st_mode))
            say(why, whylen, "is a socket, not read");
        errno = saved;
        return BL_EIO;
    }
    struct stat st;
    size_t cap = 64 * 1024; /* pipes and devices: grown by doubling */
    int have_st = fstat(fd, &st) == 0;
    int rc = 0;
    if (have_st && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        rc = BL_EIO;
    } else if (have_st && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
        say(why, whylen, "is %ju bytes, more than %zu (the input size limit)",
            (uintmax_t)st.st_size, max);
        rc = BL_ETOOBIG;
    }
    if (rc != 0) {
        int saved = errno;
        if (!is_stdin)
            close(fd);
        errno = saved;
        return rc;
    }
    /* A regular file's size is known: one buffer, filled in place; + 1 so
     * that a read sees EOF at once. Virtual memory only: pages are touched
     * as the text arrives, and reading stops at the first line over a limit. */
    if (have_st && S_ISREG(st.st_mode) && st.st_size >= 0)
        cap = (size_t)st.st_size + 1;
    if (cap > max + 1)
        cap = max + 1;
    /* bl_alloc_big(): a big buffer is aligned and advised for transparent
     * huge pages, so read() filling it takes a few hundred page faults
     * instead of one per 4 KB (a third of outline's CPU on a 60 MB file). */
    char *buf = bl_alloc_big(cap + 1);
    size_t len = 0;
    line_scan sc = {0, 0, 0};
    while (buf != NULL) {
        if (len == cap) {
            size_t ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
            char *nbuf = bl_realloc(buf, ncap + 1);
            if (nbuf == NULL) {
                rc = BL_ENOMEM;
                break;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t want = cap - len < READ_CHUNK ? cap - len : READ_CHUNK;
        ssize_t got = read(fd, buf + len, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = BL_EIO;
            break;
        }
        if (got == 0)
            break;
        /* Only bytes within max are scanned: the first one past it stops
         * the read at its line. */
        size_t in = len + (size_t)got > max ? max - len : (size_t)got;
        rc = scan_limits(&sc, buf + len, in, why, whylen);
        if (rc != 0)
            break;
        len += (size_t)got;
        if (len > max) {
            say(why, whylen, "line %llu goes past %zu bytes (the input size limit)",
                (unsigned long long)sc.lines + 1, max);
            rc = BL_ETOOBIG;
            break;
        }
    }
    int saved = errno;
    if (!is_stdin)
        close(fd);
    if (buf == NULL)
        return BL_ENOMEM;
    if (rc != 0) {
        free(buf);
        errno = saved;
        return rc;
    }
    normalize(buf, &len);
    *bufp = buf;
    *lenp = len;
    /* The scan's line ends, and a last line without one (unless that was
     * a BOM alone, which normalize() dropped). */
    if (linesp != NULL)
        *linesp = len == 0 ? 0 : (int64_t)sc.lines + (sc.cur > 0);
    return 0;
}

int bl_input_read_file(const char *path, char **bufp, size_t *lenp) {
    return bl_input_read(path, BL_INPUT_MAX, bufp, lenp, NULL, 0);
}
