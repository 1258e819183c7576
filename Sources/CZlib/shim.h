#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/* inflateInit2 is a function-like macro (it passes ZLIB_VERSION and sizeof(z_stream)), which Swift
   cannot import: wrap it. 16 + 15 accepts the gzip format only, with the largest window. */
static inline int czlib_inflate_init_gzip(z_streamp _Nonnull stream) {
    return inflateInit2(stream, 16 + 15);
}

/* Raw deflate (no zlib or gzip wrapper), as ZIP entries store it: negative window bits, largest window. */
static inline int czlib_inflate_init_raw(z_streamp _Nonnull stream) {
    return inflateInit2(stream, -15);
}

#endif
