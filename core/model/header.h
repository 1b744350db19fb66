/* header: the facts of a bulletin's header lines (§1 meta, §5 meta): the
 * date of a " date" line, programme names, 입력/수정 timestamps, and the
 * headline a meta line may carry ("TITLE News Today 입력 ..."). All
 * functions read one line s[a, b) and write extents or ISO strings. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "line.h"
#include "pline.h"
#include "vocab.h"

/* The programme name on a meta line: writes its extent; returns 1 or 0. A
 * program tag ("[News Today]") gives its name without the brackets. */
int bl_header_program(const char *s, const bl_lineinfo *li, size_t *pa, size_t *pb);
/* The timestamp after label ("입력" or "수정") on the line, as ISO local
 * time "YYYY-MM-DDTHH:MM[:SS]" into out (>= 20 bytes), "" for a date
 * without a time (§7.6). Returns 1 or 0. */
int bl_header_stamp(const char *s, const bl_lineinfo *li, const char *label, char *out);
/* A bare timestamp line as ISO. Returns 1 or 0. */
int bl_header_bare_stamp(const char *s, const bl_lineinfo *li, char *out);
/* The headline on a DATE or STAMP line: after a program tag, or the text
 * before the programme name / before "입력". Writes the extent, returns 1
 * if non-empty and free of Hangul. */
int bl_header_title(const char *s, const bl_lineinfo *li, size_t *ta, size_t *tb);

/* The document's meta (§5), as found in lines L[0, n); "" where none. */
typedef struct {
    char date[16];    /* of the first " date" line */
    char posted[24];  /* the first 입력 (a bare timestamp line when none) */
    char updated[24]; /* the first 수정 */
    /* the first programme name on a meta line: borrowed from L's text
     * (valid while that line is), NULL when none */
    const char *program;
    size_t program_len;
} bl_header_facts;

/* Reads the meta facts of lines L[0, n) into *facts; allocates nothing.
 * The caller stores what it keeps (bl_parse_meta()). */
void bl_header_meta(const bl_vocab *vocab, const bl_pline *L, int32_t n, bl_header_facts *facts);
