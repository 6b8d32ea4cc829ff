/* date.c — px_date_parse: ISO 8601 dates and date-times with zones, and
 * the common forms news feeds use instead (PX__DATE_FORMATS lists them),
 * checked field by field (month lengths, leap years), converted to seconds
 * since 1970 UTC with our own days-from-civil so no timegm/TZ portability
 * issue can change the result between machines. Day-first or month-first
 * numeric dates ("10/11/2025") are refused: they cannot be told apart. */
#include <string.h>
#include <strings.h>
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

/* Reads 1 to 2 digits (a day, an hour) at s[*i]; -1 when there are none. */
static int digits12(const char *s, size_t len, size_t *i) {
  int v = digits(s, len, i, 2);
  return v >= 0 ? v : digits(s, len, i, 1);
}

/* Parses "HH:MM[:SS[.fff]]" at s[*i] (loose: "H:MM" too, with an optional
 * "am"/"pm" after a space); writes hours, minutes, seconds. */
static int parse_clock(const char *s, size_t len, size_t *i, int loose,
                       int hms[3]) {
  hms[0] = loose ? digits12(s, len, i) : digits(s, len, i, 2);
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
  size_t j = *i;
  while (loose && j < len && s[j] == ' ') j++;
  int ap = j < len ? s[j] | 0x20 : 0;
  if (loose && len - j >= 2 && (ap == 'a' || ap == 'p') &&
      (s[j + 1] == 'm' || s[j + 1] == 'M') &&
      (j + 2 == len || s[j + 2] == ' ')) {
    if (hms[0] < 1 || hms[0] > 12) return -1;
    hms[0] = hms[0] % 12 + (ap == 'p' ? 12 : 0);
    *i = j + 2;
  }
  return 0;
}

/* A word of ASCII letters at s[*i]; returns its length. */
static size_t word_len(const char *s, size_t len, size_t i) {
  size_t k = i;
  while (k < len && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')) k++;
  return k - i;
}

/* A zone name of RFC 2822 (UT, GMT and the US zones) or UTC; writes its
 * offset east of UTC in seconds. */
static int zone_name(const char *s, size_t n, int64_t *off) {
  static const struct { const char *name; int hours; } zones[] = {
      {"UT", 0},   {"UTC", 0},  {"GMT", 0},  {"EST", -5}, {"EDT", -4},
      {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8},
      {"PDT", -7}};
  for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++)
    if (strlen(zones[k].name) == n && strncasecmp(zones[k].name, s, n) == 0) {
      *off = zones[k].hours * 3600;
      return 0;
    }
  return -1;
}

/* Parses an optional zone at s[*i]: "Z", "+HH", "+HH:MM", "+HHMM", or a
 * name (zone_name). Writes its offset east of UTC in seconds. */
static int parse_zone(const char *s, size_t len, size_t *i, int64_t *off) {
  *off = 0;
  if (*i == len) return 0;
  if (s[*i] == 'Z' || s[*i] == 'z') { (*i)++; return 0; }
  size_t w = word_len(s, len, *i);
  if (w) {
    if (zone_name(s + *i, w, off) != 0) return -1;
    *i += w;
    return 0;
  }
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

/* An English month name, whole or its first three letters ("Sept" too),
 * with an optional '.'; returns 1..12 or -1. */
static int month_name(const char *s, size_t len, size_t *i) {
  static const char *const names[12] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  size_t n = word_len(s, len, *i);
  for (int m = 0; m < 12 && n >= 3; m++) {
    if ((n == 3 || n == strlen(names[m]) || (m == 8 && n == 4)) &&
        strncasecmp(names[m], s + *i, n) == 0) {
      *i += n;
      if (*i < len && s[*i] == '.') (*i)++;
      return m + 1;
    }
  }
  return -1;
}

/* Skips a leading weekday name ("Thu," "Thursday") and what follows it. */
static void skip_weekday(const char *s, size_t len, size_t *i) {
  static const char *const days[7] = {"monday", "tuesday", "wednesday",
                                      "thursday", "friday", "saturday",
                                      "sunday"};
  size_t n = word_len(s, len, *i);
  for (int d = 0; d < 7 && n >= 3; d++)
    if ((n == 3 || n == strlen(days[d])) &&
        strncasecmp(days[d], s + *i, n) == 0) {
      *i += n;
      if (*i < len && (s[*i] == ',' || s[*i] == '.')) (*i)++;
      while (*i < len && s[*i] == ' ') (*i)++;
      return;
    }
}

static int skip_spaces(const char *s, size_t len, size_t *i) {
  size_t start = *i;
  while (*i < len && s[*i] == ' ') (*i)++;
  return *i > start ? 0 : -1;
}

/* The calendar date at s[*i] in one of the accepted forms; *iso says it
 * was YYYY-MM-DD, after which a 'T' may start the clock. */
static int parse_day(const char *s, size_t len, size_t *i, int ymd[3],
                     int *iso) {
  size_t j = *i;
  int y = digits(s, len, &j, 4);
  *iso = 0;
  if (y >= 0 && j < len && (s[j] == '-' || s[j] == '/')) {
    char sep = s[j++];
    *iso = sep == '-';
    ymd[1] = *iso ? digits(s, len, &j, 2) : digits12(s, len, &j);
    if (ymd[1] < 0 || j >= len || s[j++] != sep) return -1;
    ymd[2] = *iso ? digits(s, len, &j, 2) : digits12(s, len, &j);
  } else if (y < 0 && (ymd[2] = digits12(s, len, &j)) >= 0) {
    /* "16 Oct 2025" */
    if (skip_spaces(s, len, &j) || (ymd[1] = month_name(s, len, &j)) < 0 ||
        skip_spaces(s, len, &j) || (y = digits(s, len, &j, 4)) < 0)
      return -1;
  } else if (y < 0 && (ymd[1] = month_name(s, len, &j)) >= 0) {
    /* "October 16, 2025", "Oct. 16 2025" */
    if (skip_spaces(s, len, &j) || (ymd[2] = digits12(s, len, &j)) < 0)
      return -1;
    if (j < len && s[j] == ',') j++;
    if (skip_spaces(s, len, &j) || (y = digits(s, len, &j, 4)) < 0)
      return -1;
  } else {
    return -1;
  }
  ymd[0] = y;
  if (ymd[1] < 1 || ymd[1] > 12 || ymd[2] < 1 ||
      ymd[2] > days_in_month(y, ymd[1]))
    return -1;
  *i = j;
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
  int ymd[3], iso, hms[3] = {0, 0, 0}, has_clock = 0;
  int64_t off = 0;
  skip_weekday(s, len, &i);
  if (parse_day(s, len, &i, ymd, &iso) != 0) return PX_BAD_DATE;
  if (i < len) {
    /* "T" after an ISO date; else spaces, maybe after a comma */
    if (iso && (s[i] == 'T' || s[i] == 't')) i++;
    else {
      if (!iso && s[i] == ',') i++;
      if (skip_spaces(s, len, &i) != 0) return PX_BAD_DATE;
    }
    if (parse_clock(s, len, &i, !iso, hms) != 0) return PX_BAD_DATE;
    has_clock = 1;
    if (i < len && s[i] == ' ') i++; /* "2025-10-16 10:00 +02:00" */
    if (parse_zone(s, len, &i, &off) != 0) return PX_BAD_DATE;
  }
  if (i != len) return PX_BAD_DATE;
  put_fields(date, ymd, '-', 4);
  if (has_clock) put_fields(time, hms, ':', 2);
  else time[0] = '\0';
  int64_t secs =
      days_from_civil(ymd[0], (unsigned)ymd[1], (unsigned)ymd[2]) * 86400 +
      hms[0] * 3600 + hms[1] * 60 + hms[2];
  *timestamp = secs - off;
  return PX_OK;
}
