/* line: what one line is on its own, before any context.
 *
 * bl_line_analyze() looks at a single line and records its shape (blank,
 * meta, chrome, a known tag or label, a soundbite cue, a tag-shaped
 * unknown, ...) and the facts the structure pass needs (word count, final
 * punctuation, title and attribution candidates). The result depends only
 * on the line's bytes and the vocabulary, so the doc caches it per line and
 * recomputes it only for edited lines. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "vocab.h"

typedef enum {
    BL_SHAPE_BLANK,
    BL_SHAPE_DATE,        /* " date YYYY-MM-DD ..." header line */
    BL_SHAPE_STAMP,       /* 입력/수정 line, or "TITLE News Today 입력 ..." */
    BL_SHAPE_BARE_STAMP,  /* a bare ISO timestamp line */
    BL_SHAPE_CHROME,      /* web-page furniture */
    BL_SHAPE_TAG,         /* a known tag at line start (vocab entry) */
    BL_SHAPE_LABEL,       /* a known "Label:" at line start */
    BL_SHAPE_RADIO,       /* "[Sound bite: ...]" / "[Sound bites from ...]" */
    BL_SHAPE_BRACKET,     /* "[Name/Role: "quote..." */
    BL_SHAPE_UNKNOWN_TAG, /* "[" 1-4 words "]" at line start, not known */
    BL_SHAPE_MALFORMED,   /* "[LEAD", "LEAD]", "[ LEAD ]" */
    BL_SHAPE_TEXT,        /* anything else: see the flags */
    BL_SHAPE_TEMPLATE     /* a dialect's attribution template (§8) */
} bl_shape;

enum {
    BL_LF_HANGUL = 1u << 0,
    BL_LF_LATIN = 1u << 1,
    BL_LF_FINAL_PERIOD = 1u << 2,   /* last non-space char is '.' */
    BL_LF_FINAL_STOP = 1u << 3,     /* last non-space char is '.', '?' or '!' */
    BL_LF_CAPS = 1u << 4,           /* ALL-CAPS title shape (§3) */
    BL_LF_NUMBERED = 1u << 5,       /* "2. Title Words" shape (§3) */
    BL_LF_SLASH = 1u << 6,          /* "Name / Role" attribution shape (§4) */
    BL_LF_COLON = 1u << 7,          /* "Name (Role): quote" shape */
    BL_LF_ANON = 1u << 8,           /* "(Source): quote" shape */
    BL_LF_CLOSES_BRACKET = 1u << 9, /* a bracket soundbite closes on the line (§7.10) */
    BL_LF_TAG_TYPO = 1u << 10       /* "[Soundbite]:" or "[Soundbite ..." (§7.9) */
};

/* Invariant: start <= end <= the line's length; tag_len > 0 only for TAG,
 * LABEL, RADIO, UNKNOWN_TAG and MALFORMED lines, and DATE lines that carry
 * a tag after the date. 16 bytes: the doc keeps one per line. */
typedef struct {
    uint32_t start;      /* first non-space byte */
    uint32_t end;        /* end of content: trailing spaces and "\r" excluded */
    uint16_t tag_len;    /* bytes of the tag (a longer "tag" is no tag) */
    uint8_t tag_gap;     /* tag start - start (a DATE line's tag follows the date) */
    uint8_t words;       /* whitespace-separated words, capped at 255 */
    unsigned shape : 4;  /* bl_shape */
    unsigned flags : 12; /* BL_LF_* */
    signed entry : 14;   /* vocab entry index of a TAG/LABEL, -1 if none */
    unsigned role : 2;   /* bl_tag_role of the entry */
} bl_lineinfo;

/* Byte offsets of the tag on its line, end exclusive. */
static inline uint32_t bl_tag_start(const bl_lineinfo *li) {
    return li->start + li->tag_gap;
}
static inline uint32_t bl_tag_end(const bl_lineinfo *li) {
    return li->tag_len ? li->start + li->tag_gap + li->tag_len : 0;
}

/* Analyzes one line (s need not be NUL-terminated). Borrows vocab. */
void bl_line_analyze(const bl_vocab *vocab, const char *s, size_t len, bl_lineinfo *out);

/* Shared lexical helpers (used by the parser and the lint rules). */

/* Decodes one UTF-8 code point at s[*i] (i < len), advancing *i; invalid
 * bytes decode as U+FFFD one byte at a time. */
uint32_t bl_utf8_next(const char *s, size_t len, size_t *i);
int bl_is_hangul(uint32_t cp);
/* 1 if the code point at s[i] is a quote mark (", “, ”); *n = bytes.
 * Inline: the lint pass asks it of every byte of every line. */
static inline int bl_quote_mark_at(const char *s, size_t len, size_t i, size_t *n) {
    if (i < len && s[i] == '"') {
        *n = 1;
        return 1;
    }
    /* “ ” are E2 80 9C / 9D. */
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80) {
        unsigned char c = (unsigned char)s[i + 2];
        if (c == 0x9C || c == 0x9D) {
            *n = 3;
            return 1;
        }
    }
    return 0;
}
/* §7.3 whitespace at s[i] (i < len): space, TAB, CR, FF, VT, U+00A0,
 * U+2007, U+202F, U+3000. Returns its bytes, 0 if none. */
size_t bl_ws_at(const char *s, size_t len, size_t i);
/* §7.4 invisible character at s[i]: U+200B, U+200C, U+200D, U+2060,
 * U+FEFF. Returns its bytes, 0 if none. */
size_t bl_invisible_at(const char *s, size_t len, size_t i);
/* Either of the two: what classification skips. Returns its bytes. */
static inline size_t bl_skip_at(const char *s, size_t len, size_t i) {
    if (i < len && (unsigned char)s[i] < 0x80)
        return s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v';
    size_t n = bl_ws_at(s, len, i);
    return n ? n : bl_invisible_at(s, len, i);
}
/* 1 if a skippable character (bl_skip_at) ends just before b, not before
 * a; its bytes in *n. */
int bl_skip_before(const char *s, size_t a, size_t b, size_t *n);
/* Narrows s[*a, *b) by the skippable characters at both ends. */
void bl_trim(const char *s, size_t *a, size_t *b);
/* Words of s[a, b) (separated by whitespace and invisible characters). */
size_t bl_count_words(const char *s, size_t a, size_t b);
/* 1 if s[a, b) is a Name (§4): 1-6 words, each starting with an upper-case
 * letter or digit, or an honorific ("Sen."); '&' may join two names; or
 * 1-3 words of Hangul (§7.7). */
int bl_is_name(const char *s, size_t a, size_t b);
/* 1 if s[a, b) can be the speaker of a tagged soundbite (§7.7): 1-8
 * words, whatever their script or case, and no quote mark. */
int bl_is_speaker(const char *s, size_t a, size_t b);
/* Index of the ']' at which s[a, b) closes a bracket, depth brackets
 * being open before a (0: s[a] is the '['); b if it does not close. */
size_t bl_close_bracket(const char *s, size_t a, size_t b, int depth);
/* The ':' of a bracket soundbite "[Speaker/Role: quote" whose '[' is at
 * s[a] and whose bracket closes at close (or the line ends there): the
 * first ':' followed by a quote mark, else a quote-less one (§7.9); close
 * when there is none. */
size_t bl_bracket_colon(const char *s, size_t a, size_t close);
/* Index of the ')' closing the '(' at s[open] within [open, end), nested;
 * returns end when it is missing. */
size_t bl_match_paren(const char *s, size_t open, size_t end);
