#include "lspjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"
#include "line.h"

const char *bl_lspjson_get_str(const json_t *o, const char *key, size_t *len) {
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    if (!json_is_string(v)) {
        return NULL;
    }
    if (len != NULL) {
        *len = json_string_length(v);
    }
    return json_string_value(v);
}

int bl_lspjson_get_int(const json_t *o, const char *key, int64_t *v) {
    json_t *x = json_is_object(o) ? json_object_get(o, key) : NULL;
    if (!json_is_integer(x)) {
        return -1;
    }
    *v = (int64_t)json_integer_value(x);
    return 0;
}

json_t *bl_lspjson_get_obj(const json_t *o, const char *key) {
    json_t *x = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_object(x) ? x : NULL;
}

json_t *bl_lspjson_get_arr(const json_t *o, const char *key) {
    json_t *x = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_array(x) ? x : NULL;
}

json_t *bl_lspjson_str(const char *s, size_t len) {
    json_t *j = json_stringn(s, len);
    if (j != NULL) {
        return j;
    }
    /* Invalid UTF-8 (a clipped message, a byte from a .bulletinrc): each
     * bad byte becomes U+FFFD (3 bytes), as bl_utf8_next() decodes it. */
    char *t = bl_malloc(len * 3 + 1);
    if (t == NULL) {
        return NULL;
    }
    size_t i = 0, n = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = bl_utf8_next(s, len, &i);
        if (cp == 0xFFFD && i == at + 1) {
            memcpy(t + n, "\xEF\xBF\xBD", 3);
            n += 3;
        } else if (cp == 0) {
            t[n++] = ' ';
        } else {
            memcpy(t + n, s + at, i - at);
            n += i - at;
        }
    }
    j = json_stringn(t, n);
    free(t);
    return j;
}

json_t *bl_lspjson_pos(int64_t line, int64_t ch) {
    return json_pack("{s:I,s:I}", "line", (json_int_t)line, "character", (json_int_t)ch);
}

json_t *bl_lspjson_range(int64_t l1, int64_t c1, int64_t l2, int64_t c2) {
    return json_pack("{s:o,s:o}", "start", bl_lspjson_pos(l1, c1), "end", bl_lspjson_pos(l2, c2));
}

void bl_lspjson_buf_add(bl_lspjson_buf *b, const char *s, size_t len) {
    if (b->failed) {
        return;
    }
    if (b->n + len > b->cap && bl_vec_grow(b->p, b->cap, b->n + len, SIZE_MAX) != 0) {
        b->failed = 1;
        return;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
}

void bl_lspjson_buf_adds(bl_lspjson_buf *b, const char *s) {
    bl_lspjson_buf_add(b, s, strlen(s));
}

void bl_lspjson_buf_int(bl_lspjson_buf *b, int64_t v) {
    char t[24];
    int k = snprintf(t, sizeof t, "%lld", (long long)v);
    bl_lspjson_buf_add(b, t, (size_t)k);
}

void bl_lspjson_buf_clear(bl_lspjson_buf *b) {
    b->n = 0;
    b->failed = 0;
}

void bl_lspjson_buf_free(bl_lspjson_buf *b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}

char *bl_lspjson_buf_take(bl_lspjson_buf *b, size_t *n) {
    char *p = b->p;
    *n = b->n;
    memset(b, 0, sizeof *b);
    return p;
}

void bl_lspjson_buf_str(bl_lspjson_buf *b, const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    bl_lspjson_buf_add(b, "\"", 1);
    size_t i = 0, run = 0; /* s[run, i) is pending, copied as is */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        size_t at = i;
        const char *esc = NULL;
        char u[6];
        if (c >= 0x80) {
            uint32_t cp = bl_utf8_next(s, len, &i);
            if (!(cp == 0xFFFD && i == at + 1)) {
                continue; /* valid: stays in the run */
            }
            esc = "\xEF\xBF\xBD";
        } else {
            i++;
            switch (c) {
            case '"':
                esc = "\\\"";
                break;
            case '\\':
                esc = "\\\\";
                break;
            case '\n':
                esc = "\\n";
                break;
            case '\t':
                esc = "\\t";
                break;
            case '\r':
                esc = "\\r";
                break;
            default:
                memcpy(u, "\\u00", 4);
                u[4] = hex[c >> 4];
                u[5] = hex[c & 15];
                break;
            }
        }
        bl_lspjson_buf_add(b, s + run, at - run);
        if (esc != NULL) {
            bl_lspjson_buf_adds(b, esc);
        } else {
            bl_lspjson_buf_add(b, u, 6);
        }
        run = i;
    }
    bl_lspjson_buf_add(b, s + run, len - run);
    bl_lspjson_buf_add(b, "\"", 1);
}

void bl_lspjson_buf_range(bl_lspjson_buf *b, int64_t l1, int64_t c1, int64_t l2, int64_t c2) {
    bl_lspjson_buf_adds(b, "{\"start\":{\"line\":");
    bl_lspjson_buf_int(b, l1);
    bl_lspjson_buf_adds(b, ",\"character\":");
    bl_lspjson_buf_int(b, c1);
    bl_lspjson_buf_adds(b, "},\"end\":{\"line\":");
    bl_lspjson_buf_int(b, l2);
    bl_lspjson_buf_adds(b, ",\"character\":");
    bl_lspjson_buf_int(b, c2);
    bl_lspjson_buf_adds(b, "}}");
}
