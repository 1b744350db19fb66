/* timing: on-air read time of stories, sections and soundbites (issue 10;
 * doc/FORMAT.md "Timing").
 *
 * Counting. A word is a maximal run of characters that are neither §7
 * whitespace nor §7 invisible characters, holding at least one letter or
 * digit that is not a Hangul syllable; a Hangul syllable (U+AC00-U+D7A3)
 * counts as one syllable wherever it stands ("KBS뉴스" is one word and two
 * syllables, "서울에서" four syllables and no word). Letters and digits:
 * ASCII letters and digits, and every code point from U+00C0 on except
 * U+00D7, U+00F7, U+2000-U+2BFF (punctuation, symbols, arrows),
 * U+3000-U+303F (CJK punctuation), U+FE30-U+FE4F, U+FF00-U+FF0F,
 * U+FF1A-U+FF20 and U+FFFD.
 *
 * What counts: narration is the text of a section's lines of kind
 * BL_LINE_BODY and the text after the tag or label on its opening line;
 * a soundbite's quote text (its item's quote extents) is read at the
 * soundbite rate. Titles, tags, meta, chrome and attribution lines do not
 * count. Narration of a story outside any section counts for the story.
 *
 * Read time of an item's own text, in milliseconds, each term rounded to
 * the nearest ms: words * 60000 / rate (narration or soundbite) +
 * syllables * 60000 / hangul rate. A soundbite's time is its own; a
 * section's is its own narration plus its soundbites; a story's its own
 * narration plus its sections and soundbites; the bulletin's the sum of its
 * stories (and of items before the first story, none in practice).
 *
 * Declared durations: "(M:SS)" at the end of a section's tag line
 * ("[REPORT] (1:45)") or of a soundbite's attribution line whose quote
 * starts on a later line ("Kang Yu-jung / Spokesperson (0:12)") replaces
 * the estimate of that item (and of everything inside it).
 *
 * Incremental: a bl_timing keeps one record per outline item, parallel to
 * bl_doc_items(). bl_timing_update() with the bl_change of the doc's last
 * update splices the records as the items were spliced and recounts only
 * the items the change touches (the lines of [first, last) and the spliced
 * items), then re-adds the aggregates in one pass over the records.
 *
 * Ownership: a bl_timing owns its records; it borrows the doc for the
 * call only. Errors are negative BL_E* codes. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

#define BL_TIMING_WPM 180u        /* narration, words per minute */
#define BL_TIMING_SB_WPM 160u     /* soundbite quotes, words per minute */
#define BL_TIMING_HANGUL_SPM 300u /* Hangul syllables per minute */
#define BL_TIMING_MAX_RATE 10000u /* a rate is 1..this */
/* The longest M:SS: 9999:59. */
#define BL_TIMING_MAX_MS ((int64_t)(9999 * 60 + 59) * 1000)

/* Rates and targets. A 0 rate means the default; a target < 0 means none. */
typedef struct {
    uint32_t wpm;
    uint32_t sb_wpm;
    uint32_t hangul_spm;
    int64_t target_ms;       /* the bulletin's slot */
    int64_t story_target_ms; /* every story's slot */
} bl_timing_opts;

/* One item's numbers. */
typedef struct {
    uint32_t words;     /* words read in the item and inside it */
    uint32_t syllables; /* Hangul syllables read in it and inside it */
    int64_t ms;         /* its read time (declared or estimated) */
    int64_t declared;   /* its declared duration in ms, -1 if none */
} bl_timing_item;

typedef struct bl_timing bl_timing;

/* Default rates, no targets. */
void bl_timing_opts_default(bl_timing_opts *o);
/* The rates and targets a vocabulary's .bulletinrc sets (timing.* keys),
 * defaults for the rest; vocab may be NULL. */
void bl_timing_opts_from_vocab(const bl_vocab *vocab, bl_timing_opts *o);

/* A new empty timing with opts (copied; NULL: defaults). NULL on OOM. */
bl_timing *bl_timing_new(const bl_timing_opts *opts);
void bl_timing_free(bl_timing *t);
/* Changes the rates and targets; the next update recounts everything. */
void bl_timing_set_opts(bl_timing *t, const bl_timing_opts *opts);
const bl_timing_opts *bl_timing_get_opts(const bl_timing *t);

/* Brings t up to date with doc after bl_doc_update(doc, change). change
 * NULL (or after a failure, or a first call): recounts every item.
 * Returns 0 or BL_ENOMEM (t is then empty and the next call recounts). */
int bl_timing_update(bl_timing *t, const bl_doc *doc, const bl_change *change);

/* Times only the items [first, first + count) of doc, a window of whole
 * stories (each item's descendants inside it): the records are then the
 * window's (record i is item first + i), the total the window's, and the
 * next bl_timing_update() recounts everything. For a writer that streams
 * story by story in memory bounded by the largest story. Returns 0,
 * BL_EINVAL (a window past the items) or BL_ENOMEM. */
int bl_timing_window(bl_timing *t, const bl_doc *doc, size_t first, size_t count);
/* Records parallel to bl_doc_items(): their count, and record i
 * (borrowed until the next update; NULL past the end). */
size_t bl_timing_count_items(const bl_timing *t);
const bl_timing_item *bl_timing_item_at(const bl_timing *t, size_t i);
/* The bulletin's read time in ms. */
int64_t bl_timing_total(const bl_timing *t);
/* Indexes of the items whose ms changed in the last update (as items of
 * the new array: the records move with the doc's item splice, new items
 * count as changed), in decreasing order; borrowed until the next update.
 * all is set when every item is to be taken as changed (a recount). */
const size_t *bl_timing_changed(const bl_timing *t, size_t *n, int *all);

/* Counts words and Hangul syllables of s[a, b) (the rules above). */
void bl_timing_count(const char *s, size_t a, size_t b, uint32_t *words, uint32_t *syllables);
/* Parses "M:SS" (M 0-9999, SS 00-59) of s[0, len) into ms. Returns 0 or
 * BL_EINVAL. */
int bl_timing_parse(const char *s, size_t len, int64_t *ms);
/* A declared duration "(M:SS)" ending s[a, b) (trailing whitespace
 * allowed): returns 1, its ms and where the '(' is (*at), else 0. */
int bl_timing_declared(const char *s, size_t a, size_t b, int64_t *ms, size_t *at);
/* Writes ms as "m:ss" (rounded to the nearest second; "-" before a
 * negative one) into buf (at least 16 bytes). */
void bl_timing_format(int64_t ms, char *buf, size_t size);
