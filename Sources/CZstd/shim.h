#ifndef CZSTD_SHIM_H
#define CZSTD_SHIM_H

/* Debian's libzstd-dev: the one-shot ZSTD_compress API that Parquet pages use (each page is one
   zstd frame, as the Parquet spec's Compression.md describes for the ZSTD codec). */
#include <zstd.h>

#endif
