#include "showcfg.h"

#include <string.h>

#include "error.h"

/* Writes s with control characters as '?'. */
static void put_clean(FILE *out, const char *s) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
    }
}

static void put_line(FILE *out, const char *key, const char *val) {
    fputs(key, out);
    fputs(" = ", out);
    put_clean(out, val);
    fputc('\n', out);
}

/* One line per family for role / label: "FAMILY.ROLE = a, b". */
static void put_role(FILE *out, const bl_vocab *v, bl_tag_role role, int label) {
    size_t n = bl_vocab_count(v);
    for (size_t i = 0; i < n; i++) {
        const bl_vocab_entry *e = bl_vocab_entry_at(v, i);
        if (e->role != role || e->is_label != label)
            continue;
        int first = 1; /* the first entry of its family: opens the line */
        for (size_t j = 0; j < i && first; j++) {
            const bl_vocab_entry *p = bl_vocab_entry_at(v, j);
            first = !(p->role == role && p->is_label == label && p->family == e->family);
        }
        if (!first)
            continue;
        const char *fam = bl_vocab_family_name(v, e->family);
        if (strcmp(fam, "custom") != 0) {
            put_clean(out, fam);
            fputc('.', out);
        }
        fprintf(out, "%s%s = ", label ? "label." : "", bl_role_name(role));
        for (size_t j = i; j < n; j++) {
            const bl_vocab_entry *p = bl_vocab_entry_at(v, j);
            if (p->role == role && p->is_label == label && p->family == e->family) {
                fputs(j == i ? "" : ", ", out);
                put_clean(out, p->spelling);
            }
        }
        fputc('\n', out);
    }
}

int bl_showcfg_print(FILE *out, const bl_vocab *v, const char *source) {
    bl_vocab *builtin = NULL;
    if (v == NULL && (v = builtin = bl_vocab_new()) == NULL)
        return BL_ENOMEM;
    fputs("# ", out);
    put_clean(out, source);
    fputc('\n', out);
    const char *name = bl_vocab_dialect(v);
    if (name[0])
        put_line(out, "dialect", name);
    else
        fputs("# dialect: none named\n", out);
    for (size_t i = 0; i < bl_vocab_template_count(v); i++)
        put_line(out, "attribution", bl_vocab_template_at(v, i)->src);
    for (size_t i = 0; i < bl_vocab_dateline_count(v); i++)
        put_line(out, "dateline", bl_vocab_dateline_at(v, i));
    if (bl_vocab_chrome_count(v) > 0) {
        fputs("chrome = ", out);
        for (size_t i = 0; i < bl_vocab_chrome_count(v); i++) {
            fputs(i ? ", " : "", out);
            put_clean(out, bl_vocab_chrome_at(v, i));
        }
        fputc('\n', out);
    }
    put_line(out, "implicit_lead", bl_vocab_implicit_lead(v) ? "yes" : "no");
    put_line(out, "hangul_chrome", bl_vocab_hangul_chrome(v) ? "yes" : "no");
    for (int label = 0; label < 2; label++)
        for (int role = 0; role < BL_ROLE_COUNT; role++)
            put_role(out, v, (bl_tag_role)role, label);
    bl_vocab_free(builtin);
    return ferror(out) ? BL_EIO : 0;
}
