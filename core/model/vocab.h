/* vocab: the tag vocabulary, as data.
 *
 * A bl_vocab maps exact spellings found at the start of a line ("[LEAD]",
 * "[Anchor Lead]", "<Anchor>", the label "Anchor:") to a role (lead,
 * report, soundbite, program) and a family (for the mixed-dialect lint).
 * The built-in families are those of BULLETIN-FORMAT.md §2; a newsroom adds
 * its own from a `.bulletinrc` file or from the plugin's setup().
 *
 * `.bulletinrc` syntax (a dialect, BULLETIN-FORMAT.md §8), one
 * `key = value` per line, `#` starts a comment:
 *
 *     dialect = mbc                     # a name, shown by `bulletin config`
 *     lead = [Intro], <Anchor>          # family "custom"
 *     report = [Reporter], ◀ Report ▶
 *     sbs.report = <Reporter *>         # '*': the rest of the marker
 *     soundbite = [SOT]
 *     program = [Evening News]
 *     label.lead = Host                 # unbracketed "Host:" labels
 *     label.report = Correspondent
 *     mbc.lead = <Anchor>               # FAMILY.ROLE: a named family
 *     attribution = [{speaker}/{role}]\n"{quote}"   # see tmpl.h
 *     implicit_lead = yes               # text before the first marker
 *     hangul_chrome = no                # Hangul-only lines are text
 *     chrome = 동영상, 공유하기          # lines that are (or start with) these
 *     dateline = %Y.%m.%d. %p %I:%M     # extra date-line shapes (tmpl.h)
 *     timing.target = 3:00              # the slot (timing.h); also
 *                                       # story_target, wpm, soundbite_wpm,
 *                                       # hangul_spm
 *
 * Tag values are comma-separated spellings, surrounding spaces trimmed.
 * A spelling is matched exactly: when it ends in a letter or digit, the
 * character after it on the line must not be one ("[Report" never matches
 * "[Reporter]"). One '*' in a spelling stands for one or more characters
 * up to the first occurrence of what follows the '*' (which must not be
 * empty): "<Reporter *>" matches "<Reporter Kim Min-ji>". Labels take no
 * '*'. attribution and dateline take one pattern per line (commas are
 * part of it); yes/no values also accept true/false, on/off, 1/0.
 * Ownership: a vocab owns copies of every string added. Pointers returned
 * by accessors are borrowed until bl_vocab_free(). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "dialect.h"
#include "tmpl.h"

typedef enum {
    BL_ROLE_LEAD,
    BL_ROLE_REPORT,
    BL_ROLE_SOUNDBITE,
    BL_ROLE_PROGRAM,
    BL_ROLE_COUNT
} bl_tag_role;

/* Invariant: spelling is non-empty; a label's spelling is its word(s)
 * without the colon ("Anchor"), a tag's spelling is the whole token. */
typedef struct {
    const char *spelling;
    uint8_t role;     /* bl_tag_role */
    uint8_t is_label; /* 1: "Spelling:" at line start, unbracketed */
    uint16_t family;  /* index for bl_vocab_family_name() */
    uint16_t star;    /* 1 + the offset of its '*', 0 for an exact spelling */
} bl_vocab_entry;

typedef struct bl_vocab bl_vocab;

#define BL_VOCAB_MAX_ENTRIES 4096u
#define BL_VOCAB_MAX_SPELLING 256u
#define BL_VOCAB_MAX_WILDCARDS 256u /* spellings with a '*' */
#define BL_VOCAB_MAX_TEMPLATES BL_DIALECT_MAX_TEMPLATES
#define BL_VOCAB_MAX_DATELINES BL_DIALECT_MAX_DATELINES
#define BL_VOCAB_MAX_CHROME BL_DIALECT_MAX_CHROME
#define BL_VOCAB_MAX_NAME BL_DIALECT_MAX_NAME

/* The built-in vocabulary. Returns NULL when out of memory. */
bl_vocab *bl_vocab_new(void);
void bl_vocab_free(bl_vocab *vocab);

/* Adds one spelling. family NULL means "custom". Returns 0, BL_EINVAL
 * (empty or over-long spelling, a misplaced '*'), BL_ETOOBIG (over
 * BL_VOCAB_MAX_ENTRIES or BL_VOCAB_MAX_WILDCARDS) or BL_ENOMEM. Adding an
 * existing spelling replaces its role. */
int bl_vocab_add(bl_vocab *vocab, const char *spelling, bl_tag_role role, int is_label,
                 const char *family);

/* Parses `.bulletinrc` text (borrowed for the call). On a bad line returns
 * BL_EINVAL and writes "LINE: message" to err (errlen bytes, may be 0);
 * lines before it are applied. */
int bl_vocab_load_text(bl_vocab *vocab, const char *text, size_t len, char *err, size_t errlen);
/* Applies one setting, the line `key = value` of `.bulletinrc` (both
 * borrowed; setup({vocab}) over RPC and the LSP's settings come this way,
 * so they follow the file's rules). On a bad setting returns as
 * bl_vocab_load_text() and writes the message alone (no line number) to
 * err. */
int bl_vocab_load_pair(bl_vocab *vocab, const char *key, const char *value, char *err,
                       size_t errlen);
/* Splits a vocabulary key of `.bulletinrc` or setup() ("lead",
 * "label.report", "mbc.lead", "mbc.label.lead") into its family (copied to
 * family, "" for none, at most famcap - 1 bytes), label flag and role.
 * Returns 0 or BL_EINVAL. */
int bl_vocab_parse_key(const char *key, size_t len, char *family, size_t famcap, int *is_label,
                       bl_tag_role *role);
/* Reads and parses a file (at most 1 MiB). Errors as bl_vocab_load_text()
 * but err reads "PATH:LINE: message" (or "PATH: cannot open" with
 * BL_EINVAL, "PATH: larger than 1 MiB" with BL_ETOOBIG). */
int bl_vocab_load_file(bl_vocab *vocab, const char *path, char *err, size_t errlen);
/* Finds `.bulletinrc` in the directory of doc_path or the nearest parent.
 * Writes its path to out and returns 0, or returns BL_EINVAL if none. */
int bl_vocab_find_rc(const char *doc_path, char *out, size_t outlen);

/* Matches a tag or label at the very start of s (the caller skips leading
 * whitespace), exactly as the syntax above says. Returns the entry or
 * NULL; *matched gets the bytes the tag takes (for a label, up to and
 * including the colon; for a '*' spelling, the whole marker). Longest match
 * wins, the first added among equals. Cost: one hash probe per distinct
 * spelling length up to the line's, plus the '*' spellings that share the
 * line's first two bytes. */
const bl_vocab_entry *bl_vocab_match(const bl_vocab *vocab, const char *s, size_t len,
                                     size_t *matched);
/* 1 if "[" + s[0, len) + "]" is an exact bracketed tag of the vocabulary,
 * ASCII case folded (one hash probe). */
int bl_vocab_known_ci(const bl_vocab *vocab, const char *s, size_t len);
/* The same for s[0, len) whose case-folded hash h is known: built a byte
 * at a time from BL_VOCAB_CI_SEED with bl_vocab_ci_step(), so that a scan
 * can ask of every prefix of a line in one pass. */
#define BL_VOCAB_CI_SEED 2166136261u /* FNV-1a's offset basis */
#define BL_VOCAB_FNV_PRIME 16777619u
static inline uint32_t bl_vocab_ci_step(uint32_t h, unsigned char c) {
    return (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * BL_VOCAB_FNV_PRIME;
}
int bl_vocab_known_ci_hash(const bl_vocab *vocab, const char *s, size_t len, uint32_t h);

/* The dialect settings (§8); see the syntax above. */
const char *bl_vocab_dialect(const bl_vocab *vocab); /* "" if none given */
int bl_vocab_implicit_lead(const bl_vocab *vocab);
int bl_vocab_hangul_chrome(const bl_vocab *vocab); /* 1 unless turned off */
/* All the dialect settings (timing.* among them), borrowed; NULL for a
 * NULL vocab (the built-in one's: defaults). */
const bl_dialect *bl_vocab_settings(const bl_vocab *vocab);
/* 1 if s[0, len) (trimmed) is a configured chrome word or starts with one
 * followed by a space. */
int bl_vocab_chrome_word(const bl_vocab *vocab, const char *s, size_t len);
/* 1 if s[a, b) fits a configured date-line shape; iso as
 * bl_dateline_match() (may be NULL). */
int bl_vocab_dateline(const bl_vocab *vocab, const char *s, size_t a, size_t b, char *iso);
size_t bl_vocab_template_count(const bl_vocab *vocab);
/* The first attribution template matching line s[a, b): its index is
 * returned; -1 if none. hit as bl_tmpl_match(). */
int bl_vocab_template_find(const bl_vocab *vocab, const char *s, size_t a, size_t b,
                           bl_tmpl_hit *hit);
const bl_tmpl *bl_vocab_template_at(const bl_vocab *vocab, size_t i);
size_t bl_vocab_chrome_count(const bl_vocab *vocab);
const char *bl_vocab_chrome_at(const bl_vocab *vocab, size_t i);
size_t bl_vocab_dateline_count(const bl_vocab *vocab);
const char *bl_vocab_dateline_at(const bl_vocab *vocab, size_t i);

size_t bl_vocab_count(const bl_vocab *vocab);
const bl_vocab_entry *bl_vocab_entry_at(const bl_vocab *vocab, size_t i);
const char *bl_vocab_family_name(const bl_vocab *vocab, uint16_t family);
const char *bl_role_name(bl_tag_role role);

/* The known bracketed tag nearest to s (edit distance, case-insensitive
 * match first), for the unknown-tag suggestion; NULL if none is close. */
const char *bl_vocab_nearest(const bl_vocab *vocab, const char *s, size_t len);
