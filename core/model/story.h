/* story: the line predicates of §3 (where stories start, their titles,
 * the repeated-title rule) over the doc's analyzed lines. Pure functions:
 * they read L[0, n) and write extents; they own nothing. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* Does line i open a section (a lead/report tag or label, also after a
 * " date" header on the same line)? */
int bl_story_opens_section(const bl_pline *L, int32_t n, int32_t i);
/* Is line i a tag, label, cue or bracket soundbite (a boundary for quote
 * paragraphs)? */
int bl_story_is_tagish(const bl_pline *L, int32_t n, int32_t i);
/* The first non-blank line at or after i, or n. */
int32_t bl_story_next_nonblank(const bl_pline *L, int32_t n, int32_t i);
/* Does s[a, b) contain a date "YYYY-MM-DD" or "YYYY.MM.DD"? */
int bl_story_has_date(const char *s, size_t a, size_t b);
/* A "[News Today] Title" line: writes the title's extent. */
int bl_story_program_title(const bl_pline *L, int32_t n, int32_t i, size_t *a, size_t *b);
/* Narrows [*a, *b) of s to drop surrounding quote marks. */
void bl_story_unquote(const char *s, size_t *a, size_t *b);
/* Is line i a later story's title (numbered, ALL CAPS, Title Case before
 * a lead, a program tag with a headline)? Writes the title extent. */
int bl_story_title_at(const bl_pline *L, int32_t n, int32_t i, size_t *a, size_t *b);
/* The first story's line (n if none) and title (*has_title, extent). */
int32_t bl_story_first(const bl_pline *L, int32_t n, size_t *ta, size_t *tb, int *has_title);
/* Compares two titles as §3 does (quote marks stripped, "[News Today]"
 * dropped, case folded, curly and straight quotes alike, spaces collapsed). */
int bl_story_same_title(const char *a, size_t la, const char *b, size_t lb);
