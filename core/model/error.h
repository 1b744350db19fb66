/* error: the project's error codes. Every function that can fail returns 0
 * or one of these negative codes. */
#pragma once

enum {
    BL_OK = 0,
    BL_ENOMEM = -1,  /* allocation failed; the object is unchanged */
    BL_EINVAL = -2,  /* bad argument or malformed input */
    BL_ETOOBIG = -3, /* over a documented cap */
    BL_EIO = -4      /* a file could not be read or written */
};

/* A static, human-readable message for a BL_E* code. */
const char *bl_strerror(int code);
