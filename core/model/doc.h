/* doc: the bulletin document model.
 *
 * A bl_doc owns a table of lines and everything derived from them: a
 * per-line classification (cached, recomputed only for edited lines), the
 * outline items (stories, sections, soundbites), the header meta, fold
 * levels and highlight spans. The RPC helper edits it with bl_doc_replace()
 * on every buffer change and calls bl_doc_update() once per burst.
 *
 * Conventions: line numbers in items are 1-based (as in the outline JSON);
 * line indexes in function arguments are 0-based (as in Neovim's API);
 * columns are 0-based byte offsets, end exclusive.
 *
 * Ownership: every pointer returned by an accessor is borrowed from the doc
 * and stays valid until the next bl_doc_replace(), bl_doc_update() or
 * bl_doc_free() on that doc. Errors are negative BL_E* codes. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "line.h"
#include "vocab.h"

/* Caps, so that no count from a file or the wire can exhaust memory. */
#define BL_MAX_LINES 50000000u
/* The RPC line cap: `bulletin rpc` serves buffers of at most this many
 * lines (the CLI reads files of up to BL_MAX_LINES). A lines event with
 * more lines, or one that would make the buffer longer, refuses that
 * buffer (PROTOCOL.md, "Limits"); the frame decoding budget (frame.h)
 * admits every lines event within the cap. */
#define BL_RPC_MAX_LINES 1000000u
#define BL_MAX_LINE_BYTES (256u * 1024u * 1024u)

typedef enum {
    BL_LINE_BLANK,
    BL_LINE_META,
    BL_LINE_CHROME,
    BL_LINE_TITLE,
    BL_LINE_TAG,
    BL_LINE_LABEL,
    BL_LINE_ATTRIBUTION,
    BL_LINE_QUOTE,
    BL_LINE_BODY
} bl_line_kind;

typedef enum { BL_ITEM_STORY, BL_ITEM_SECTION, BL_ITEM_QUOTE } bl_item_kind;

typedef enum {
    BL_FORM_SLASH,
    BL_FORM_INLINE,
    BL_FORM_TAG_LINE,
    BL_FORM_COLON,
    BL_FORM_ANON,
    BL_FORM_NAME_ONLY,
    BL_FORM_QUOTE_ONLY,
    BL_FORM_BRACKET,
    BL_FORM_RADIO,
    BL_FORM_COUNT
} bl_form;

/* One outline item. Strings are NUL-terminated, borrowed from the doc;
 * NULL stands for JSON null. Invariant: line <= end_line; items are in
 * document order.
 *
 * The strings of the three kinds share their storage (48 bytes an item,
 * not 72: a million-line bulletin has hundreds of thousands): read only
 * the kind's own fields, after checking `kind`. Another kind's field names
 * one of the item's strings, or NULL. The numbers that do not apply to the
 * kind are 0. */
typedef struct {
    uint8_t kind;       /* bl_item_kind */
    uint8_t level;      /* 1 story, 2 section, container + 1 for quotes */
    uint8_t form;       /* bl_form, quotes only */
    int32_t line;       /* 1-based first line */
    int32_t end_line;   /* 1-based last line */
    int32_t quote_line; /* quotes: first line with quote text, 0 = null */
    /* quotes with quote text: where it starts (byte column on quote_line)
     * and ends (byte column, exclusive, on end_line), outer quote marks
     * excluded; the text spans [quote_line, end_line]. 0 when no quote. */
    uint32_t quote_col;
    uint32_t quote_end_col;
    union {
        struct { /* BL_ITEM_STORY */
            const char *title;
        };
        struct {                 /* BL_ITEM_SECTION */
            const char *tag;     /* the tag or label as written, "[LEAD]" */
            const char *section; /* canonical name, "lead" / "report" */
        };
        struct { /* BL_ITEM_QUOTE */
            const char *speaker;
            const char *role;
            const char *quote; /* text without outer quote marks */
        };
    };
} bl_item;
_Static_assert(sizeof(bl_item) <= 24 + 3 * sizeof(void *), "the kinds share their strings");

typedef struct {
    const char *date;    /* "YYYY-MM-DD" from the " date" line, or NULL */
    const char *program; /* first programme name, or NULL */
    const char *posted;  /* ISO local time "YYYY-MM-DDTHH:MM[:SS]", or NULL */
    const char *updated;
} bl_meta;

typedef enum {
    BL_HL_TAG,
    BL_HL_CUE,
    BL_HL_UNKNOWN_TAG,
    BL_HL_TITLE,
    BL_HL_META,
    BL_HL_CHROME,
    BL_HL_SPEAKER,
    BL_HL_ROLE,
    BL_HL_QUOTE,
    BL_HL_COUNT
} bl_hl_group;

/* One highlight span on one line (0-based line, byte columns). */
typedef struct {
    int32_t line;
    uint32_t col;
    uint32_t end_col;
    uint8_t group; /* bl_hl_group */
} bl_span;

/* What the last bl_doc_update() changed, in post-edit 0-based lines:
 * lines [first, last) may have new fold levels and spans; outline_changed
 * says whether the items or meta differ from the previous update.
 *
 * When outline_changed, the items as a splice of the previous update's
 * items: [item_first, item_first + item_removed) of the previous array
 * were replaced by [item_first, item_first + item_added) of this one, and
 * every item after those is the previous one moved by line_shift lines
 * (its line, end_line and quote_line, when not 0). meta_changed says
 * whether the meta differs. */
typedef struct {
    int32_t first;
    int32_t last;
    int outline_changed;
    size_t item_first;
    size_t item_removed;
    size_t item_added;
    int32_t line_shift;
    int meta_changed;
    /* Where the edits since the previous update were, in post-edit 0-based
     * lines [edit_first, edit_last): every inserted or replaced line; a
     * deletion leaves an empty range at the point where it joined lines.
     * edit_first > edit_last when nothing was edited. */
    int32_t edit_first, edit_last;
} bl_change;

typedef struct bl_doc bl_doc;

/* Creates an empty doc. Borrows vocab, which must outlive the doc (NULL:
 * the built-in vocabulary). Returns NULL when out of memory. */
bl_doc *bl_doc_new(const bl_vocab *vocab);
void bl_doc_free(bl_doc *doc);

/* Replaces lines [first, last) (0-based; last = -1 means to the end) with
 * n new lines, as Neovim's nvim_buf_lines_event describes an edit. Copies
 * the texts (texts[i] need not be NUL-terminated; lens[i] bytes are
 * read). A trailing "\r" is kept as written. Returns 0 or a BL_E* code, in
 * which case the doc is unchanged. Marks the doc dirty; call
 * bl_doc_update() before reading results. */
int bl_doc_replace(bl_doc *doc, int32_t first, int32_t last, size_t n, const char *const *texts,
                   const size_t *lens);

/* Loads a whole buffer of text, split at "\n" (a final "\n" ends the last
 * line, it does not start another). Borrows buf for the call only. */
int bl_doc_set_text(bl_doc *doc, const char *buf, size_t len);

/* Like bl_doc_set_text() but takes ownership of buf (malloc'ed, len
 * bytes), so a large file is held once. buf is freed on failure too. */
int bl_doc_take_text(bl_doc *doc, char *buf, size_t len);
/* The same when the caller has counted buf's lines already (as the CLI's
 * input scan does): lines is that count ("\n"-ended lines, and a last one
 * without it), which saves a pass over the text. A wrong count costs only
 * memory or a reallocation, never correctness. */
int bl_doc_take_lines(bl_doc *doc, char *buf, size_t len, int64_t lines);

/* Whether the doc keeps each soundbite's quote text in its item's `quote`
 * (keep != 0, the default). Without it a quote with text has the empty
 * string (rstr.h's bl_rstr_empty()) and one without has NULL, as ever;
 * every other field is the same, quote_line and the quote columns
 * included. For readers that never show the text (the CLI's outline,
 * lint, folds, highlights): a bulletin's quotes are a fifth of its bytes.
 * Set it before the first update. */
void bl_doc_set_quote_text(bl_doc *doc, int keep);

/* Re-derives everything that the edits since the last update affect.
 * Fills *change when change is not NULL. Returns 0 or BL_ENOMEM. */
int bl_doc_update(bl_doc *doc, bl_change *change);

int32_t bl_doc_line_count(const bl_doc *doc);
/* Borrowed text of 0-based line i (not NUL-terminated), its length. */
const char *bl_doc_line(const bl_doc *doc, int32_t i, size_t *len);
bl_line_kind bl_doc_line_kind(const bl_doc *doc, int32_t i);
/* The cached context-free analysis of line i (borrowed), NULL if none. */
const bl_lineinfo *bl_doc_line_info(const bl_doc *doc, int32_t i);

const bl_item *bl_doc_items(const bl_doc *doc, size_t *n);
/* The index of the first of items[0, n) (in line order, as bl_doc_items()
 * gives them) whose 1-based line is >= line; n when none: bisection. */
size_t bl_items_from_line(const bl_item *items, size_t n, int32_t line);
const bl_meta *bl_doc_meta(const bl_doc *doc);
/* Fold level (0..3) of 0-based line i. */
int bl_doc_fold_level(const bl_doc *doc, int32_t i);
/* A line's fold value: its level (0..3), plus BL_FOLD_START when an
 * outline item whose fold starts there starts on it (a story, a section,
 * or a soundbite of two or more lines). */
#define BL_FOLD_START 4
int bl_doc_fold_value(const bl_doc *doc, int32_t i);
/* Highlight spans of 0-based lines [first, last), in line order. The array
 * is borrowed from a scratch buffer in the doc: valid until the next call
 * of bl_doc_spans() or any edit. Returns NULL with *n = 0 when out of
 * memory or when there are none. */
const bl_span *bl_doc_spans(bl_doc *doc, int32_t first, int32_t last, size_t *n);
/* The bytes the doc holds for line texts: allocated (the blocks of large
 * replaces, single lines, the text of bl_doc_take_text()) and live (len + 1
 * of every line). Blocks are compacted as lines go, so allocated stays
 * within 4x live plus a constant (256 KiB) after any sequence of
 * bl_doc_replace() calls on a doc not loaded by bl_doc_take_text() /
 * bl_doc_set_text() (that text is kept whole until the next load; the CLI
 * loads once and does not edit). O(lines); for tests and diagnostics. */
void bl_doc_text_bytes(const bl_doc *doc, size_t *allocated, size_t *live);

const bl_vocab *bl_doc_vocab(const bl_doc *doc);

const char *bl_form_name(bl_form form);
const char *bl_hl_group_name(bl_hl_group group);
