/* lint: the fourteen lint rules of BULLETIN-FORMAT.md §6 over a bl_doc.
 *
 * Ownership: a bl_diags owns its array and every message and suggestion
 * string in it; codes are static strings. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef enum { BL_SEV_ERROR, BL_SEV_WARNING, BL_SEV_INFO } bl_severity;

/* One diagnostic. line is 0-based; columns are byte offsets, end exclusive,
 * on that line. */
typedef struct {
    int32_t line;
    uint32_t col;
    uint32_t end_col;
    uint8_t severity; /* bl_severity */
    const char *code; /* static: "unknown-tag", ... */
    char *message;    /* owned */
    char *suggestion; /* owned, or NULL */
    /* Bytes of message before its suggestion clause ("; did you mean X?",
     * "; write X"): the RPC sends message[0, bare_len) and the suggestion
     * apart; the CLI prints the whole message. strlen(message) when none. */
    uint32_t bare_len;
} bl_diag;

typedef struct {
    bl_diag *v;
    size_t n;
    size_t cap;
} bl_diags;

/* Runs every rule over an updated doc and appends the findings to out in
 * line order. Returns 0 or BL_ENOMEM (out then holds what was found). */
int bl_lint_run(bl_doc *doc, bl_diags *out);
void bl_diags_free(bl_diags *diags);
const char *bl_severity_name(bl_severity severity);
