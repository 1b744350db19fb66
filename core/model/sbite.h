/* sbite: the parts of a soundbite line (§4): speaker, role and quote
 * extents as byte offsets into the line. Used by the parser (to copy the
 * strings) and by the highlighter (to colour them), so both agree.
 *
 * Extents are [a, b) byte offsets; an empty extent (a == b) means "none".
 * Quote extents exclude the outer quote marks and trailing spaces. */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t sp_a, sp_b;     /* speaker */
    uint32_t role_a, role_b; /* role */
    uint32_t q_a, q_b;       /* quote text */
    uint8_t form;            /* bl_form */
    uint8_t unbalanced;      /* a '(' without its ')' */
} bl_sb_parts;

/* Text after a "[Soundbite]" tag, s[a, b): inline, anon, quote_only or
 * name_only. Returns the form. */
int bl_sb_tagged(const char *s, size_t a, size_t b, bl_sb_parts *p);
/* "Name (Role): Quote", "Name : Quote" (when allow_bare) or "(Source):
 * Quote" in s[a, b). Returns 1 and fills p (form colon or anon), or 0. */
int bl_sb_colon(const char *s, size_t a, size_t b, int allow_bare, bl_sb_parts *p);
/* The attribution line after a bare "[Soundbite]", s[a, b): "Name (Role):
 * Quote" or "Name : Quote" (tag_line), "(Source): Quote" (anon), "Name
 * (Role" cut off before its ')' and any ':' (tag_line, the role running to
 * the end of the line), or a line opening with a quote mark (quote_only).
 * Returns 1 and fills p, or 0. */
int bl_sb_after_tag(const char *s, size_t a, size_t b, bl_sb_parts *p);
/* "Name / Role" in s[a, b). Returns 1 or 0. */
int bl_sb_slash(const char *s, size_t a, size_t b, bl_sb_parts *p);
/* First line of "[Name/Role: "Quote"]" in s[a, b). Returns 1 or 0. The
 * quote runs to the closing ']' or the end of the line. */
int bl_sb_bracket(const char *s, size_t a, size_t b, bl_sb_parts *p);
/* "[Sound bite: Name - Role]" / "[Sound bites from X]" in s[a, b); a quote
 * glued after ']' that opens with a quote mark is the quote. */
int bl_sb_radio(const char *s, size_t a, size_t b, bl_sb_parts *p);
/* Narrows s[*a, *b) to quote text: trims spaces, drops a leading quote
 * mark and then a trailing one. */
void bl_sb_trim_quote(const char *s, uint32_t *a, uint32_t *b);
/* The halves of bl_sb_trim_quote() for a quote over several lines: drop
 * the opening mark of the first line, the closing mark of the last. */
void bl_sb_trim_open(const char *s, uint32_t *a, uint32_t *b);
void bl_sb_trim_close(const char *s, uint32_t *a, uint32_t *b);
