#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "term.h"

/* Invariant: out is NULL (stderr) or a file this module opened. */
static struct {
    bl_log_level level;
    FILE *out;
} g_log = {BL_LOG_OFF, NULL};

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

void bl_log_set_level(bl_log_level level) {
    g_log.level = level;
}

int bl_log_init(void) {
    bl_log_close();
    const char *lvl = getenv("BULLETIN_LOG");
    if (lvl == NULL || *lvl == '\0') {
        return 0;
    }
    int found = -1;
    for (int i = 0; i <= (int)BL_LOG_OFF; i++) {
        if (strcmp(lvl, level_names[i]) == 0) {
            found = i;
        }
    }
    if (found < 0) {
        bl_term_error("BULLETIN_LOG=%s: expected debug, info, warn or error", lvl);
        return BL_EINVAL;
    }
    g_log.level = (bl_log_level)found;
    const char *path = getenv("BULLETIN_LOG_FILE");
    if (path != NULL && *path != '\0') {
        g_log.out = fopen(path, "a");
        if (g_log.out == NULL) {
            bl_term_error("BULLETIN_LOG_FILE=%s: cannot open; logging to stderr", path);
            return BL_EINVAL;
        }
        setvbuf(g_log.out, NULL, _IOLBF, 0);
    }
    return 0;
}

void bl_log_close(void) {
    if (g_log.out != NULL) {
        fclose(g_log.out);
        g_log.out = NULL;
    }
    g_log.level = BL_LOG_OFF;
}

int bl_log_enabled(bl_log_level level) {
    return level != BL_LOG_OFF && level >= g_log.level;
}

void bl_log_v(bl_log_level level, const char *fmt, va_list ap) {
    if (!bl_log_enabled(level)) {
        return;
    }
    FILE *out = g_log.out != NULL ? g_log.out : stderr;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char line[1024];
    int n = snprintf(line, sizeof line, "bulletin[%ld] %lld.%03ld %s: ", (long)getpid(),
                     (long long)ts.tv_sec, ts.tv_nsec / 1000000L, level_names[level]);
    if (n < 0) {
        return;
    }
    size_t used = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    int m = vsnprintf(line + used, sizeof line - used, fmt, ap);
    if (m > 0) {
        used += (size_t)m < sizeof line - used ? (size_t)m : sizeof line - used - 1;
    }
    /* One fputs per line keeps concurrent writers from interleaving. */
    if (used > sizeof line - 2) {
        used = sizeof line - 2;
    }
    /* A message may quote a file name or text from Neovim: no control
     * character of it reaches a terminal (term.h). */
    bl_term_clean(line, used);
    line[used++] = '\n';
    line[used] = '\0';
    fputs(line, out);
    fflush(out);
}

void bl_log(bl_log_level level, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    bl_log_v(level, fmt, ap);
    va_end(ap);
}
