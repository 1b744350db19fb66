#include "sarif.h"

#include <string.h>

#include "cli.h"
#include "emit.h"
#include "error.h"
#include "lintcode.h"
#include "sticky.h"

static const char *level_of(uint8_t sev) {
    return sev == BL_SEV_ERROR ? "error" : sev == BL_SEV_WARNING ? "warning" : "note";
}

int bl_sarif_begin(FILE *out) {
    bl_sticky w = {out, 0};
    bl_sticky_put(
        &w, "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", "
            "\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"bulletin\", "
            "\"version\": \"" BL_CLI_VERSION "\", \"rules\": [");
    for (size_t i = 0; i < bl_lintcode_count(); i++) {
        const bl_lintcode *c = bl_lintcode_at(i);
        bl_sticky_put(&w, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
        bl_sticky_json(&w, c->name);
        bl_sticky_put(&w, ", \"shortDescription\": {\"text\": ");
        bl_sticky_json(&w, c->description);
        bl_sticky_put(&w, "}, \"defaultConfiguration\": {\"level\": \"");
        bl_sticky_put(&w, level_of((uint8_t)c->severity));
        bl_sticky_put(&w, "\"}}");
    }
    bl_sticky_put(&w, "]}}, \"columnKind\": \"unicodeCodePoints\", \"results\": [");
    return w.rc;
}

/* The URI of a FILE operand: unreserved bytes and "/" as they are, every
 * other byte percent-encoded; "-" is "stdin". */
static void uri(bl_sticky *w, const char *file) {
    static const char hex[] = "0123456789ABCDEF";
    if (strcmp(file, "-") == 0 || strcmp(file, "<stdin>") == 0) {
        bl_sticky_put(w, "\"stdin\"");
        return;
    }
    bl_sticky_put(w, "\"");
    for (const unsigned char *p = (const unsigned char *)file; *p && w->rc == 0; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL;
        if (plain) {
            if (fputc(*p, w->out) == EOF)
                w->rc = BL_EIO;
        } else if (fprintf(w->out, "%%%c%c", hex[*p >> 4], hex[*p & 15]) < 0) {
            w->rc = BL_EIO;
        }
    }
    bl_sticky_put(w, "\"");
}

/* The length of the well-formed UTF-8 sequence at s[i, len), or 1 for a
 * byte that does not start one. */
static size_t seq_len(const unsigned char *s, size_t i, size_t len) {
    unsigned b = s[i];
    size_t k = b >= 0xC2 && b < 0xE0   ? 2
               : b >= 0xE0 && b < 0xF0 ? 3
               : b >= 0xF0 && b < 0xF5 ? 4
                                       : 1;
    if (i + k > len)
        return 1;
    for (size_t j = 1; j < k; j++)
        if ((s[i + j] & 0xC0) != 0x80)
            return 1;
    return k;
}

/* The 1-based code point column of byte col on s[0, len): the code points
 * before it (a byte that is not UTF-8 counts as one), plus one. */
static unsigned long long column(const char *s, size_t len, size_t col) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned long long n = 1;
    size_t i = 0;
    while (i < col && i < len) {
        i += seq_len(p, i, len);
        n++;
    }
    if (col > len)
        n += col - len;
    return n;
}

int bl_sarif_file(FILE *out, const bl_doc *doc, const bl_diags *diags, const char *file,
                  size_t *count) {
    bl_sticky w = {out, 0};
    for (size_t i = 0; i < diags->n; i++) {
        const bl_diag *d = &diags->v[i];
        size_t len = 0;
        const char *line = bl_doc_line(doc, d->line, &len);
        if (line == NULL)
            len = 0;
        bl_sticky_put(&w, (*count)++ ? ",\n  {\"ruleId\": " : "\n  {\"ruleId\": ");
        bl_sticky_json(&w, d->code);
        int k = bl_lintcode_index(d->code);
        if (k >= 0) {
            bl_sticky_put(&w, ", \"ruleIndex\": ");
            bl_sticky_num(&w, (unsigned long long)k);
        }
        bl_sticky_put(&w, ", \"level\": \"");
        bl_sticky_put(&w, level_of(d->severity));
        bl_sticky_put(&w, "\", \"message\": {\"text\": ");
        bl_sticky_json(&w, d->message);
        bl_sticky_put(
            &w, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
        uri(&w, file);
        bl_sticky_put(&w, "}, \"region\": {\"startLine\": ");
        bl_sticky_num(&w, (unsigned long long)d->line + 1);
        bl_sticky_put(&w, ", \"startColumn\": ");
        bl_sticky_num(&w, column(line, len, d->col));
        bl_sticky_put(&w, ", \"endColumn\": ");
        bl_sticky_num(&w, column(line, len, d->end_col > d->col ? d->end_col : d->col));
        bl_sticky_put(&w, "}}}]}");
    }
    return w.rc;
}

int bl_sarif_end(FILE *out, size_t count) {
    bl_sticky w = {out, 0};
    bl_sticky_put(&w, count ? "\n]}]}\n" : "]}]}\n");
    return w.rc;
}
