#include "term.h"

#include <string.h>

#include "error.h"

size_t bl_term_clean(char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7F)
            continue;
        s[i] = c == '\t' ? ' ' : '?';
        n++;
    }
    return n;
}

int bl_term_write(FILE *out, const char *s, size_t len) {
    char chunk[512];
    while (len > 0) {
        size_t k = len < sizeof chunk ? len : sizeof chunk;
        memcpy(chunk, s, k);
        bl_term_clean(chunk, k);
        fwrite(chunk, 1, k, out);
        s += k;
        len -= k;
    }
    return ferror(out) ? BL_EIO : 0;
}

void bl_term_verror(const char *fmt, va_list ap) {
    static const char prefix[] = "bulletin: ";
    char msg[sizeof prefix - 1 + BL_TERM_MAX_MESSAGE + 2];
    memcpy(msg, prefix, sizeof prefix - 1);
    size_t used = sizeof prefix - 1;
    int n = vsnprintf(msg + used, BL_TERM_MAX_MESSAGE + 1, fmt, ap);
    if (n > 0)
        used += (size_t)n < BL_TERM_MAX_MESSAGE ? (size_t)n : BL_TERM_MAX_MESSAGE;
    bl_term_clean(msg, used);
    msg[used++] = '\n';
    fflush(stdout);
    fwrite(msg, 1, used, stderr);
}

void bl_term_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    bl_term_verror(fmt, ap);
    va_end(ap);
}
