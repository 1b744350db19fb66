#include "lsppos.h"

#include "line.h"

const char *bl_lsppos_name(bl_lsppos_enc enc) {
    return enc == BL_LSPPOS_UTF8 ? "utf-8" : "utf-16";
}

size_t bl_lsppos_to_byte(bl_lsppos_enc enc, const char *s, size_t len, int64_t ch) {
    if (ch <= 0) {
        return 0;
    }
    if (enc == BL_LSPPOS_UTF8) {
        return (uint64_t)ch < len ? (size_t)ch : len;
    }
    size_t i = 0;
    int64_t u = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = bl_utf8_next(s, len, &i);
        u += cp >= 0x10000 ? 2 : 1;
        if (u > ch) {
            return at;
        }
        if (u == ch) {
            return i;
        }
    }
    return len;
}

uint32_t bl_lsppos_units(bl_lsppos_enc enc, const char *s, size_t a, size_t b) {
    if (enc == BL_LSPPOS_UTF8) {
        return (uint32_t)(b - a);
    }
    uint32_t u = 0;
    size_t i = a;
    while (i < b) {
        uint32_t cp = bl_utf8_next(s, b, &i);
        u += cp >= 0x10000 ? 2 : 1;
    }
    return u;
}

uint32_t bl_lsppos_from_byte(bl_lsppos_enc enc, const char *s, size_t len, size_t b) {
    return bl_lsppos_units(enc, s, 0, b < len ? b : len);
}
