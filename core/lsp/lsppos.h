/* lsppos: LSP columns to byte columns and back.
 *
 * An LSP Position's character counts code units of the negotiated
 * encoding: UTF-8 bytes (when the client offers "utf-8"), or UTF-16 code
 * units (the default: a code point from U+10000 up takes two). The model
 * counts bytes. Text is decoded with bl_utf8_next(): an invalid byte is one
 * U+FFFD, one UTF-16 unit.
 *
 * Pure functions; they borrow the line text for the call. */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef enum { BL_LSPPOS_UTF16, BL_LSPPOS_UTF8 } bl_lsppos_enc;

/* The byte offset of unit column ch on line s[0, len): clamped to len
 * (the spec's rule for a character past the end); a column inside a code
 * point gives that code point's start. */
size_t bl_lsppos_to_byte(bl_lsppos_enc enc, const char *s, size_t len, int64_t ch);
/* The unit column of byte offset b (clamped to len) on line s[0, len). */
uint32_t bl_lsppos_from_byte(bl_lsppos_enc enc, const char *s, size_t len, size_t b);
/* The units of s[a, b). */
uint32_t bl_lsppos_units(bl_lsppos_enc enc, const char *s, size_t a, size_t b);
const char *bl_lsppos_name(bl_lsppos_enc enc);
