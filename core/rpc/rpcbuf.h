/* rpcbuf: one buffer attached to the RPC helper — its document model, its
 * vocabulary, and what changed since the last push (PROTOCOL.md "Pushes").
 *
 * Coordinates: the splice maps the lines of the previous push's state to
 * the current lines ([sp_first, sp_old_last) became [sp_first,
 * sp_new_last)); [dirty_first, dirty_last) are current lines whose folds or
 * spans may differ from what was pushed. Edits since a push compose into
 * one splice; bl_doc_update() may run any number of times in between (for
 * requests), its bl_change ranges are folded into the dirty range, and
 * its item splices into one item splice (kept head and tail, summed line
 * shift: the tail kept by every update moved by every update's shift).
 *
 * Ownership: a bl_rpcbuf owns its doc, its vocab (NULL: the built-in one;
 * it outlives the doc), its path and its pending error message. The
 * dispatcher (rpc.c) owns the bl_rpcbuf and reads/writes its flags. */
#pragma once

#include <msgpack.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "error.h"
#include "lint.h"
#include "rpcpack.h"
#include "rpctime.h"
#include "vocab.h"

/* A push of more lines than BL_RPCBUF_PIECE_LINES (folds and spans) or
 * more outline items than BL_RPCBUF_PIECE_ITEMS is sent in pieces, all but
 * the last flagged `partial` (PROTOCOL.md): Neovim decodes and handles each
 * as an event of its own, and runs its UI between them. */
#define BL_RPCBUF_PIECE_LINES 4096
#define BL_RPCBUF_PIECE_ITEMS 1024

/* One `key = value` line of bulletin_config's vocab (owned strings), as a
 * `.bulletinrc` would have it. */
typedef struct {
    char *key;
    char *val;
} bl_rpcbuf_entry;

#define BL_RPCBUF_MAX_KEY 256u   /* bytes of a vocab key */
#define BL_RPCBUF_MAX_VALUE 256u /* bytes of one value (a spelling, a template) */

/* What one push carries, decided before anything is packed. Lines
 * [first, last) get folds and spans; the outline goes whole (outline) or
 * as a splice of items [if0, if0 + ni) (isplice). A big push goes out in
 * np pieces (PROTOCOL.md "partial"): each a notification of its own, so
 * Neovim runs its UI between them. Piece i carries lines [first + nl * i /
 * np, ...) and outline items [if0 + ni * i / np, ...) of the whole push's. */
typedef struct {
    int ready; /* the buffer is whole and derived: more than an error goes */
    int32_t n; /* lines of the doc */
    int edits, outline, isplice, lint, token;
    size_t nitems;
    int32_t first, last;
    size_t nl, if0, ni, np;
} bl_rpcbuf_plan;

typedef struct {
    int64_t id;
    bl_doc *doc;
    bl_vocab *vocab;
    char *path;        /* the buffer's file, for `.bulletinrc`, or NULL */
    char *rc_path;     /* the `.bulletinrc` in force (found for path), or NULL */
    int lint;          /* lint mode override (rpc.c's LINT_*), or -1 */
    int awaiting_full; /* drop line events until one with lastline == -1 */
    /* Fetching the lines in slices (attach option fetch, rpc.c): fetch is
     * the mode asked for; while fetching, a lines event spoils the fetch
     * (fetch_dirty: start again, at most BL_RPC_FETCH_TRIES times);
     * fetch_gen tells this fetch's answers from an older one's. */
    int fetch, fetching, fetch_dirty, fetch_tries, fetch_has_tick;
    uint32_t fetch_gen;
    int64_t fetch_tick;
    /* The slices fetched so far: fetch_n lines, each followed by "\n", in
     * fetch_text (owned; fetch_len bytes of fetch_cap), loaded into doc at
     * once after the last slice (bl_rpcbuf_load_fetched: one block and one
     * parse, not one splice per slice). fetch_next: the first line of the
     * next slice to ask for (rpc.c asks BL_RPC_FETCH_AHEAD slices ahead). */
    char *fetch_text;
    size_t fetch_len, fetch_cap;
    int32_t fetch_n, fetch_next;
    int partial; /* the last lines event had more == true */
    int has_tick;
    int64_t tick;
    int needs_update; /* edited since the last bl_doc_update() */
    int has_splice;
    int32_t sp_first, sp_old_last, sp_new_last;
    int has_dirty;
    int32_t dirty_first, dirty_last;
    int outline_dirty; /* push the whole outline (attach, rebuild) */
    /* Items changed since the last push, as one splice of the pushed
     * outline: the first is_first and the last is_tail items were kept, the
     * tail moved by is_shift lines; pushed_items is the count pushed. */
    int has_isplice;
    size_t is_first, is_tail, pushed_items;
    int32_t is_shift;
    int lint_pending; /* lint at the next push (saved, lint "change") */
    /* The diagnostics of the last lint, moved with the text since
     * (PROTOCOL.md "Diagnostics follow the text"); has_diags once a lint
     * ran; diags_dirty: the next push carries them. lint_token: the packed
     * msgpack token of the bulletin_lint they answer, or NULL. */
    bl_diags diags;
    int has_diags, diags_dirty;
    char *lint_token;
    size_t lint_token_len;
    int tick_pushed; /* pushed_tick is the tick of the last push */
    int64_t pushed_tick;
    int dead;    /* remove after the next push */
    int refused; /* over the helper's limits: the last push says so */
    char *error; /* message for the next push, or NULL */
    /* read times, pushed as total and times (rpctime.h); time_due: the
     * doc was derived (time_ch) and the times not yet, which the last
     * piece of the push does */
    bl_rpctime *timing;
    int time_due;
    bl_change time_ch;
    /* A push under way: its plan and its next piece (plan_next < plan.np;
     * bl_rpcbuf_push_next). */
    int pushing;
    bl_rpcbuf_plan plan;
    size_t plan_next;
} bl_rpcbuf;

/* A new buffer with an empty doc; copies path (may be NULL). The config
 * entries are borrowed for the call. Returns NULL when out of memory. */
bl_rpcbuf *bl_rpcbuf_new(int64_t id, const char *path, int lint, const bl_rpcbuf_entry *cfg,
                         size_t ncfg);
void bl_rpcbuf_free(bl_rpcbuf *b);

/* Sets (replacing) the message of the next push; logs it. */
void bl_rpcbuf_set_error(bl_rpcbuf *b, const char *msg);

/* Appends n fetched lines (copied) to b->fetch_text. A line holding "\n"
 * (never from Neovim, whose API sends a NUL byte as "\0") or longer than
 * BL_MAX_LINE_BYTES is BL_EINVAL; 0, BL_ENOMEM or BL_ETOOBIG. */
int bl_rpcbuf_fetched(bl_rpcbuf *b, size_t n, const char *const *texts, const size_t *lens);

/* Forgets the fetched lines (a fetch starting again, or given up). */
void bl_rpcbuf_fetch_reset(bl_rpcbuf *b);

/* The fetch is complete: its lines replace the doc's (one bl_doc_take_text,
 * the edit noted as [0, old n) -> [0, fetch_n)). 0 or a BL_E* code (the
 * doc is then empty, noted as such). */
int bl_rpcbuf_load_fetched(bl_rpcbuf *b);

/* Replaces lines [first, end) by n lines (copied) and notes the edit.
 * Returns 0 or a BL_E* code (the buffer is then unchanged). */
int bl_rpcbuf_edit(bl_rpcbuf *b, int32_t first, int32_t end, size_t n, const char *const *texts,
                   const size_t *lens);

/* Runs bl_doc_update() if the doc was edited, and the read times. Returns
 * 0 or BL_ENOMEM. */
int bl_rpcbuf_update(bl_rpcbuf *b);

/* Re-creates the vocab and doc from cfg (borrowed) and the `.bulletinrc`
 * of b->path (after bulletin_config or a new path); everything is marked
 * changed. Returns 0 or BL_ENOMEM; on failure the old vocab and doc
 * stay. */
int bl_rpcbuf_rebuild(bl_rpcbuf *b, const bl_rpcbuf_entry *cfg, size_t ncfg);

/* Lints the doc now (call bl_rpcbuf_update first): the result replaces
 * the kept diagnostics and goes out with the next push. Returns 0 or
 * BL_ENOMEM (what was found is kept). */
int bl_rpcbuf_lint(bl_rpcbuf *b);

/* Takes token (packed msgpack, len bytes, copied) as the lint_token of
 * the next diagnostics push; NULL clears it. 0 or BL_ENOMEM. */
int bl_rpcbuf_set_token(bl_rpcbuf *b, const char *token, size_t len);

/* Marks the whole state for the next push (bulletin_refresh): splice
 * over every line, folds, hl, the whole outline, the kept diagnostics. */
void bl_rpcbuf_mark_all(bl_rpcbuf *b);

/* Refuses the buffer (over the helper's limits): frees its text, marks
 * it dead; its last push is {buf, refused = true, error}. */
void bl_rpcbuf_refuse(bl_rpcbuf *b);

/* Non-zero when the buffer has something to push now (never while a push
 * is under way). */
int bl_rpcbuf_wants_push(const bl_rpcbuf *b);

/* Told that a `partial` piece of a push ends at offset end of out. */
typedef int (*bl_rpcbuf_mark_fn)(void *ctx, size_t end);

/* Derives the buffer and appends the first piece of its push to out
 * (the whole push unless it is big: PROTOCOL.md "partial"; mark is called
 * after each partial piece). The other pieces are packed by
 * bl_rpcbuf_push_next() while b->pushing, from the doc as it is now: no
 * edit may reach b before they are. Once the last piece is packed, what
 * the push reported is reset. lint_on_change: run lint because the mode
 * is "change". Returns 0, or BL_ENOMEM when out could not take a piece
 * (out->failed; what it reported is reset all the same). */
int bl_rpcbuf_push(bl_rpcbuf *b, int lint_on_change, bl_rpcpack_out *out, bl_rpcbuf_mark_fn mark,
                   void *ctx);
/* Appends the next piece of the push under way (b->pushing) to out; the
 * last one computes the read times (after the first piece is out, on a
 * big push) and carries them. Returns 0 or BL_ENOMEM as above. */
int bl_rpcbuf_push_next(bl_rpcbuf *b, bl_rpcpack_out *out, bl_rpcbuf_mark_fn mark, void *ctx);

/* Parses the `vocab` map of bulletin_config into `key = value` entries
 * (*out, caller frees with bl_rpcbuf_entries_free) and checks them with
 * the `.bulletinrc` parser (bl_vocab_load_text). Keys are `.bulletinrc`
 * keys; a value is an array of strings (one line each), and for dialect,
 * implicit_lead and hangul_chrome also one string or boolean. Entries come
 * in key order. Borrows o. Returns 0, or BL_EINVAL (bad input: err names
 * method, the key and what was expected) or BL_ENOMEM. Counts are capped
 * at BL_VOCAB_MAX_ENTRIES. */
int bl_rpcbuf_parse_vocab(const msgpack_object *o, const char *method, char *err, size_t errlen,
                          bl_rpcbuf_entry **out, size_t *nout);
void bl_rpcbuf_entries_free(bl_rpcbuf_entry *v, size_t n);
/* Packs what configures b (PROTOCOL.md bulletin_vocab): {buf, rc,
 * dialect, templates, datelines, chrome, implicit_lead, hangul_chrome,
 * config_error}; cfg_err is the last refused bulletin_config's message
 * ("" for none). */
void bl_rpcbuf_pack_vocab(const bl_rpcbuf *b, const char *cfg_err, msgpack_packer *pk);
/* Applies entries to v through the `.bulletinrc` parser. Returns 0 or the
 * parser's code with its message (without a line number) in err. */
int bl_rpcbuf_apply(bl_vocab *v, const bl_rpcbuf_entry *cfg, size_t n, char *err, size_t errlen);
int bl_rpcbuf_entries_equal(const bl_rpcbuf_entry *a, size_t na, const bl_rpcbuf_entry *b,
                            size_t nb);
