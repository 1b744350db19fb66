#include "emit.h"

#include "rstr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "term.h"
#include "timing.h"

/* The three bytes of U+FFFD REPLACEMENT CHARACTER. */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Length (2..4) of the well-formed UTF-8 sequence at s[0, len) that starts
 * with a byte >= 0x80, or 0 when that byte does not start one (stray
 * continuation byte, overlong form, surrogate, above U+10FFFF, cut short). */
static size_t utf8_seq_len(const unsigned char *s, size_t len) {
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* <= U+10FFFF */
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Length of s without one trailing "\r" (CRLF line ends are not content). */
size_t bl_emit_strip_cr(const char *s, size_t len) {
    if (len > 0 && s[len - 1] == '\r')
        len--;
    return len;
}

int bl_emit_status(FILE *out) {
    return ferror(out) ? BL_EIO : 0;
}

#define LANES(c) ((uint64_t)(c)*0x0101010101010101ull)

/* Nonzero when a byte of x is under 0x20, '"', '\\' or over 0x7F: each
 * test sets the high bit of a lane exactly (no carry crosses a lane). */
static inline uint64_t needs_escape(uint64_t x) {
    uint64_t low7 = x & LANES(0x7F);
    uint64_t ctl = ~(low7 + LANES(0x60)); /* high bit: low 7 bits < 0x20 */
    uint64_t q = x ^ LANES('"'), b = x ^ LANES('\\');
    uint64_t is_q = ~(((q & LANES(0x7F)) + LANES(0x7F)) | q);
    uint64_t is_b = ~(((b & LANES(0x7F)) + LANES(0x7F)) | b);
    return (x | ctl | is_q | is_b) & LANES(0x80);
}

/* Escapes p[i, ...) into dst as the inside of a JSON string, stopping at
 * the first sequence boundary at or after stop (<= len). dst needs room for
 * 6 bytes per input byte. Sets *next to where it stopped; returns the end
 * of what it wrote. */
char *bl_emit_json_escape(char *dst, const unsigned char *p, size_t len, size_t i, size_t stop,
                          size_t *next) {
    static const char hex[] = "0123456789abcdef";
    while (i < stop) {
        /* Eight plain bytes (printable ASCII, no '"' or '\\') at a time. */
        while (stop - i >= 8) {
            uint64_t x;
            memcpy(&x, p + i, 8);
            if (needs_escape(x))
                break;
            memcpy(dst, &x, 8);
            dst += 8;
            i += 8;
        }
        if (i >= stop)
            break;
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            *dst++ = (char)c;
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t n = utf8_seq_len(p + i, len - i);
            if (n > 0) {
                memcpy(dst, p + i, n);
                dst += n;
                i += n;
                continue;
            }
            memcpy(dst, REPLACEMENT, 3); /* an invalid UTF-8 byte */
            dst += 3;
            i++;
            continue;
        }
        *dst++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *dst++ = (char)c;
            break;
        case '\n':
            *dst++ = 'n';
            break;
        case '\r':
            *dst++ = 'r';
            break;
        case '\t':
            *dst++ = 't';
            break;
        case '\b':
            *dst++ = 'b';
            break;
        case '\f':
            *dst++ = 'f';
            break;
        default:
            memcpy(dst, "u00", 3);
            dst[3] = hex[c >> 4];
            dst[4] = hex[c & 15];
            dst += 5;
        }
        i++;
    }
    *next = i;
    return dst;
}

/* Input bytes escaped per chunk when a string is streamed. */
#define ESCAPE_CHUNK 1024

int bl_emit_json_str(FILE *out, const char *s, size_t len) {
    if (s == NULL) {
        fputs("null", out);
        return bl_emit_status(out);
    }
    /* A sequence may run 3 bytes past the chunk: room for 6 per byte. */
    char buf[6 * (ESCAPE_CHUNK + 4) + 2];
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    char *d = buf;
    *d++ = '"';
    do {
        size_t stop = len - i > ESCAPE_CHUNK ? i + ESCAPE_CHUNK : len;
        d = bl_emit_json_escape(d, p, len, i, stop, &i);
        if (i >= len)
            *d++ = '"';
        fwrite(buf, 1, (size_t)(d - buf), out);
        d = buf;
    } while (i < len);
    return bl_emit_status(out);
}

int bl_emit_json_cstr(FILE *out, const char *s) {
    if (s == NULL)
        return bl_emit_json_str(out, NULL, 0);
    return bl_emit_json_str(out, s, bl_emit_strip_cr(s, strlen(s)));
}

/* Writes s[0, len) with every invalid UTF-8 byte replaced; if dquote, each
 * `"` doubled (CSV). */
static void put_utf8(FILE *out, const char *s, size_t len, int dquote) {
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c < 0x80 && !(dquote && c == '"')) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t n = utf8_seq_len(p + i, len - i);
            if (n > 0) {
                i += n;
                continue;
            }
        }
        fwrite(p + run, 1, i - run, out);
        fputs(c == '"' ? "\"\"" : REPLACEMENT, out);
        i++;
        run = i;
    }
    fwrite(p + run, 1, len - run, out);
}

int bl_emit_csv_field(FILE *out, const char *s) {
    if (s == NULL)
        return bl_emit_status(out);
    return bl_emit_csv_field_n(out, s, bl_emit_strip_cr(s, strlen(s)));
}

int bl_emit_csv_field_n(FILE *out, const char *s, size_t len) {
    int quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            quote = 1;
    if (quote)
        putc('"', out);
    put_utf8(out, s, len, quote);
    if (quote)
        putc('"', out);
    return bl_emit_status(out);
}

int bl_emit_csv_end(FILE *out) {
    fputs("\r\n", out);
    return bl_emit_status(out);
}

int bl_emit_text(FILE *out, const char *s) {
    if (s == NULL)
        return bl_emit_status(out);
    return bl_term_write(out, s, bl_emit_strip_cr(s, strlen(s)));
}

/* Writes `"key": ` then the string (or null). */
void bl_emit_json_kv(FILE *out, const char *key, const char *value) {
    putc('"', out);
    fputs(key, out);
    fputs("\": ", out);
    bl_emit_json_cstr(out, value);
}

/* The same for a string the outline reports (rstr.h): whole, NUL bytes
 * included (escaped \u0000, §7.5 of the format). */
void bl_emit_json_kvr(FILE *out, const char *key, const char *value) {
    putc('"', out);
    fputs(key, out);
    fputs("\": ", out);
    if (value == NULL)
        bl_emit_json_str(out, NULL, 0);
    else
        bl_emit_json_str(out, value, bl_emit_strip_cr(value, bl_rstr_len(value)));
}
