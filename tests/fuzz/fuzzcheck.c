/* fuzzcheck: see fuzzcheck.h. Any allocation failure aborts (a harness
 * cannot go on without its validator). */
#define _GNU_SOURCE 1 /* open_memstream */
#include "fuzzcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (q == NULL) {
        fputs("fuzzcheck: out of memory\n", stderr);
        abort();
    }
    return q;
}

void fc_buf_put(fc_buf *b, const void *s, size_t n) {
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->p + b->n, s, n);
    b->n += n;
}

void fc_buf_free(fc_buf *b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- UTF-8 (Unicode 15, table 3-7) ---- */

/* Length of the well-formed sequence at s[0, n), or 0 if s[0] starts none. */
static size_t seq_len(const unsigned char *s, size_t n) {
    static const struct {
        unsigned char lo0, hi0, len, lo1, hi1;
    } rows[] = {
        {0x00, 0x7F, 1, 0, 0},       {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF},
        {0xE1, 0xEC, 3, 0x80, 0xBF}, {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF},
        {0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        if (s[0] < rows[r].lo0 || s[0] > rows[r].hi0)
            continue;
        size_t len = rows[r].len;
        if (len == 1)
            return 1;
        if (n < len || s[1] < rows[r].lo1 || s[1] > rows[r].hi1)
            return 0;
        for (size_t k = 2; k < len; k++)
            if (s[k] < 0x80 || s[k] > 0xBF)
                return 0;
        return len;
    }
    return 0;
}

size_t fc_utf8_bad(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = seq_len(p + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

size_t fc_text_bad(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F)
            return i;
    }
    return n;
}

void fc_sanitize(fc_buf *out, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = seq_len(p + i, n - i);
        if (k == 0) {
            fc_buf_put(out, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            fc_buf_put(out, p + i, k);
            i += k;
        }
    }
}

size_t fc_strip_cr(const char *s, size_t n) {
    return n > 0 && s[n - 1] == '\r' ? n - 1 : n;
}

size_t fc_count_nl(const char *s, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '\n';
    return k;
}

void fc_fail(const char *what, const char *out, size_t n, size_t at) {
    size_t from = at > 80 ? at - 80 : 0;
    size_t to = at + 80 < n ? at + 80 : n;
    fprintf(stderr, "\nBROKEN PROMISE: %s at byte %zu of %zu; output around it:\n", what, at, n);
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)out[i];
        if (i == at)
            fputs(">>>", stderr);
        if (c >= 0x20 && c < 0x7F && c != '\\')
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fputc('\n', stderr);
    abort();
}

/* ---- JSON ---- */

typedef struct {
    fc_json *j;
    const unsigned char *s;
    size_t n, i;
} jp;

static int jerr(jp *p, const char *why) {
    if (p->j->err == NULL) {
        p->j->err = why;
        p->j->err_at = p->i;
    }
    return -1;
}

static void tok(jp *p, fc_kind kind, size_t off, size_t len, size_t at) {
    fc_json *j = p->j;
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 64;
        j->v = xrealloc(j->v, j->cap * sizeof *j->v);
    }
    j->v[j->n++] = (fc_tok){kind, off, len, at};
}

static void ws(jp *p) {
    while (p->i < p->n &&
           (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

static int hex4(jp *p, unsigned *v) {
    if (p->n - p->i < 4)
        return jerr(p, "short \\u escape");
    *v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = p->s[p->i++];
        unsigned d = c >= '0' && c <= '9'   ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : 16;
        if (d == 16)
            return jerr(p, "bad hex digit in \\u escape");
        *v = *v * 16 + d;
    }
    return 0;
}

static void put_cp(fc_buf *b, unsigned cp) {
    unsigned char u[4];
    size_t k;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        k = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | cp >> 6);
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | cp >> 12);
        u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | cp >> 18);
        u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    fc_buf_put(b, u, k);
}

static int string(jp *p, fc_kind kind) {
    size_t at = p->i;
    p->i++; /* the opening quote */
    size_t off = p->j->pool.n;
    fc_buf *b = &p->j->pool;
    for (;;) {
        if (p->i >= p->n)
            return jerr(p, "unterminated string");
        unsigned char c = p->s[p->i];
        if (c == '"') {
            p->i++;
            break;
        }
        if (c < 0x20)
            return jerr(p, "raw control character in a string");
        if (c >= 0x80) {
            size_t k = seq_len(p->s + p->i, p->n - p->i);
            if (k == 0)
                return jerr(p, "invalid UTF-8 in a string");
            fc_buf_put(b, p->s + p->i, k);
            p->i += k;
            continue;
        }
        if (c != '\\') {
            fc_buf_put(b, &c, 1);
            p->i++;
            continue;
        }
        p->i++;
        if (p->i >= p->n)
            return jerr(p, "escape at the end");
        c = p->s[p->i++];
        const char *simple = strchr("\"\\/bfnrt", c);
        if (c != 0 && simple != NULL) {
            static const char out[] = "\"\\/\b\f\n\r\t";
            fc_buf_put(b, &out[simple - "\"\\/bfnrt"], 1);
            continue;
        }
        if (c != 'u')
            return jerr(p, "invalid escape");
        unsigned cp;
        if (hex4(p, &cp) != 0)
            return -1;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return jerr(p, "lone low surrogate escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                return jerr(p, "lone high surrogate escape");
            p->i += 2;
            if (hex4(p, &lo) != 0)
                return -1;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return jerr(p, "high surrogate without a low one");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        put_cp(b, cp);
    }
    tok(p, kind, off, p->j->pool.n - off, at);
    return 0;
}

static int digits(jp *p) {
    size_t from = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
        p->i++;
    return p->i > from ? 0 : jerr(p, "digit expected");
}

static int number(jp *p) {
    size_t at = p->i;
    if (p->s[p->i] == '-')
        p->i++;
    if (p->i < p->n && p->s[p->i] == '0') {
        p->i++;
        if (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            return jerr(p, "leading zero");
    } else if (digits(p) != 0) {
        return -1;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (digits(p) != 0)
            return -1;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (digits(p) != 0)
            return -1;
    }
    size_t off = p->j->pool.n;
    fc_buf_put(&p->j->pool, p->s + at, p->i - at);
    tok(p, FC_NUM, off, p->i - at, at);
    return 0;
}

static int word(jp *p, const char *w, fc_kind kind) {
    size_t k = strlen(w);
    if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0)
        return jerr(p, "unexpected character");
    tok(p, kind, 0, 0, p->i);
    p->i += k;
    return 0;
}

static int value(jp *p, int depth) {
    if (depth > 64)
        return jerr(p, "nested too deep");
    ws(p);
    if (p->i >= p->n)
        return jerr(p, "value expected");
    unsigned char c = p->s[p->i];
    if (c == '"')
        return string(p, FC_STR);
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(p);
    if (c == 't')
        return word(p, "true", FC_TRUE);
    if (c == 'f')
        return word(p, "false", FC_FALSE);
    if (c == 'n')
        return word(p, "null", FC_NULL);
    if (c != '{' && c != '[')
        return jerr(p, "unexpected character");
    int obj = c == '{';
    tok(p, obj ? FC_OBJ : FC_ARR, 0, 0, p->i);
    p->i++;
    ws(p);
    if (p->i < p->n && p->s[p->i] == (obj ? '}' : ']')) {
        tok(p, FC_END, 0, 0, p->i);
        p->i++;
        return 0;
    }
    for (;;) {
        if (obj) {
            ws(p);
            if (p->i >= p->n || p->s[p->i] != '"')
                return jerr(p, "key expected");
            if (string(p, FC_KEY) != 0)
                return -1;
            ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return jerr(p, "':' expected");
            p->i++;
        }
        if (value(p, depth + 1) != 0)
            return -1;
        ws(p);
        if (p->i >= p->n)
            return jerr(p, "unterminated object or array");
        if (p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->s[p->i] != (obj ? '}' : ']'))
            return jerr(p, "',' or end expected");
        tok(p, FC_END, 0, 0, p->i);
        p->i++;
        return 0;
    }
}

int fc_json_parse(fc_json *j, const char *s, size_t n) {
    jp p = {j, (const unsigned char *)s, n, 0};
    memset(j, 0, sizeof *j);
    for (;;) {
        ws(&p);
        if (p.i >= n)
            return 0;
        if (value(&p, 0) != 0)
            return -1;
        j->values++;
        /* Two values need whitespace between them unless a bracket ends
         * the first; the emitters always end a value with a newline. */
        if (p.i < n && s[p.i] != ' ' && s[p.i] != '\n' && s[p.i] != '\t' && s[p.i] != '\r') {
            return jerr(&p, "garbage after a value");
        }
    }
}

void fc_json_free(fc_json *j) {
    free(j->v);
    fc_buf_free(&j->pool);
    memset(j, 0, sizeof *j);
}

const char *fc_tok_text(const fc_json *j, size_t i, size_t *len) {
    *len = j->v[i].len;
    return j->pool.p != NULL ? j->pool.p + j->v[i].off : "";
}

int fc_tok_is(const fc_json *j, size_t i, const char *s, size_t len) {
    if (i >= j->n)
        return 0;
    if (s == NULL)
        return j->v[i].kind == FC_NULL;
    size_t n;
    const char *t = fc_tok_text(j, i, &n);
    return j->v[i].kind == FC_STR && n == len && (n == 0 || memcmp(t, s, n) == 0);
}

long long fc_tok_int(const fc_json *j, size_t i) {
    size_t n;
    const char *t = fc_tok_text(j, i, &n);
    long long v = 0;
    int neg = n > 0 && t[0] == '-';
    for (size_t k = neg; k < n && t[k] >= '0' && t[k] <= '9'; k++)
        v = v * 10 + (t[k] - '0');
    return neg ? -v : v;
}

/* ---- CSV ---- */

static int cerr(fc_csv *c, const char *why, size_t at) {
    c->err = why;
    c->err_at = at;
    return -1;
}

static void field(fc_csv *c, size_t off, int quoted) {
    if (c->nf == c->capf) {
        c->capf = c->capf ? c->capf * 2 : 32;
        c->f = xrealloc(c->f, c->capf * sizeof *c->f);
    }
    c->f[c->nf++] = (fc_field){off, c->pool.n - off, quoted};
}

static void row_mark(fc_csv *c) {
    if (c->rows + 1 >= c->caprows) {
        c->caprows = c->caprows ? c->caprows * 2 : 16;
        c->row_start = xrealloc(c->row_start, c->caprows * sizeof *c->row_start);
    }
    c->row_start[c->rows + 1] = c->nf;
}

int fc_csv_parse(fc_csv *c, const char *s, size_t n) {
    memset(c, 0, sizeof *c);
    c->caprows = 16;
    c->row_start = xrealloc(NULL, c->caprows * sizeof *c->row_start);
    c->row_start[0] = 0;
    size_t i = 0;
    while (i < n) {
        /* one record */
        for (;;) {
            size_t off = c->pool.n;
            int quoted = 0;
            if (i < n && s[i] == '"') {
                quoted = 1;
                i++;
                for (;;) {
                    if (i >= n)
                        return cerr(c, "unterminated quoted field", i);
                    if (s[i] == '"') {
                        if (i + 1 < n && s[i + 1] == '"') {
                            fc_buf_put(&c->pool, "\"", 1);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    fc_buf_put(&c->pool, s + i, 1);
                    i++;
                }
            } else {
                while (i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                    if (s[i] == '"')
                        return cerr(c, "quote inside an unquoted field", i);
                    fc_buf_put(&c->pool, s + i, 1);
                    i++;
                }
            }
            field(c, off, quoted);
            if (i < n && s[i] == ',') {
                i++;
                continue;
            }
            if (n - i >= 2 && s[i] == '\r' && s[i + 1] == '\n') {
                i += 2;
                break;
            }
            return cerr(c, "record does not end in CRLF", i);
        }
        row_mark(c);
        c->rows++;
    }
    return 0;
}

void fc_csv_free(fc_csv *c) {
    free(c->f);
    free(c->row_start);
    fc_buf_free(&c->pool);
    memset(c, 0, sizeof *c);
}

size_t fc_csv_fields(const fc_csv *c, size_t row) {
    return c->row_start[row + 1] - c->row_start[row];
}

const fc_field *fc_csv_field(const fc_csv *c, size_t row, size_t k) {
    return &c->f[c->row_start[row] + k];
}

/* ---- output streams ---- */

/* One stream for the process, writing into one growing buffer: a new
 * open_memstream() per output cost half of a harness's time. */
static fc_buf out_buf;
static FILE *out_file;

static ssize_t out_write(void *cookie, const char *s, size_t n) {
    (void)cookie;
    fc_buf_put(&out_buf, s, n);
    return (ssize_t)n;
}

void fc_out_open(fc_out *o) {
    if (out_file == NULL) {
        static char vbuf[1 << 16];
        cookie_io_functions_t io = {NULL, out_write, NULL, NULL};
        out_file = fopencookie(NULL, "w", io);
        if (out_file == NULL || setvbuf(out_file, vbuf, _IOFBF, sizeof vbuf) != 0)
            abort();
    }
    if (o->f != NULL && o->f == out_file)
        abort(); /* one output at a time */
    clearerr(out_file);
    out_buf.n = 0;
    o->f = out_file;
    o->p = NULL;
    o->n = 0;
}

void fc_out_close(fc_out *o) {
    if (fflush(o->f) != 0 || ferror(o->f))
        abort();
    o->f = NULL;
    o->p = out_buf.p != NULL ? out_buf.p : (char *)"";
    o->n = out_buf.n;
}
