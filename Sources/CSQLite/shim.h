#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast of -1 to a destructor pointer, a macro Swift cannot import: bound
   text is copied by SQLite before the call returns, so Swift's temporary buffers may go away. */
static inline sqlite3_destructor_type _Nonnull csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
