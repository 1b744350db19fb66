/* rpcpack: the document model as msgpack, in the shapes of PROTOCOL.md
 * (outline, fold levels, highlight spans, diagnostics, version map).
 *
 * Strings from the model are packed as msgpack str with their bytes as
 * written, except that one trailing "\r" (a CRLF line end) is never part
 * of a string, as in the CLI's JSON. NULL packs as nil.
 *
 * Ownership: every function borrows its arguments for the call only and
 * appends to the packer's output. Allocation failures surface through the
 * output object (bl_rpcpack_out.failed). */
#pragma once

#include <msgpack.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "error.h"
#include "lint.h"

/* The helper's output: msgpack bytes appended by packers, and what went
 * wrong appending them. msgpack-c's packer ignores its write callback's
 * errors, which would leave half a message behind; so the error travels in
 * the output object itself (no process-wide state): once an append has
 * failed, `failed` is BL_ENOMEM and stays so until bl_rpcpack_out_clear(),
 * later appends are dropped, and the bytes must not be sent.
 * Ownership: sb.data is owned (msgpack_sbuffer_release() hands it over). */
typedef struct {
    msgpack_sbuffer sb;
    int failed; /* 0, or BL_ENOMEM once an append failed */
} bl_rpcpack_out;

void bl_rpcpack_out_init(bl_rpcpack_out *out);
void bl_rpcpack_out_destroy(bl_rpcpack_out *out);
/* Forgets the bytes (keeping the allocation) and the failure. */
void bl_rpcpack_out_clear(bl_rpcpack_out *out);
/* Appends buf[0, len). Returns 0, or BL_ENOMEM (then out->failed is set);
 * nothing is appended once out has failed. */
int bl_rpcpack_out_write(bl_rpcpack_out *out, const char *buf, size_t len);
/* Appends everything of from (its bytes [off, end)) to out; a failure of
 * from (a result packed aside) becomes out's. Returns out->failed. */
int bl_rpcpack_out_append(bl_rpcpack_out *out, const bl_rpcpack_out *from, size_t off, size_t end);

/* Points pk at out: every byte it packs goes through
 * bl_rpcpack_out_write(). */
void bl_rpcpack_init(msgpack_packer *pk, bl_rpcpack_out *out);

void bl_rpcpack_str(msgpack_packer *pk, const char *s, size_t len);
/* NUL-terminated model string or nil, without one trailing "\r". */
void bl_rpcpack_cstr(msgpack_packer *pk, const char *s);

/* {name, version, protocol, groups, forms}. */
void bl_rpcpack_version(msgpack_packer *pk, const char *version, int protocol);
/* {meta = {date, program, posted, updated}, items = [...]} of an updated
 * doc; item keys as in the outline JSON of BULLETIN-FORMAT.md §5, plus
 * quote and quote_span on quote items (PROTOCOL.md). */
void bl_rpcpack_outline(msgpack_packer *pk, const bl_doc *doc);
/* The outline of a push: its first count items (SIZE_MAX: all; fewer in
 * the first piece of a push sent in pieces, PROTOCOL.md "partial"), each in
 * the compact form of pushes (an array, PROTOCOL.md "Outline items in
 * pushes"), all of them in one bin (protocol 4). pk must write to a
 * bl_rpcpack_out (bl_rpcpack_init), which takes a failure of the bin. */
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
/* Packs the head of the notification [2, "nvim_exec_lua", [code, [args]]]
 * up to its argument array of nargs elements: the caller packs them. */
void bl_rpcpack_exec_lua(msgpack_packer *pk, const char *code, uint32_t nargs);
/* Packs the outline as a change of the previously pushed one (PROTOCOL.md
 * "outline_splice"): {first, removed, items (the doc's items [first, first
 * + added), in the compact form of pushes, in one bin as above), shift,
 * meta}. */
void bl_rpcpack_outline_splice(msgpack_packer *pk, const bl_doc *doc, size_t first, size_t removed,
                               size_t added, int32_t shift);
/* Array of the fold values of lines [first, last): level + BL_FOLD_START
 * where an item's fold starts (bl_doc_fold_value). */
void bl_rpcpack_folds(msgpack_packer *pk, const bl_doc *doc, int32_t first, int32_t last);
/* Flat array [line, col, end_col, group, ...] of the spans of lines
 * [first, last) (group: 0-based index into the version map's groups);
 * when wire, as pushes carry it: one bin of that array's msgpack bytes. */
void bl_rpcpack_spans(msgpack_packer *pk, bl_doc *doc, int32_t first, int32_t last, int wire);
/* Array of diagnostic maps: lnum, end_lnum, col, end_col, severity, code,
 * message, suggestion, fixes (fix.h, computed from doc's lines as they are
 * now; an empty array when doc is NULL or the line no longer shows the
 * finding). Borrows doc. */
void bl_rpcpack_diags(msgpack_packer *pk, const bl_diags *diags, const bl_doc *doc);
