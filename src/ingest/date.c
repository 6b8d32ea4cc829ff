/* date.c — px_date_parse: ISO 8601 dates and date-times with zones, checked
 * field by field (month lengths, leap years), converted to seconds since
 * 1970 UTC with our own days-from-civil so no timegm/TZ portability issue
 * can change the result between machines. */
#include <string.h>
#include "ingest/ingest_internal.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's algorithm; exact for every year we accept). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static int is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m) {
  static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Reads exactly n digits at s[*i]; -1 when they are not all digits. */
static int digits(const char *s, size_t len, size_t *i, int n) {
  int v = 0;
  if (*i + (size_t)n > len) return -1;
  for (int k = 0; k < n; k++) {
    char c = s[*i + (size_t)k];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  *i += (size_t)n;
  return v;
}

/* Parses "HH:MM[:SS[.fff]]" at s[*i]; writes seconds of the day. */
static int parse_clock(const char *s, size_t len, size_t *i, int hms[3]) {
  hms[0] = digits(s, len, i, 2);
  if (hms[0] < 0 || hms[0] > 23 || *i >= len || s[*i] != ':') return -1;
  (*i)++;
  hms[1] = digits(s, len, i, 2);
  if (hms[1] < 0 || hms[1] > 59) return -1;
  hms[2] = 0;
  if (*i < len && s[*i] == ':') {
    (*i)++;
    hms[2] = digits(s, len, i, 2);
    if (hms[2] < 0 || hms[2] > 60) return -1; /* 60: a leap second */
    if (*i < len && (s[*i] == '.' || s[*i] == ',')) {
      size_t start = ++(*i); /* fractions are dropped, not rounded */
      while (*i < len && s[*i] >= '0' && s[*i] <= '9') (*i)++;
      if (*i == start) return -1;
    }
  }
  return 0;
}

/* Parses an optional zone at s[*i]: "Z", "+HH", "+HH:MM", "+HHMM".
 * Writes its offset east of UTC in seconds. */
static int parse_zone(const char *s, size_t len, size_t *i, int64_t *off) {
  *off = 0;
  if (*i == len) return 0;
  if (s[*i] == 'Z' || s[*i] == 'z') { (*i)++; return 0; }
  if (s[*i] != '+' && s[*i] != '-') return -1;
  int sign = s[*i] == '-' ? -1 : 1;
  (*i)++;
  int h = digits(s, len, i, 2), m = 0;
  if (h < 0 || h > 23) return -1;
  if (*i < len && s[*i] == ':') (*i)++;
  if (*i < len) {
    m = digits(s, len, i, 2);
    if (m < 0 || m > 59) return -1;
  }
  *off = sign * (int64_t)(h * 3600 + m * 60);
  return 0;
}

/* Writes three zero-padded fields joined by sep (the first width digits
 * wide, the others two); all values were range-checked before. */
static void put_fields(char *out, const int v[3], char sep, int width) {
  int widths[3] = {width, 2, 2}, k = 0;
  for (int f = 0; f < 3; f++) {
    if (f) out[k++] = sep;
    for (int i = widths[f] - 1, x = v[f]; i >= 0; i--, x /= 10)
      out[k + i] = (char)('0' + x % 10);
    k += widths[f];
  }
  out[k] = '\0';
}

px_status px_date_parse(const char *s, size_t len, char date[11],
                        char time[9], int64_t *timestamp) {
  s = px__trim(s, &len);
  size_t i = 0;
  int y = digits(s, len, &i, 4);
  if (y < 0 || i >= len || s[i++] != '-') return PX_BAD_DATE;
  int mo = digits(s, len, &i, 2);
  if (mo < 1 || mo > 12 || i >= len || s[i++] != '-') return PX_BAD_DATE;
  int d = digits(s, len, &i, 2);
  if (d < 1 || d > days_in_month(y, mo)) return PX_BAD_DATE;
  int hms[3] = {0, 0, 0}, has_clock = 0;
  int64_t off = 0;
  if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    i++;
    if (parse_clock(s, len, &i, hms) != 0) return PX_BAD_DATE;
    has_clock = 1;
    if (i < len && s[i] == ' ') i++; /* "2025-10-16 10:00 +02:00" */
    if (parse_zone(s, len, &i, &off) != 0) return PX_BAD_DATE;
  }
  if (i != len) return PX_BAD_DATE;
  int parts[3] = {y, mo, d};
  put_fields(date, parts, '-', 4);
  if (has_clock) put_fields(time, hms, ':', 2);
  else time[0] = '\0';
  int64_t secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
                 hms[0] * 3600 + hms[1] * 60 + hms[2];
  *timestamp = secs - off;
  return PX_OK;
}
