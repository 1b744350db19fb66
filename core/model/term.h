/* term: text that reaches a terminal, made harmless.
 *
 * A file name, a .bulletinrc key or a document's text can hold control
 * characters (ESC ] 0 ; ... BEL retitles a terminal, ESC [ 2 J clears it).
 * Everything the command line prints as text, on standard output (emit.h's
 * text and quickfix formats) and on standard error (every message), goes
 * through bl_term_clean(): each C0 control character and DEL becomes "?",
 * a tab one space. Bytes from 0x80 up are left alone (UTF-8 text stays
 * readable).
 *
 * Ownership: every function borrows its arguments for the call only. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Replaces, in place, every control character of s[0, len) (bytes under
 * 0x20 and 0x7F) by "?", a tab by " ". Returns the number replaced. */
size_t bl_term_clean(char *s, size_t len);

/* Writes s[0, len) to out as bl_term_clean() would leave it (s is not
 * changed). Returns 0, or BL_EIO when the stream reports an error. */
int bl_term_write(FILE *out, const char *s, size_t len);

/* Writes one message to stderr: "bulletin: ", the formatted text (cut at
 * BL_TERM_MAX_MESSAGE bytes) cleaned as above, then "\n", in one write, so
 * that nothing a format argument holds (a file name, a key) can reach the
 * terminal as a control sequence. Flushes stdout first, so that the message
 * comes after the output already printed. */
#define BL_TERM_MAX_MESSAGE 4096
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void bl_term_error(const char *fmt, ...);
/* The same with a va_list. */
void bl_term_verror(const char *fmt, va_list ap);
