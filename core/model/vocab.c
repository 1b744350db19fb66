#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 500
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath, whatever the build defines */
#endif
#include "vocab.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Buckets of the spelling index: one per first byte for one-byte
 * spellings, VOCAB_PAIRS for the others by their first two bytes. */
#define VOCAB_PAIRS 1024u
#define VOCAB_BUCKETS (256u + VOCAB_PAIRS)

/* Invariant: entries[0..n) have distinct (spelling, is_label) pairs and
 * owned spellings, and head[]/chain[] index them by bucket (bucket());
 * families[0] is "common" (not counted by mixed-dialect). */
struct bl_vocab {
    /* head[b]: 1 + the first entry of bucket b, 0 if none; chain[i].next
     * continues in index order, so a line is compared only with the
     * spellings that share its first two bytes (and the one-byte ones of
     * its first byte), however large the vocabulary. */
    uint16_t head[VOCAB_BUCKETS], tail[VOCAB_BUCKETS];
    bl_vocab_entry *entries;
    struct vocab_chain {
        uint16_t len;   /* strlen(spelling) */
        uint16_t next;  /* 1 + the next entry with the same first byte, 0 */
        uint8_t second; /* spelling[1] ('\0' for a one-byte spelling) */
    } * chain;
    size_t n, cap;
    char **families;
    size_t nfam, capfam;
};

static const char *const role_names[BL_ROLE_COUNT] = {"lead", "report", "soundbite", "program"};

const char *bl_role_name(bl_tag_role role) {
    return (unsigned)role < BL_ROLE_COUNT ? role_names[role] : "unknown";
}

/* Returns the index of family name, adding it; negative on failure. */
static int family_index(bl_vocab *v, const char *name) {
    for (size_t i = 0; i < v->nfam; i++)
        if (strcmp(v->families[i], name) == 0)
            return (int)i;
    if (v->nfam >= 1024)
        return BL_ETOOBIG;
    if (v->nfam == v->capfam) {
        size_t cap = v->capfam ? v->capfam * 2 : 8;
        char **f = realloc(v->families, cap * sizeof *f);
        if (!f)
            return BL_ENOMEM;
        v->families = f;
        v->capfam = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return BL_ENOMEM;
    v->families[v->nfam] = copy;
    return (int)v->nfam++;
}

/* The bucket of a spelling (or of a line's text) of len >= 1 bytes that
 * starts with c0, c1: a one-byte spelling is in its first byte's bucket. */
static unsigned bucket(const char *s, size_t len) {
    unsigned c0 = (unsigned char)s[0];
    if (len < 2)
        return c0;
    return 256u + ((c0 * 31u + (unsigned char)s[1]) & (VOCAB_PAIRS - 1));
}

int bl_vocab_add(bl_vocab *v, const char *spelling, bl_tag_role role, int is_label,
                 const char *family) {
    if (!v || !spelling || (unsigned)role >= BL_ROLE_COUNT)
        return BL_EINVAL;
    size_t len = strlen(spelling);
    if (len == 0 || len > BL_VOCAB_MAX_SPELLING)
        return BL_EINVAL;
    int fam = family_index(v, family ? family : "custom");
    if (fam < 0)
        return fam;
    unsigned b = bucket(spelling, len);
    for (size_t k = v->head[b]; k != 0; k = v->chain[k - 1].next) {
        bl_vocab_entry *e = &v->entries[k - 1];
        if (v->chain[k - 1].len == len && e->is_label == (is_label != 0) &&
            strcmp(e->spelling, spelling) == 0) {
            e->role = (uint8_t)role;
            e->family = (uint16_t)fam;
            return BL_OK;
        }
    }
    if (v->n >= BL_VOCAB_MAX_ENTRIES)
        return BL_ETOOBIG;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        struct vocab_chain *c = realloc(v->chain, cap * sizeof *c);
        if (!c)
            return BL_ENOMEM;
        v->chain = c;
        bl_vocab_entry *e = realloc(v->entries, cap * sizeof *e);
        if (!e)
            return BL_ENOMEM;
        v->entries = e;
        v->cap = cap;
    }
    char *copy = strdup(spelling);
    if (!copy)
        return BL_ENOMEM;
    v->chain[v->n] = (struct vocab_chain){(uint16_t)len, 0, (uint8_t)copy[1]};
    if (v->tail[b])
        v->chain[v->tail[b] - 1].next = (uint16_t)(v->n + 1);
    else
        v->head[b] = (uint16_t)(v->n + 1);
    v->tail[b] = (uint16_t)(v->n + 1);
    v->entries[v->n++] =
        (bl_vocab_entry){copy, (uint8_t)role, (uint8_t)(is_label != 0), (uint16_t)fam};
    return BL_OK;
}

bl_vocab *bl_vocab_new(void) {
    static const struct {
        const char *spelling;
        bl_tag_role role;
        int is_label;
        const char *family;
    } builtin[] = {
        {"[LEAD]", BL_ROLE_LEAD, 0, "news-today"},
        {"[REPORT]", BL_ROLE_REPORT, 0, "news-today"},
        {"[Anchor Lead]", BL_ROLE_LEAD, 0, "anchor-lead"},
        {"[Pkg]", BL_ROLE_REPORT, 0, "anchor-lead"},
        {"[Anchor]", BL_ROLE_LEAD, 0, "news-9"},
        {"[Report]", BL_ROLE_REPORT, 0, "news-9"},
        {"Anchor", BL_ROLE_LEAD, 1, "radio"},
        {"Report", BL_ROLE_REPORT, 1, "radio"},
        {"[Soundbite]", BL_ROLE_SOUNDBITE, 0, "common"},
        {"[News Today]", BL_ROLE_PROGRAM, 0, "common"},
        {"[News]", BL_ROLE_PROGRAM, 0, "common"},
    };
    bl_vocab *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    if (family_index(v, "common") != 0)
        goto fail;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (bl_vocab_add(v, builtin[i].spelling, builtin[i].role, builtin[i].is_label,
                         builtin[i].family) != BL_OK)
            goto fail;
    return v;
fail:
    bl_vocab_free(v);
    return NULL;
}

void bl_vocab_free(bl_vocab *v) {
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        free((char *)v->entries[i].spelling);
    for (size_t i = 0; i < v->nfam; i++)
        free(v->families[i]);
    free(v->entries);
    free(v->chain);
    free(v->families);
    free(v);
}

size_t bl_vocab_count(const bl_vocab *v) {
    return v ? v->n : 0;
}

const bl_vocab_entry *bl_vocab_entry_at(const bl_vocab *v, size_t i) {
    return v && i < v->n ? &v->entries[i] : NULL;
}

const char *bl_vocab_family_name(const bl_vocab *v, uint16_t family) {
    return v && family < v->nfam ? v->families[family] : "custom";
}

/* The longest match in bucket b better than *best_len (the first in index
 * order among equally long ones, *best_k being 1 + the best index so far). */
static void match_bucket(const bl_vocab *v, unsigned b, const char *s, size_t len, size_t *best_k,
                         size_t *best_len) {
    for (size_t k = v->head[b]; k != 0; k = v->chain[k - 1].next) {
        const bl_vocab_entry *e = &v->entries[k - 1];
        size_t sl = v->chain[k - 1].len;
        size_t need = sl + (e->is_label ? 1 : 0);
        if (need > len || need < *best_len || (need == *best_len && k > *best_k) ||
            (sl > 1 && (uint8_t)s[1] != v->chain[k - 1].second) || memcmp(s, e->spelling, sl) != 0)
            continue;
        if (e->is_label && s[sl] != ':')
            continue;
        *best_k = k;
        *best_len = need;
    }
}

const bl_vocab_entry *bl_vocab_match(const bl_vocab *v, const char *s, size_t len,
                                     size_t *matched) {
    size_t best_k = 0, best_len = 0;
    if (matched)
        *matched = 0;
    if (!v || !s || len == 0)
        return NULL;
    match_bucket(v, bucket(s, 1), s, len, &best_k, &best_len);
    if (len >= 2)
        match_bucket(v, bucket(s, len), s, len, &best_k, &best_len);
    if (matched)
        *matched = best_len;
    return best_k ? &v->entries[best_k - 1] : NULL;
}

/* Optimal-string-alignment distance, ASCII case folded, on short strings. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb) {
    enum { MAXL = 64 };
    size_t d[MAXL + 1][MAXL + 1];
    if (la > MAXL || lb > MAXL)
        return (size_t)-1;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t cost = ca != cb;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *bl_vocab_nearest(const bl_vocab *v, const char *s, size_t len) {
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    if (!v || !s)
        return NULL;
    /* Compare with the surrounding punctuation removed: "[ LEAD ]" and
     * "[LEAD" are near "[LEAD]". */
    while (len > 0 && (s[0] == '[' || s[0] == ' '))
        s++, len--;
    while (len > 0 && (s[len - 1] == ']' || s[len - 1] == ' '))
        len--;
    for (size_t i = 0; i < v->n; i++) {
        const bl_vocab_entry *e = &v->entries[i];
        if (e->is_label || e->spelling[0] != '[')
            continue;
        const char *t = e->spelling + 1;
        size_t tl = strlen(t);
        if (tl > 0 && t[tl - 1] == ']')
            tl--;
        size_t d = edit_distance(s, len, t, tl);
        if (d < best_d) {
            best_d = d;
            best = e->spelling;
        }
    }
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    return best_d <= limit ? best : NULL;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

int bl_vocab_parse_key(const char *key, size_t len, char *family, size_t famcap, int *is_label,
                       bl_tag_role *role) {
    /* The role is after the last '.'; "label" may stand before it; what
     * stands before that is the family. */
    const char *end = key + len, *dot = NULL;
    for (const char *p = key; p < end; p++)
        if (*p == '.')
            dot = p;
    const char *rp = dot ? dot + 1 : key;
    size_t rl = (size_t)(end - rp), fl = dot ? (size_t)(dot - key) : 0;
    *is_label = 0;
    if (fl >= 5 && memcmp(key + fl - 5, "label", 5) == 0 && (fl == 5 || key[fl - 6] == '.')) {
        *is_label = 1;
        fl = fl == 5 ? 0 : fl - 6;
    }
    if ((dot && fl == 0 && !*is_label) || fl >= famcap || memchr(key, '\0', len))
        return BL_EINVAL;
    for (int r = 0; r < BL_ROLE_COUNT; r++) {
        if (rl == strlen(role_names[r]) && memcmp(rp, role_names[r], rl) == 0) {
            memcpy(family, key, fl);
            family[fl] = '\0';
            *role = (bl_tag_role)r;
            return BL_OK;
        }
    }
    return BL_EINVAL;
}

int bl_vocab_load_text(bl_vocab *v, const char *text, size_t len, char *err, size_t errlen) {
    char line[4096];
    size_t lineno = 0, pos = 0;
    if (!v || (!text && len))
        return BL_EINVAL;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        size_t ll = end - pos;
        if (ll >= sizeof line) {
            if (errlen)
                snprintf(err, errlen, "%zu: line too long", lineno);
            return BL_EINVAL;
        }
        memcpy(line, text + pos, ll);
        line[ll] = '\0';
        pos = end + 1;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            if (errlen)
                snprintf(err, errlen, "%zu: expected 'key = value'", lineno);
            return BL_EINVAL;
        }
        *eq = '\0';
        char *key = trim(s);
        char family[BL_VOCAB_MAX_SPELLING + 1];
        int is_label;
        bl_tag_role role;
        if (bl_vocab_parse_key(key, strlen(key), family, sizeof family, &is_label, &role) !=
            BL_OK) {
            if (errlen)
                snprintf(err, errlen,
                         "%zu: unknown key '%s' (want lead, report, soundbite, program, "
                         "label.ROLE or FAMILY.ROLE)",
                         lineno, key);
            return BL_EINVAL;
        }
        for (char *tok = strtok(eq + 1, ","); tok; tok = strtok(NULL, ",")) {
            char *sp = trim(tok);
            size_t sl = strlen(sp);
            if (is_label && sl > 0 && sp[sl - 1] == ':')
                sp[--sl] = '\0';
            if (!sl)
                continue;
            int rc = bl_vocab_add(v, sp, role, is_label, family[0] ? family : NULL);
            if (rc != BL_OK) {
                if (errlen)
                    snprintf(err, errlen, "%zu: cannot add '%s': %s", lineno, sp, bl_strerror(rc));
                return rc;
            }
        }
    }
    return BL_OK;
}

int bl_vocab_load_file(bl_vocab *v, const char *path, char *err, size_t errlen) {
    /* O_NONBLOCK: a FIFO (or a device) named .bulletinrc must not hang the
     * helper; only a regular file is read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (errlen)
            snprintf(err, errlen, "%s: %s", path,
                     fd < 0 ? "cannot open" : "not a regular file, not read");
        if (fd >= 0)
            close(fd);
        return BL_EINVAL;
    }
    /* one byte more than the limit tells a file of exactly 1 MiB (allowed)
     * from a longer one */
    enum { LIMIT = 1 << 20 };
    char *buf = malloc(LIMIT + 1);
    if (!buf) {
        close(fd);
        return BL_ENOMEM;
    }
    size_t n = 0;
    while (n < LIMIT + 1) {
        ssize_t r = read(fd, buf + n, LIMIT + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    int rc;
    if (n > LIMIT) {
        if (errlen)
            snprintf(err, errlen, "%s: larger than 1 MiB", path);
        rc = BL_ETOOBIG;
    } else {
        char inner[256] = "";
        rc = bl_vocab_load_text(v, buf, n, inner, sizeof inner);
        if (rc != BL_OK && errlen)
            snprintf(err, errlen, "%s:%s", path, inner);
    }
    free(buf);
    return rc;
}

int bl_vocab_find_rc(const char *doc_path, char *out, size_t outlen) {
    char dir[4096], abs[4096];
    struct stat st;
    if (!doc_path || !out || strlen(doc_path) >= sizeof dir)
        return BL_EINVAL;
    strcpy(dir, doc_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash == dir ? (void)(dir[1] = '\0') : (void)(*slash = '\0');
    else
        strcpy(dir, ".");
    if (!realpath(dir, abs))
        return BL_EINVAL;
    for (;;) {
        /* abs is "" for the root after the last cut. */
        int n = snprintf(out, outlen, "%s/.bulletinrc", strcmp(abs, "/") == 0 ? "" : abs);
        if (n > 0 && (size_t)n < outlen && stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return BL_OK;
        slash = strrchr(abs, '/');
        if (!slash || abs[0] == '\0' || strcmp(abs, "/") == 0)
            return BL_EINVAL;
        *slash = '\0';
    }
}
