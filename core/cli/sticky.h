/* sticky: a stream with a sticky error, for the CLI's writers that print
 * piece by piece (sarif.c, speakers.c): every write after a failed one is
 * skipped, and the first failure is the result (w.rc).
 *
 *   bl_sticky w = {out, 0};
 *   bl_sticky_put(&w, "{\"id\": ");
 *   bl_sticky_json(&w, name);
 *   return w.rc;
 *
 * Ownership: out is borrowed; nothing is allocated. */
#pragma once

#include <stdint.h>
#include <stdio.h>

typedef struct {
    FILE *out;
    int rc; /* 0, or the first failure (BL_EIO, or an emitter's code) */
} bl_sticky;

/* s as it is. */
void bl_sticky_put(bl_sticky *w, const char *s);
/* n in decimal. */
void bl_sticky_num(bl_sticky *w, uint64_t n);
/* s as a JSON string (bl_emit_json_cstr), CSV field (bl_emit_csv_field) or
 * text (bl_emit_text): emit.h's promises. */
void bl_sticky_json(bl_sticky *w, const char *s);
void bl_sticky_csv(bl_sticky *w, const char *s);
void bl_sticky_text(bl_sticky *w, const char *s);
