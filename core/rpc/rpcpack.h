/* rpcpack: the document model as msgpack, in the shapes of PROTOCOL.md
 * (outline, fold levels, highlight spans, diagnostics, version map).
 *
 * Strings from the model are packed as msgpack str with their bytes as
 * written, except that one trailing "\r" (a CRLF line end) is never part
 * of a string, as in the CLI's JSON. NULL packs as nil.
 *
 * Ownership: every function borrows its arguments for the call only and
 * appends to the packer's buffer. Allocation failures surface through the
 * packer's buffer (see msgpack_sbuffer). */
#pragma once

#include <msgpack.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "lint.h"

/* Points pk at the sbuffer out through bl_rpcpack_write(). */
void bl_rpcpack_init(msgpack_packer *pk, msgpack_sbuffer *out);
/* msgpack_sbuffer_write() that remembers a failed allocation: msgpack-c's
 * packer ignores write errors, which would leave half a message behind. */
int bl_rpcpack_write(void *sbuffer, const char *buf, size_t len);
/* Non-zero if a write failed since the last call (and clears the flag):
 * the output buffer is then corrupt and must not be sent. */
int bl_rpcpack_take_failure(void);

void bl_rpcpack_str(msgpack_packer *pk, const char *s, size_t len);
/* NUL-terminated model string or nil, without one trailing "\r". */
void bl_rpcpack_cstr(msgpack_packer *pk, const char *s);

/* {name, version, protocol, groups, forms}. */
void bl_rpcpack_version(msgpack_packer *pk, const char *version, int protocol);
/* {meta = {date, program, posted, updated}, items = [...]} of an updated
 * doc; item keys as in the outline JSON of BULLETIN-FORMAT.md §5, plus
 * quote and quote_span on quote items (PROTOCOL.md). */
void bl_rpcpack_outline(msgpack_packer *pk, const bl_doc *doc);
/* The same with only the first count items (SIZE_MAX: all): the first
 * piece of a push sent in pieces (PROTOCOL.md "partial"). */
void bl_rpcpack_outline_head(msgpack_packer *pk, const bl_doc *doc, size_t count);

/* Reading strings from decoded objects (Neovim sends str, older clients
 * bin): is o one, and its bytes (borrowed from the unpacked zone). */
static inline int bl_rpcpack_is_str(const msgpack_object *o) {
    return o->type == MSGPACK_OBJECT_STR || o->type == MSGPACK_OBJECT_BIN;
}
static inline const char *bl_rpcpack_str_ptr(const msgpack_object *o, size_t *len) {
    *len = o->type == MSGPACK_OBJECT_STR ? o->via.str.size : o->via.bin.size;
    return o->type == MSGPACK_OBJECT_STR ? o->via.str.ptr : o->via.bin.ptr;
}
/* Packs the head of the notification [2, "nvim_exec_lua", [code, [arg]]]
 * up to its one-element argument array: the caller packs the argument. */
void bl_rpcpack_exec_lua(msgpack_packer *pk, const char *code);
/* Packs the outline as a change of the previously pushed one (PROTOCOL.md
 * "outline_splice"): {first, removed, items (the doc's items [first, first
 * + added)), shift, meta}. */
void bl_rpcpack_outline_splice(msgpack_packer *pk, const bl_doc *doc, size_t first, size_t removed,
                               size_t added, int32_t shift);
/* Array of the fold values of lines [first, last): level + BL_FOLD_START
 * where an item's fold starts (bl_doc_fold_value). */
void bl_rpcpack_folds(msgpack_packer *pk, const bl_doc *doc, int32_t first, int32_t last);
/* Flat array [line, col, end_col, group, ...] of the spans of lines
 * [first, last) (group: 0-based index into the version map's groups). */
void bl_rpcpack_spans(msgpack_packer *pk, bl_doc *doc, int32_t first, int32_t last);
/* Array of diagnostic maps: lnum, end_lnum, col, end_col, severity, code,
 * message, suggestion. */
void bl_rpcpack_diags(msgpack_packer *pk, const bl_diags *diags);
