/* speakers: `bulletin speakers [--conflicts]`, the speaker index of every
 * FILE printed as one table (spkindex.h says what a speaker, a role
 * conflict and a near-duplicate name are).
 *
 * Speakers come in order of first appearance, each role of a speaker in
 * order of first use, each use as file:line in input order.
 *   text: per speaker "Name: N soundbites" (", K roles" when K > 1), then
 *         per role "  Role: N: file:line, file:line" ("(no role)" when
 *         none). With --conflicts only the speakers with a role conflict,
 *         then per group of near-duplicate names "near duplicates: A (N),
 *         B (M)" and per name "  A: file:line, ...".
 *   json: {"version": 1, "speakers": [{"name", "count", "roles":
 *         [{"role" (or null), "count", "where": [{"file", "line"}]}]}],
 *         "near_duplicates": [{"key", "names": [...]}]}; with --conflicts
 *         "speakers" holds only the speakers with a role conflict.
 *   csv:  RFC 4180 with a header row; one row per use:
 *         speaker,role,count,file,line (count: uses of that speaker with
 *         that role); with --conflicts conflict,key,speaker,role,count,
 *         file,line, conflict being "role" (key: the speaker) or
 *         "near-duplicate" (key: the near key).
 *
 * Ownership: documents and names are borrowed for the call; the index
 * keeps copies. */
#pragma once

#include <stdio.h>

#include "doc.h"
#include "emit.h"

typedef struct bl_speakers bl_speakers;

/* A new listing in format fmt (BL_EMIT_TEXT, _JSON or _CSV), or NULL. */
bl_speakers *bl_speakers_new(bl_emit_format fmt, int conflicts);
void bl_speakers_free(bl_speakers *sp);
/* Adds the soundbites of an updated doc, shown as file. 0 or BL_ENOMEM. */
int bl_speakers_add(bl_speakers *sp, const bl_doc *doc, const char *file);
/* Prints the listing. 0, BL_EIO or BL_ENOMEM. */
int bl_speakers_print(bl_speakers *sp, FILE *out);
