#include "lsplog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int min_level = 99; /* off */

void bl_lsplog_init(void) {
    static const char *const names[] = {"debug", "info", "warn", "error"};
    const char *v = getenv("BULLETIN_LOG");
    min_level = 99;
    for (int i = 0; v != NULL && i < 4; i++) {
        if (strcmp(v, names[i]) == 0) {
            min_level = i;
        }
    }
}

void bl_lsplog(bl_lsplog_level level, const char *fmt, ...) {
    static const char *const names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    if ((int)level < min_level) {
        return;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7F) {
            *p = '?';
        }
    }
    fprintf(stderr, "bulletin-lsp[%ld] %s: %s\n", (long)getpid(), names[level], msg);
}
