/* rstr: the strings an outline reports (titles, tags, speakers, roles,
 * quotes), copied into a parse result's arena with their length, so that
 * a NUL byte in the text never ends one (§7.5 of the format).
 *
 * A reported string is NUL-terminated as every item string is, and is
 * preceded in the arena by its length (4 bytes): bl_rstr_len() reads it.
 * Only strings made here (bl_rstr_copy(), bl_rstr_framed(), and the
 * static bl_rstr_empty()) carry it: never call bl_rstr_len() on another
 * pointer (an item's `section` is a static name). */
#pragma once

#include <stddef.h>

#include "arena.h"

/* Copies s[a, b) (under 4 GiB) into the arena, interned when intern != 0;
 * s[0, b) must be readable. Returns the string, or NULL when out of
 * memory. */
const char *bl_rstr_copy(bl_arena *arena, const char *s, size_t a, size_t b, int intern);
/* The same for the n bytes at frame + BL_RSTR_HEAD, with frame[0,
 * BL_RSTR_HEAD) free for the length: no temporary copy (for long quotes). */
#define BL_RSTR_HEAD 4
const char *bl_rstr_framed(bl_arena *arena, char *frame, size_t n, int intern);
/* A reported string of length 0 that no arena holds (static). */
const char *bl_rstr_empty(void);
/* The length of a string made by bl_rstr_copy(); 0 for NULL. */
size_t bl_rstr_len(const char *s);
