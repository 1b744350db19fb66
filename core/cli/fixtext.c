#include "fixtext.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

static const char *const EOL_BYTES[] = {"", "\n", "\r\n", "\r"};

void bl_fixtext_free(bl_fixtext *t) {
    if (!t)
        return;
    for (size_t i = 0; i < t->lines.n; i++)
        free(t->lines.v[i].s);
    bl_vec_free(&t->lines);
}

static char *dup_n(const char *s, size_t n) {
    char *p = bl_malloc(n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int push_line(bl_fixtext *t, const char *s, size_t n, uint8_t eol) {
    bl_fixtext_line l = {dup_n(s, n), n, eol};
    if (!l.s || bl_vec_push(&t->lines, l) != 0) {
        free(l.s);
        return BL_ENOMEM;
    }
    return BL_OK;
}

int bl_fixtext_split(const char *buf, size_t len, bl_fixtext *out) {
    memset(out, 0, sizeof *out);
    size_t i = 0, count[4] = {0};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        out->bom = 1, i = 3;
    while (i < len) {
        size_t a = i;
        while (i < len && buf[i] != '\n' && buf[i] != '\r')
            i++;
        uint8_t eol = BL_EOL_NONE;
        size_t e = i;
        if (i < len && buf[i] == '\n')
            eol = BL_EOL_LF, i++;
        else if (i + 1 < len && buf[i] == '\r' && buf[i + 1] == '\n')
            eol = BL_EOL_CRLF, i += 2;
        else if (i < len)
            eol = BL_EOL_CR, i++;
        count[eol]++;
        if (push_line(out, buf + a, e - a, eol) != 0) {
            bl_fixtext_free(out);
            return BL_ENOMEM;
        }
    }
    out->eol = BL_EOL_LF;
    if (count[BL_EOL_CRLF] > count[out->eol])
        out->eol = BL_EOL_CRLF;
    if (count[BL_EOL_CR] > count[out->eol])
        out->eol = BL_EOL_CR;
    return BL_OK;
}

int bl_fixtext_copy(const bl_fixtext *t, bl_fixtext *out) {
    memset(out, 0, sizeof *out);
    out->bom = t->bom;
    out->eol = t->eol;
    for (size_t i = 0; i < t->lines.n; i++)
        if (push_line(out, t->lines.v[i].s, t->lines.v[i].n, t->lines.v[i].eol) != 0) {
            bl_fixtext_free(out);
            return BL_ENOMEM;
        }
    return BL_OK;
}

static int build(const bl_fixtext *t, int raw, char **buf, size_t *len) {
    size_t total = raw && t->bom ? 3 : 0;
    for (size_t i = 0; i < t->lines.n; i++)
        total += t->lines.v[i].n + 2;
    char *p = bl_malloc(total + 1);
    if (!p)
        return BL_ENOMEM;
    size_t k = 0;
    if (raw && t->bom)
        memcpy(p, "\xEF\xBB\xBF", 3), k = 3;
    for (size_t i = 0; i < t->lines.n; i++) {
        const bl_fixtext_line *l = &t->lines.v[i];
        if (l->n)
            memcpy(p + k, l->s, l->n);
        k += l->n;
        const char *e = raw ? EOL_BYTES[l->eol] : l->eol ? "\n" : "";
        size_t en = strlen(e);
        memcpy(p + k, e, en);
        k += en;
    }
    p[k] = '\0';
    *buf = p;
    *len = k;
    return BL_OK;
}

int bl_fixtext_joined(const bl_fixtext *t, char **buf, size_t *len) {
    return build(t, 0, buf, len);
}

int bl_fixtext_bytes(const bl_fixtext *t, char **buf, size_t *len) {
    return build(t, 1, buf, len);
}

/* A growing byte buffer for bl_fixtext_apply(); oom latches. */
typedef struct {
    char *p;
    size_t n, cap;
    int oom;
} bytes;

static void put(bytes *o, const char *s, size_t n) {
    if (o->oom || n == 0)
        return;
    if (o->n + n > o->cap && bl_vec_grow(o->p, o->cap, o->n + n, SIZE_MAX) != 0) {
        o->oom = 1;
        return;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
}

/* The bytes of t from (l0, c0) to (l1, c1), line ends included. */
static void put_span(bytes *o, const bl_fixtext *t, size_t l0, size_t c0, size_t l1, size_t c1) {
    for (size_t l = l0; l <= l1 && l < t->lines.n; l++) {
        const bl_fixtext_line *x = &t->lines.v[l];
        size_t a = l == l0 ? c0 : 0, b = l == l1 ? c1 : x->n;
        put(o, x->s + a, b - a);
        if (l != l1)
            put(o, EOL_BYTES[x->eol], strlen(EOL_BYTES[x->eol]));
    }
}

int bl_fixtext_apply(bl_fixtext *t, const bl_edit *const *e, size_t n) {
    size_t nl = t->lines.n;
    for (size_t k = 0; k < n; k++) {
        const bl_edit *x = e[k];
        if (x->line < 0 || x->end_line < x->line || (size_t)x->end_line >= nl ||
            x->col > t->lines.v[x->line].n || x->end_col > t->lines.v[x->end_line].n ||
            (x->line == x->end_line && x->col > x->end_col))
            return BL_EINVAL;
        if (k > 0 && (x->line < e[k - 1]->end_line ||
                      (x->line == e[k - 1]->end_line && x->col < e[k - 1]->end_col)))
            return BL_EINVAL; /* out of order or overlapping */
    }
    /* The new bytes in one pass: the text up to each edit, its text (a
     * "\n" becomes the line end of the edit's first line), then the rest. */
    bytes o = {NULL, 0, 0, 0};
    if (t->bom)
        put(&o, "\xEF\xBB\xBF", 3);
    size_t l = 0, c = 0;
    for (size_t k = 0; k < n; k++) {
        const bl_edit *x = e[k];
        put_span(&o, t, l, c, (size_t)x->line, x->col);
        uint8_t eol = t->lines.v[x->line].eol != BL_EOL_NONE ? t->lines.v[x->line].eol : t->eol;
        for (size_t i = 0; i < x->len; i++) {
            if (x->text[i] == '\n')
                put(&o, EOL_BYTES[eol], strlen(EOL_BYTES[eol]));
            else
                put(&o, x->text + i, 1);
        }
        l = (size_t)x->end_line, c = x->end_col;
    }
    if (nl > 0) {
        put_span(&o, t, l, c, nl - 1, t->lines.v[nl - 1].n);
        put(&o, EOL_BYTES[t->lines.v[nl - 1].eol], strlen(EOL_BYTES[t->lines.v[nl - 1].eol]));
    }
    bl_fixtext next;
    if (o.oom || bl_fixtext_split(o.p ? o.p : "", o.n, &next) != 0) {
        free(o.p);
        return BL_ENOMEM;
    }
    free(o.p);
    next.eol = t->eol; /* new lines end as the file's did */
    bl_fixtext_free(t);
    *t = next;
    return BL_OK;
}

static int line_eq(const bl_fixtext_line *a, const bl_fixtext_line *b) {
    return a->n == b->n && a->eol == b->eol && memcmp(a->s, b->s, a->n) == 0;
}

int bl_fixtext_equal(const bl_fixtext *a, const bl_fixtext *b) {
    if (a->lines.n != b->lines.n || a->bom != b->bom)
        return 0;
    for (size_t i = 0; i < a->lines.n; i++)
        if (!line_eq(&a->lines.v[i], &b->lines.v[i]))
            return 0;
    return 1;
}

/* ---- the unified diff ---- */

/* One step of the edit script: '=' (a[i] == b[j]), '-' (a[i] goes), '+'
 * (b[j] comes). */
typedef struct {
    char op;
    size_t i, j;
} step;

typedef BL_VEC(step) steps;

/* Myers' O(ND) shortest edit script of a[lo_a, hi_a) and b[lo_b, hi_b),
 * keeping one V array per d for the walk back; past MAX_D differences,
 * the middle is all '-' then all '+' (a correct, longer diff). */
enum { MAX_D = 1000 };

static int script(const bl_fixtext *A, const bl_fixtext *B, size_t lo, size_t ha, size_t hb,
                  steps *out) {
    const bl_fixtext_line *a = A->lines.v + lo, *b = B->lines.v + lo;
    long N = (long)(ha - lo), M = (long)(hb - lo), max = N + M;
    long dmax = max < MAX_D ? max : MAX_D, w = 2 * dmax + 3;
    long *trace = bl_malloc((size_t)(dmax + 1) * (size_t)w * sizeof *trace);
    long *V = bl_calloc((size_t)w, sizeof *V);
    long found = -1;
    if (!trace || !V) {
        free(trace);
        free(V);
        return BL_ENOMEM;
    }
    long off = dmax + 1;
    for (long d = 0; d <= dmax && found < 0; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && V[off + k - 1] < V[off + k + 1])) ? V[off + k + 1]
                                                                              : V[off + k - 1] + 1;
            long y = x - k;
            while (x < N && y < M && line_eq(&a[x], &b[y]))
                x++, y++;
            V[off + k] = x;
            if (x >= N && y >= M) {
                found = d;
                break;
            }
        }
        memcpy(trace + d * w, V, (size_t)w * sizeof *V);
    }
    free(V);
    size_t base = out->n;
    int rc = BL_OK;
    if (found < 0) { /* too different: replace the middle whole */
        for (long x = 0; x < N && rc == 0; x++)
            rc = bl_vec_push(out, ((step){'-', lo + (size_t)x, lo}));
        for (long y = 0; y < M && rc == 0; y++)
            rc = bl_vec_push(out, ((step){'+', lo + (size_t)N, lo + (size_t)y}));
        free(trace);
        return rc;
    }
    /* Walk back from (N, M), pushing steps in reverse. */
    long x = N, y = M;
    for (long d = found; d >= 0 && rc == 0; d--) {
        long k = x - y, pk = 0, px = 0, py = 0;
        if (d > 0) {
            long *Vp = trace + (d - 1) * w;
            pk = (k == -d || (k != d && Vp[off + k - 1] < Vp[off + k + 1])) ? k + 1 : k - 1;
            px = Vp[off + pk];
            py = px - pk;
        }
        while (rc == 0 && x > px && y > py) {
            x--, y--;
            rc = bl_vec_push(out, ((step){'=', lo + (size_t)x, lo + (size_t)y}));
        }
        /* A step's i and j are both sides' positions: a '+' sits before
         * a[i], a '-' before b[j]. */
        if (d > 0 && rc == 0) {
            char op = pk == k + 1 ? '+' : '-'; /* down: b[py] comes; right: a[px] goes */
            x = px, y = py;
            rc = bl_vec_push(out, ((step){op, lo + (size_t)x, lo + (size_t)y}));
        }
    }
    free(trace);
    /* Reverse the steps just pushed into text order. */
    for (size_t i = base, j = out->n; rc == 0 && i + 1 < j; i++, j--) {
        step tmp = out->v[i];
        out->v[i] = out->v[j - 1];
        out->v[j - 1] = tmp;
    }
    return rc;
}

static int put_line(FILE *out, char mark, const bl_fixtext_line *l) {
    if (fputc(mark, out) == EOF || fwrite(l->s, 1, l->n, out) != l->n)
        return BL_EIO;
    if (l->eol == BL_EOL_NONE)
        return fputs("\n\\ No newline at end of file\n", out) == EOF ? BL_EIO : 0;
    return fputs(EOL_BYTES[l->eol], out) == EOF ? BL_EIO : 0;
}

/* Writes the steps [s, e) as one hunk. */
static int hunk(FILE *out, const bl_fixtext *a, const bl_fixtext *b, const step *v, size_t s,
                size_t e) {
    size_t na = 0, nb = 0, sa = v[s].i, sb = v[s].j;
    for (size_t k = s; k < e; k++) {
        na += v[k].op != '+';
        nb += v[k].op != '-';
    }
    /* diff -u: an empty side's start is the line before it. */
    if (fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? sa + 1 : sa, na, nb ? sb + 1 : sb, nb) < 0)
        return BL_EIO;
    for (size_t k = s; k < e; k++) {
        int rc = v[k].op == '='   ? put_line(out, ' ', &a->lines.v[v[k].i])
                 : v[k].op == '-' ? put_line(out, '-', &a->lines.v[v[k].i])
                                  : put_line(out, '+', &b->lines.v[v[k].j]);
        if (rc != 0)
            return rc;
    }
    return BL_OK;
}

int bl_fixtext_diff(FILE *out, const char *name, const bl_fixtext *a, const bl_fixtext *b) {
    size_t na = a->lines.n, nb = b->lines.n, lo = 0;
    while (lo < na && lo < nb && line_eq(&a->lines.v[lo], &b->lines.v[lo]))
        lo++;
    size_t ha = na, hb = nb;
    while (ha > lo && hb > lo && line_eq(&a->lines.v[ha - 1], &b->lines.v[hb - 1]))
        ha--, hb--;
    if (lo == ha && lo == hb)
        return BL_OK;
    steps st = {0};
    int rc = 0;
    /* Context: the equal lines around the middle, then the middle. */
    for (size_t k = lo > 3 ? lo - 3 : 0; k < lo && rc == 0; k++)
        rc = bl_vec_push(&st, ((step){'=', k, k}));
    if (rc == 0)
        rc = script(a, b, lo, ha, hb, &st);
    for (size_t k = 0; k < 3 && ha + k < na && rc == 0; k++)
        rc = bl_vec_push(&st, ((step){'=', ha + k, hb + k}));
    if (rc == 0 && fprintf(out, "--- %s\n+++ %s\n", name, name) < 0)
        rc = BL_EIO;
    /* Hunks: changes closer than 2 * 3 equal lines share one. */
    size_t s = 0;
    while (rc == 0 && s < st.n) {
        size_t c = s;
        while (c < st.n && st.v[c].op == '=')
            c++;
        if (c == st.n)
            break;
        size_t start = c >= s + 3 ? c - 3 : s, e = c, run = 0;
        for (size_t k = c; k < st.n; k++) {
            if (st.v[k].op == '=') {
                if (++run > 6)
                    break;
            } else {
                run = 0;
                e = k + 1;
            }
        }
        size_t end = e + 3 < st.n ? e + 3 : st.n;
        rc = hunk(out, a, b, st.v, start, end);
        s = end;
    }
    bl_vec_free(&st);
    return rc;
}
