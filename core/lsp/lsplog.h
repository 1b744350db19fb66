/* lsplog: the language server's log, on stderr only, off by default.
 * BULLETIN_LOG=debug|info|warn|error enables it at that level and above
 * (the same variable as `bulletin rpc`). Nothing goes to stdout. */
#pragma once

typedef enum { BL_LSPLOG_DEBUG, BL_LSPLOG_INFO, BL_LSPLOG_WARN, BL_LSPLOG_ERROR } bl_lsplog_level;

/* Reads BULLETIN_LOG. */
void bl_lsplog_init(void);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void bl_lsplog(bl_lsplog_level level, const char *fmt, ...);
