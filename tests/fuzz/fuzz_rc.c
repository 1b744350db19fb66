/* libFuzzer harness: the `.bulletinrc` parser and what a hostile
 * vocabulary does to the document model and lint.
 *
 * Input: byte 0 flags, then the .bulletinrc text up to the first
 * "\0\0\0" (NUL bytes before that are part of it), then a document (its
 * first 64 lines are used: the unknown-tag search costs a table per
 * vocabulary entry and line, issue 13 item 1). Checked:
 *   - bl_vocab_load_text() returns 0 or a BL_E* code; on BL_EINVAL the
 *     message is "LINE: ..." with LINE a line of the text; the message is
 *     NUL-terminated inside errlen (0, 1, 9 or 256 bytes, by a flag) and
 *     nothing past errlen is written;
 *   - bl_vocab_load_file() on the same bytes in a file (flag bits 2 and
 *     3 set) gives the same code, the same entries and the message
 *     "PATH:" + the text's message;
 *   - the vocabulary keeps its invariants: at most BL_VOCAB_MAX_ENTRIES
 *     entries, each spelling non-empty, at most BL_VOCAB_MAX_SPELLING
 *     bytes, without ',', '#', "\n" and surrounding blanks, role in range,
 *     no two entries with the same spelling and kind;
 *   - loading the same text again changes nothing (same code, same count);
 *   - bl_vocab_parse_key() on the text's first line: the family fits
 *     famcap, NUL-terminated;
 *   - with that vocabulary, the document updates and lints without error;
 *     bl_vocab_match() finds only what is there (an exact spelling, or a
 *     '*' spelling's prefix and suffix around 1+ bytes), the longest of the
 *     spellings that end in a closing mark;
 *   - a dialect's attribution template (§8) gives extents inside the line,
 *     in order, a speaker of 1-8 words; the dialect settings survive a
 *     second load unchanged (templates, date lines, chrome words);
 *     bl_vocab_nearest() returns NULL or a bracketed spelling of the
 *     vocabulary;
 *   - no crash, leak or undefined behaviour. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "error.h"
#include "fuzzcheck.h"
#include "lint.h"
#include "vocab.h"

#define DOC_LINES 64

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/fuzz_rc.%ld.bulletinrc", dir, (long)getpid());
    return 0;
}

static _Noreturn void fail(const char *what, const char *s) {
    fprintf(stderr, "\nBROKEN PROMISE: %s: '%s'\n", what, s ? s : "(null)");
    abort();
}

static int known_code(int rc) {
    return rc == BL_OK || rc == BL_ENOMEM || rc == BL_EINVAL || rc == BL_ETOOBIG;
}

static void check_vocab(const bl_vocab *v) {
    size_t n = bl_vocab_count(v);
    if (n > BL_VOCAB_MAX_ENTRIES)
        fail("more entries than BL_VOCAB_MAX_ENTRIES", "");
    for (size_t i = 0; i < n; i++) {
        const bl_vocab_entry *e = bl_vocab_entry_at(v, i);
        const char *s = e->spelling;
        size_t len = strlen(s);
        if (len == 0 || len > BL_VOCAB_MAX_SPELLING)
            fail("spelling empty or too long", s);
        if (strpbrk(s, ",#\n") != NULL)
            fail("spelling holds a separator", s);
        /* (a label's trailing blanks may stand before its colon: "Host :") */
        if (s[0] == ' ' || s[0] == '\t' ||
            (!e->is_label && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')))
            fail("spelling not trimmed", s);
        if (e->role >= BL_ROLE_COUNT || bl_vocab_family_name(v, e->family) == NULL)
            fail("role or family out of range", s);
        /* Distinct (spelling, is_label): checked against the later ones
         * only for small vocabularies (quadratic). */
        for (size_t k = i + 1; n <= 512 && k < n; k++) {
            const bl_vocab_entry *f = bl_vocab_entry_at(v, k);
            if (f->is_label == e->is_label && strcmp(f->spelling, s) == 0)
                fail("two entries with one spelling", s);
        }
    }
}

static void same_vocab(const bl_vocab *a, const bl_vocab *b) {
    if (bl_vocab_count(a) != bl_vocab_count(b))
        fail("text and file give different entry counts", "");
    for (size_t i = 0; i < bl_vocab_count(a); i++) {
        const bl_vocab_entry *e = bl_vocab_entry_at(a, i), *f = bl_vocab_entry_at(b, i);
        if (strcmp(e->spelling, f->spelling) != 0 || e->role != f->role ||
            e->is_label != f->is_label ||
            strcmp(bl_vocab_family_name(a, e->family), bl_vocab_family_name(b, f->family)) != 0)
            fail("text and file give different entries", e->spelling);
    }
}

/* After a failure err[0, errlen) must hold a NUL; err[errlen, 300) is
 * never touched. */
static void check_err(const char *err, size_t errlen, int failed) {
    if (failed && errlen > 0 && memchr(err, '\0', errlen) == NULL)
        fail("error message not NUL-terminated within errlen", "");
    for (size_t i = errlen; i < 300; i++)
        if ((unsigned char)err[i] != 0xA5)
            fail("error message written past errlen", "");
}

static void use_vocab(const bl_vocab *v, const char *text, size_t len) {
    /* The first DOC_LINES lines of the document. */
    size_t end = 0;
    for (int lines = 0; end < len && lines < DOC_LINES; end++)
        lines += text[end] == '\n';
    bl_doc *d = bl_doc_new(v);
    if (d == NULL)
        abort();
    if (bl_doc_set_text(d, text, end) != 0 || bl_doc_update(d, NULL) != 0)
        fail("a document does not load with this vocabulary", "");
    bl_diags diags = {0};
    if (bl_lint_run(d, &diags) != 0)
        fail("lint fails with this vocabulary", "");
    bl_diags_free(&diags);
    int32_t n = bl_doc_line_count(d);
    for (int32_t i = 0; i < n; i++) {
        size_t ll, m;
        const char *s = bl_doc_line(d, i, &ll);
        while (ll > 0 && (*s == ' ' || *s == '\t'))
            s++, ll--;
        const bl_vocab_entry *e = bl_vocab_match(v, s, ll, &m);
        if (e != NULL) {
            size_t sl = strlen(e->spelling);
            if (e->star) {
                size_t p = (size_t)e->star - 1, xl = sl - p - 1;
                if (m > ll || m < sl || memcmp(s, e->spelling, p) != 0 ||
                    memcmp(s + m - xl, e->spelling + p + 1, xl) != 0)
                    fail("bl_vocab_match() matched a '*' spelling that is not there", e->spelling);
            } else if (m != sl + (e->is_label ? 1 : 0) || m > ll ||
                       memcmp(s, e->spelling, sl) != 0 || (e->is_label && s[sl] != ':')) {
                fail("bl_vocab_match() matched what is not there", e->spelling);
            }
            /* Longest match: no exact spelling ending in a closing mark
             * (always a whole marker, §8) matches more. */
            for (size_t k = 0; k < bl_vocab_count(v) && k < 512; k++) {
                const bl_vocab_entry *f = bl_vocab_entry_at(v, k);
                size_t fl = strlen(f->spelling), need = fl + (f->is_label ? 1 : 0);
                if (f->star || f->is_label || strchr("])>", f->spelling[fl - 1]) == NULL)
                    continue;
                if (need > m && need <= ll && memcmp(s, f->spelling, fl) == 0)
                    fail("bl_vocab_match() did not take the longest match", f->spelling);
            }
        } else if (m != 0) {
            fail("bl_vocab_match() set matched without a match", "");
        }
        const bl_lineinfo *li = bl_doc_line_info(d, i);
        bl_tmpl_hit hit;
        size_t full;
        const char *line = bl_doc_line(d, i, &full);
        int t =
            li->start < li->end ? bl_vocab_template_find(v, line, li->start, li->end, &hit) : -1;
        if (t >= 0) {
            if (hit.sp_a > hit.sp_b || hit.role_a > hit.role_b || hit.q_a > hit.q_b ||
                hit.sp_b > li->end || hit.role_b > li->end || hit.q_b > li->end ||
                (hit.sp_b > hit.sp_a && hit.sp_a < li->start) || hit.end > li->end)
                fail("template extents outside the line", bl_vocab_template_at(v, (size_t)t)->src);
        }
        if (ll > 0 && s[0] == '[') {
            size_t close = 1;
            while (close < ll && s[close] != ']')
                close++;
            const char *near = bl_vocab_nearest(v, s, close < ll ? close + 1 : ll);
            if (near != NULL) {
                int found = 0;
                for (size_t k = 0; k < bl_vocab_count(v) && !found; k++)
                    found = bl_vocab_entry_at(v, k)->spelling == near;
                if (!found || near[0] != '[')
                    fail("bl_vocab_nearest() gave what is not a bracketed tag", near);
            }
        }
    }
    bl_doc_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    const char *rc = (const char *)data + 1;
    size_t rlen = size - 1, dlen = 0;
    const char *doc = "";
    for (size_t i = 0; i + 2 < rlen; i++) {
        if (rc[i] == 0 && rc[i + 1] == 0 && rc[i + 2] == 0) {
            doc = rc + i + 3;
            dlen = rlen - i - 3;
            rlen = i;
            break;
        }
    }
    static const size_t errlens[] = {0, 1, 9, 256};
    size_t errlen = errlens[flags & 3];
    char err[300];
    memset(err, 0xA5, sizeof err);

    bl_vocab *v = bl_vocab_new();
    if (v == NULL)
        abort();
    size_t builtin = bl_vocab_count(v);
    int r = bl_vocab_load_text(v, rc, rlen, errlen ? err : NULL, errlen);
    if (!known_code(r))
        fail("bl_vocab_load_text() returned an unknown code", "");
    check_err(err, errlen, r != 0);
    if (r != 0 && errlen == 256) {
        /* "LINE: message", LINE within the text. */
        char *colon = NULL;
        unsigned long line = strtoul(err, &colon, 10);
        size_t lines = 1;
        for (size_t i = 0; i < rlen; i++)
            lines += rc[i] == '\n';
        if (r != BL_ENOMEM && (colon == err || colon[0] != ':' || line < 1 || line > lines))
            fail("error message is not 'LINE: message'", err);
    }
    if (r == 0 && bl_vocab_count(v) < builtin)
        fail("loading lost built-in entries", "");
    check_vocab(v);

    /* The same again changes nothing. */
    if (r == 0) {
        size_t count = bl_vocab_count(v), nt = bl_vocab_template_count(v),
               nd = bl_vocab_dateline_count(v), nc = bl_vocab_chrome_count(v);
        if (bl_vocab_load_text(v, rc, rlen, NULL, 0) != 0 || bl_vocab_count(v) != count ||
            bl_vocab_template_count(v) != nt || bl_vocab_dateline_count(v) != nd ||
            bl_vocab_chrome_count(v) != nc)
            fail("loading the same text twice changed the vocabulary", "");
    }

    /* Through a file, as the CLI and the helper read it (flag bit 2). */
    if ((flags & 12) == 12) { /* a quarter: the 1 MiB read buffer costs mmap/munmap */
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || write(fd, rc, rlen) != (ssize_t)rlen || close(fd) != 0)
            abort();
        bl_vocab *w = bl_vocab_new();
        char ferr[512] = "", terr[256] = "";
        bl_vocab *t = bl_vocab_new();
        if (w == NULL || t == NULL)
            abort();
        int rf = bl_vocab_load_file(w, path, ferr, sizeof ferr);
        int rt = bl_vocab_load_text(t, rc, rlen, terr, sizeof terr);
        unlink(path);
        if (rf != rt)
            fail("bl_vocab_load_file() and _text() disagree", ferr);
        same_vocab(t, w);
        if (rt != 0) {
            char want[512];
            snprintf(want, sizeof want, "%s:%s", path, terr);
            if (strcmp(want, ferr) != 0)
                fail("file error is not PATH:LINE: message", ferr);
        }
        bl_vocab_free(w);
        bl_vocab_free(t);
    }

    /* bl_vocab_parse_key() on the first line, with a small famcap. */
    {
        size_t kl = 0;
        while (kl < rlen && rc[kl] != '\n' && rc[kl] != '=')
            kl++;
        char fam[300];
        memset(fam, 0xA5, sizeof fam);
        size_t famcap = 1 + (size_t)(flags >> 4);
        int is_label;
        bl_tag_role role;
        int pr = bl_vocab_parse_key(rc, kl, fam, famcap, &is_label, &role);
        if (pr == 0 && (memchr(fam, '\0', famcap) == NULL || (unsigned)role >= BL_ROLE_COUNT))
            fail("bl_vocab_parse_key(): family not NUL-terminated or role out of range", "");
        for (size_t i = famcap; i < sizeof fam; i++)
            if ((unsigned char)fam[i] != 0xA5)
                fail("bl_vocab_parse_key() wrote past famcap", "");
    }

    use_vocab(v, doc, dlen);
    bl_vocab_free(v);
    return 0;
}
