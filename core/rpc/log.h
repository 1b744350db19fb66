/* log: levelled diagnostics for the helper, off by default.
 *
 * BULLETIN_LOG=debug|info|warn|error enables logging at that level and
 * above, to stderr; BULLETIN_LOG_FILE=PATH sends it to that file instead
 * (appended). Nothing is ever written to stdout, which carries msgpack.
 *
 * Ownership: the module owns the log file it opens; bl_log_close() closes
 * it. Strings passed in are borrowed for the call only. */
#pragma once

#include <stdarg.h>

typedef enum { BL_LOG_DEBUG, BL_LOG_INFO, BL_LOG_WARN, BL_LOG_ERROR, BL_LOG_OFF } bl_log_level;

/* Reads BULLETIN_LOG and BULLETIN_LOG_FILE. An unknown level or a file
 * that cannot be opened is reported once on stderr; the log then falls back
 * to "off" or to stderr respectively. Returns 0 or BL_EINVAL (after that
 * report). Safe to call more than once (reconfigures). */
int bl_log_init(void);
/* Sets the level directly (for tests and harnesses). */
void bl_log_set_level(bl_log_level level);
/* Closes the log file, if any; logging goes off. */
void bl_log_close(void);
int bl_log_enabled(bl_log_level level);

/* Writes one line "bulletin[PID] LEVEL: message\n" when level is enabled. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void bl_log(bl_log_level level, const char *fmt, ...);
void bl_log_v(bl_log_level level, const char *fmt, va_list ap);
