/* cli_progress.c — the progress line on stderr: articles read and done
 * and, when the size of the input is known (files and folders, not
 * standard input), the share done and the time left.
 *
 * The share is the articles done out of all there will be, which is the
 * articles read so far over the share of the input's bytes read. The
 * reader does not say how far into a file it is, so bytes are counted in
 * whole files plus, inside an uncompressed file, the bytes its articles
 * take: an estimate, never past the file's size. Commands that link read
 * into the reorder window first and do the work as articles leave it; the
 * share follows the articles done, so it moves with the work. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "cli.h"

#define WALK_DEPTH 32 /* folders deeper than this are not counted */

struct cli_meter {
  uint64_t total;     /* bytes of all input files; 0: unknown */
  uint64_t done;      /* bytes of the files left behind */
  char *file;         /* owned: the file being read, NULL before the first */
  uint64_t file_size; /* its size */
  uint64_t file_read; /* estimated bytes of it read so far */
  int compressed;     /* its articles' sizes say nothing of its bytes */
  int input_ended;    /* all read: the articles read are all there are */
  uint64_t n_read, n_done;
  double started, last_print;
};

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Adds the sizes of the files under path to *sum as the reader would walk
 * them (hidden entries skipped); symbolic links to folders are not
 * followed, so a loop cannot hold us. Returns 0 when a size is unknown. */
static int add_sizes(const char *path, int depth, uint64_t *sum) {
  struct stat st;
  if (lstat(path, &st) != 0) return 1; /* the reader reports it */
  if (S_ISLNK(st.st_mode) && (stat(path, &st) != 0 || S_ISDIR(st.st_mode)))
    return 1;
  if (S_ISREG(st.st_mode)) {
    *sum += (uint64_t)st.st_size;
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) return 0; /* a pipe or device: no size */
  if (depth >= WALK_DEPTH) return 1;
  DIR *d = opendir(path);
  if (!d) return 1;
  size_t pl = strlen(path);
  int known = 1;
  for (struct dirent *e; known && (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    char *child = malloc(pl + strlen(e->d_name) + 2);
    if (!child) break;
    sprintf(child, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", e->d_name);
    known = add_sizes(child, depth + 1, sum);
    free(child);
  }
  closedir(d);
  return known;
}

static int is_compressed(const char *path) {
  size_t n = strlen(path);
  return (n > 3 && !strcmp(path + n - 3, ".gz")) ||
         (n > 4 && !strcmp(path + n - 4, ".zst"));
}

void cli_meter_start(cli_input *in, const char *const *paths, size_t n) {
  in->meter = calloc(1, sizeof *in->meter);
  if (!in->meter) return; /* progress without a share: no harm */
  /* the first line after half a second: a short run shows none */
  in->meter->started = in->meter->last_print = now_seconds();
  uint64_t total = 0;
  int known = 1;
  for (size_t i = 0; known && i < n; i++)
    known = strcmp(paths[i], "-") && add_sizes(paths[i], 0, &total);
  in->meter->total = known ? total : 0;
}

void cli_meter_end(cli_input *in) {
  if (!in->meter) return;
  free(in->meter->file);
  free(in->meter);
  in->meter = NULL;
}

/* Counts article a in the bytes read: a new file closes the one before;
 * in an uncompressed file an article takes about its fields' bytes. */
static void count_article(struct cli_meter *m, const px_article *a) {
  if (!m->file || strcmp(m->file, a->file)) {
    if (m->file) m->done += m->file_size;
    free(m->file);
    m->file = strdup(a->file);
    struct stat st;
    m->file_size = stat(a->file, &st) == 0 ? (uint64_t)st.st_size : 0;
    m->file_read = 0;
    m->compressed = is_compressed(a->file);
  }
  if (m->compressed) return;
  const char *fields[] = {a->id, a->date, a->time, a->outlet, a->author, a->title, a->url};
  uint64_t bytes = a->text_len + 48; /* field names, quotes, separators */
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    if (fields[i]) bytes += strlen(fields[i]);
  m->file_read += bytes;
  if (m->file_read > m->file_size) m->file_read = m->file_size;
}

/* Prints seconds as "under a second", "about 40 s", "about 3 min 05 s"
 * or "about 2 h 10 min". */
static void print_duration(double seconds) {
  long s = (long)(seconds + 0.5);
  if (s < 1) fprintf(stderr, "under a second");
  else if (s < 60) fprintf(stderr, "about %ld s", s);
  else if (s < 3600) fprintf(stderr, "about %ld min %02ld s", s / 60, s % 60);
  else fprintf(stderr, "about %ld h %02ld min", s / 3600, s % 3600 / 60);
}

/* The share of the work done, or -1 when the input's size is unknown. */
static double share_done(const struct cli_meter *m) {
  if (!m->n_read) return 0;
  double bytes = 1;
  if (!m->input_ended) {
    if (!m->total) return -1;
    bytes = (double)(m->done + m->file_read) / (double)m->total;
    if (bytes <= 0) return 0;
    if (bytes > 1) bytes = 1;
  }
  double share = (double)m->n_done / ((double)m->n_read / bytes);
  return share < 0.99 ? share : 0.99; /* an estimate: 100% is the end */
}

/* Prints the progress line, at most twice a second. */
static void print_progress(const cli_input *in, const px_reader *r) {
  struct cli_meter *m = in->meter;
  double t = now_seconds();
  if (t - m->last_print < 0.5) return;
  m->last_print = t;
  px_ingest_stats s;
  px_reader_stats(r, &s);
  fprintf(stderr, "\r\033[Kparallax: %llu %s read (%.1f MB)",
          (unsigned long long)s.read, cli_plural(s.read, "article", "articles"),
          (double)s.bytes / 1e6);
  /* analyze and quotes finish each article as they read it */
  if (m->n_read - m->n_done > 1)
    fprintf(stderr, ", %llu done", (unsigned long long)m->n_done);
  double share = share_done(m);
  if (share < 0) return;
  fprintf(stderr, ", %.0f%%", share * 100);
  /* a rate needs a few seconds and some work behind it to mean much */
  double elapsed = t - m->started;
  if (elapsed >= 2 && share >= 0.01) {
    fprintf(stderr, ", ");
    print_duration(elapsed * (1 - share) / share);
    fprintf(stderr, " left");
  }
}

void cli_progress_read(const cli_input *in, const px_reader *r, const px_article *a) {
  if (in->progress != 1 || !in->meter) return;
  count_article(in->meter, a);
  in->meter->n_read++;
  print_progress(in, r);
}

void cli_progress_done(const cli_input *in, const px_reader *r) {
  if (in->progress != 1 || !in->meter) return;
  in->meter->n_done++;
  print_progress(in, r);
}

void cli_progress_input_end(const cli_input *in) {
  if (in->meter) in->meter->input_ended = 1;
}
