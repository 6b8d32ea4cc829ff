/* testutil.h — shared includes for the cmocka unit tests. */
#ifndef PX_TESTUTIL_H
#define PX_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "parallax.h"

/* Compares a byte span of text with a C string. */
#define assert_span(text, start, end, want)                              \
  do {                                                                   \
    size_t want_len_ = strlen(want);                                     \
    assert_int_equal((end) - (start), want_len_);                        \
    assert_memory_equal((text) + (start), (want), want_len_);            \
  } while (0)
#endif
