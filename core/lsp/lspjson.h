/* lspjson: JSON helpers of the language server on jansson — typed field
 * access, strings made valid UTF-8, and a growable byte buffer for output
 * written by hand (semantic tokens, the frame header).
 *
 * Ownership: getters borrow from the object they read; bl_lspjson_str()
 * returns a new reference (NULL when out of memory); a bl_lspjson_buf owns
 * its bytes until bl_lspjson_buf_take(). */
#pragma once

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* o[key] as a string (NULL if absent or not a string), its length. */
const char *bl_lspjson_get_str(const json_t *o, const char *key, size_t *len);
/* o[key] as an integer: 0 and *v, or -1 if absent or not an integer. */
int bl_lspjson_get_int(const json_t *o, const char *key, int64_t *v);
/* o[key] if it is an object (or array), else NULL. */
json_t *bl_lspjson_get_obj(const json_t *o, const char *key);
json_t *bl_lspjson_get_arr(const json_t *o, const char *key);
/* A JSON string of s[0, len): invalid UTF-8 bytes become U+FFFD. */
json_t *bl_lspjson_str(const char *s, size_t len);
/* {"line": line, "character": ch} */
json_t *bl_lspjson_pos(int64_t line, int64_t ch);
json_t *bl_lspjson_range(int64_t l1, int64_t c1, int64_t l2, int64_t c2);

/* Invariant: p[0, n) written, n <= cap; failed once any append failed (the
 * content is then incomplete and must not be sent). */
typedef struct {
    char *p;
    size_t n, cap;
    int failed;
} bl_lspjson_buf;

void bl_lspjson_buf_add(bl_lspjson_buf *b, const char *s, size_t len);
void bl_lspjson_buf_adds(bl_lspjson_buf *b, const char *s);
void bl_lspjson_buf_int(bl_lspjson_buf *b, int64_t v);
void bl_lspjson_buf_clear(bl_lspjson_buf *b);
void bl_lspjson_buf_free(bl_lspjson_buf *b);
/* Hands p to the caller (who frees it) and empties the buffer. */
char *bl_lspjson_buf_take(bl_lspjson_buf *b, size_t *n);

/* JSON written by hand, for results too large to build as jansson trees
 * (a 100k-line outline): s[0, len) as a JSON string (quotes, escapes;
 * invalid UTF-8 bytes become U+FFFD, as bl_lspjson_str() does), and a
 * Range {"start":{"line":l1,"character":c1},"end":{...}}. */
void bl_lspjson_buf_str(bl_lspjson_buf *b, const char *s, size_t len);
void bl_lspjson_buf_range(bl_lspjson_buf *b, int64_t l1, int64_t c1, int64_t l2, int64_t c2);
