/* Unit-test suites and shared helpers (Check).
 *
 * Every test runs with checked fixtures (ut_setup / ut_teardown): objects
 * obtained through the ut_* helpers are tracked and freed by the teardown,
 * which Check runs even when an assertion fails, so that the suites stay
 * leak-free under ASan with CK_FORK=no. */
#pragma once

#include <check.h>
#include <stddef.h>

#include "doc.h"
#include "lint.h"
#include "vocab.h"

Suite *forms_suite(void);
Suite *titles_suite(void);
Suite *structure_suite(void);
Suite *meta_suite(void);
Suite *highlight_suite(void);
Suite *lint_suite(void);
Suite *vocab_suite(void);
Suite *incremental_suite(void);
Suite *hostile_suite(void);
Suite *protocol2_suite(void);
Suite *lineinfo_suite(void);
Suite *near_suite(void);
Suite *memory_suite(void);
Suite *oom_suite(void);
Suite *dialect_suite(void);
Suite *arrive_suite(void);
Suite *arrive2_suite(void);
Suite *timing_suite(void);
Suite *fix_suite(void);
Suite *spkindex_suite(void);
Suite *typos_suite(void);
Suite *lintcode_suite(void);

/* Fixture and tracked resources. */
void ut_setup(void);
void ut_teardown(void);
/* A test case with the fixture and the given timeout (seconds, fork mode). */
TCase *ut_tcase(const char *name, double timeout);

/* Tracks p (malloc'ed) for the teardown; returns p. */
void *ut_keep(void *p);
/* A doc with the built-in vocabulary (vocab NULL) or vocab, loaded from
 * text and updated; asserts success. */
bl_doc *ut_doc(const char *text);
bl_doc *ut_doc_v(const bl_vocab *vocab, const char *text);
bl_doc *ut_doc_n(const bl_vocab *vocab, const char *buf, size_t len);
/* An empty doc (not loaded), tracked. */
bl_doc *ut_doc_empty(const bl_vocab *vocab);
bl_vocab *ut_vocab(void);
/* bl_vocab_match() by a scan of every entry: the reference for its index. */
const bl_vocab_entry *ut_vocab_match_ref(const bl_vocab *v, const char *s, size_t len,
                                         size_t *matched);
/* Lint diagnostics of doc, tracked. */
bl_diags *ut_lint(bl_doc *doc);

/* Items: count of a kind, the k-th (0-based) of a kind (asserts it exists),
 * the item of a kind whose line is line (1-based) or NULL. */
size_t ut_count(const bl_doc *doc, bl_item_kind kind);
const bl_item *ut_nth(const bl_doc *doc, bl_item_kind kind, size_t k);
const bl_item *ut_at(const bl_doc *doc, bl_item_kind kind, int32_t line);
/* The only quote item of the doc (asserts there is exactly one). */
const bl_item *ut_one_quote(const bl_doc *doc);

/* Items, meta and fold levels as one string (tracked), for comparing an
 * incrementally edited doc with a fresh one. */
const char *ut_serialize(const bl_doc *doc);
/* The outline only (items and meta), tracked. */
const char *ut_outline(const bl_doc *doc);

/* One random edit of a doc of n lines, drawn from the xorshift64 state *x
 * (advanced once): lines [first, last) (last - first < spans) are replaced
 * by k lines (0 to 3; none once the doc has more than cap lines) taken
 * from pool[0, np). txt/len point into pool. */
typedef struct {
    int32_t first, last;
    size_t k;
    const char *txt[4];
    size_t len[4];
} ut_edit;
void ut_random_edit(unsigned long long *x, int32_t n, int32_t spans, int32_t cap,
                    const char *const *pool, size_t np, ut_edit *e);

/* Diagnostics: how many with code (optionally on 0-based line, -1: any),
 * and the first with code (NULL if none). */
size_t ut_diag_count(const bl_diags *d, const char *code, int32_t line);
const bl_diag *ut_diag(const bl_diags *d, const char *code);
/* All diagnostics as "line:code" text (tracked), for failure messages. */
const char *ut_diag_list(const bl_diags *d);

/* Does any byte of s equal c? (NULL-safe) */
int ut_has_byte(const char *s, char c);

/* A vocabulary loaded from the .bulletinrc text rc, tracked (asserts
 * success); the error bl_vocab_load_text() gives for rc (asserts failure;
 * a static buffer). */
bl_vocab *ut_rc_vocab(const char *rc);
const char *ut_rc_error(const char *rc);
/* The span of group g on line (0-based) as "a-b", or "" if none (a
 * static buffer). */
const char *ut_span_of(bl_doc *d, int32_t line, bl_hl_group g);

/* Asserts that a multi-line quote starts with head and ends with tail and
 * carries no outer quote marks. */
#define UT_QUOTE_SPAN(it, head, tail)                                                              \
    do {                                                                                           \
        const char *q_ = (it)->quote;                                                              \
        ck_assert_ptr_nonnull(q_);                                                                 \
        size_t lq_ = strlen(q_), lh_ = strlen(head), lt_ = strlen(tail);                           \
        ck_assert_msg(lq_ >= lh_ && strncmp(q_, head, lh_) == 0, "quote '%s' should start '%s'",   \
                      q_, head);                                                                   \
        ck_assert_msg(lq_ >= lt_ && strcmp(q_ + lq_ - lt_, tail) == 0,                             \
                      "quote '%s' should end '%s'", q_, tail);                                     \
    } while (0)

/* Asserts every field of a quote item. NULL means JSON null. */
#define UT_QUOTE(it, FORM, SPEAKER, ROLE, LINE, QLINE, ELINE, QUOTE)                               \
    do {                                                                                           \
        const bl_item *ut_q_ = (it);                                                               \
        ck_assert_ptr_nonnull(ut_q_);                                                              \
        ck_assert_int_eq(ut_q_->kind, BL_ITEM_QUOTE);                                              \
        ck_assert_str_eq(bl_form_name((bl_form)ut_q_->form), bl_form_name(FORM));                  \
        ck_assert_pstr_eq(ut_q_->speaker, SPEAKER);                                                \
        ck_assert_pstr_eq(ut_q_->role, ROLE);                                                      \
        ck_assert_int_eq(ut_q_->line, LINE);                                                       \
        ck_assert_int_eq(ut_q_->quote_line, QLINE);                                                \
        ck_assert_int_eq(ut_q_->end_line, ELINE);                                                  \
        ck_assert_pstr_eq(ut_q_->quote, QUOTE);                                                    \
    } while (0)
