/* cmd_serve.c — parallax serve: the HTTP JSON API and the web page over a
 * store, until interrupted. Read-only: the store is opened for queries
 * only, and the server answers GET and HEAD alone. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "serve/serve.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

int cmd_serve(int argc, char **argv);

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax serve --db FILE [--listen ADDR:PORT] [OPTIONS]\n\n"
          "Serves the store FILE (made by 'parallax ingest') read-only over\n"
          "HTTP: the JSON API (/api/stories, /api/stories/ID, /api/articles/ID,\n"
          "/api/search?q=, /api/quotes?speaker=; docs/API.md) and a web page\n"
          "to browse the stories, built into this program. Prints the address\n"
          "on standard output once it listens; runs until interrupted (Ctrl-C,\n"
          "SIGTERM).\n\n"
          "options:\n"
          "  --db FILE           the store to serve (required)\n"
          "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0\n"
          "                      takes a free one; [::1]:8080 for IPv6)\n"
          "  --threads N         worker threads, 1 to 64 (default 2)\n"
          "  --timeout SECONDS   close a connection idle this long, 1 to 3600\n"
          "                      (default 10)\n"
          "  --max-connections N connections at once, 16 to 65536 (default 512)\n"
          "  --no-cache          answer every API request from the store (by\n"
          "                      default answers are kept, and dropped when the\n"
          "                      store's files change)\n"
          "  -h, --help          this help\n\n"
          "exit status:\n"
          "  0  stopped by SIGINT, SIGTERM or SIGHUP\n"
          "  1  the store could not be opened, or the address not listened on\n"
          "  2  bad command line\n");
}

/* A whole number from lo to hi in value, else says which and returns -1. */
static int number_option(const char *name, const char *value, unsigned lo,
                         unsigned hi, unsigned *out) {
  unsigned long v = 0;
  const char *p = value;
  int ok = *p != '\0';
  for (; *p && ok; p++) {
    ok = *p >= '0' && *p <= '9';
    v = v * 10 + (unsigned long)(*p - '0');
    if (v > hi) ok = 0;
  }
  if (!ok || v < lo) {
    fprintf(stderr, "parallax serve: %s needs a whole number from %u to %u, not '%s'\n",
            name, lo, hi, value);
    return -1;
  }
  *out = (unsigned)v;
  return 0;
}

int cmd_serve(int argc, char **argv) {
  serve_opts o;
  memset(&o, 0, sizeof o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help(stdout);
      return EXIT_OK;
    }
    if (!strcmp(a, "--no-cache")) {
      o.no_cache = 1;
      continue;
    }
    int takes = !strcmp(a, "--db") || !strcmp(a, "--listen") ||
                !strcmp(a, "--threads") || !strcmp(a, "--timeout") ||
                !strcmp(a, "--max-connections");
    if (!takes) {
      fprintf(stderr, "parallax serve: unknown option or argument '%s'\n"
                      "'parallax serve --help' lists the options.\n", a);
      return EXIT_USAGE;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "parallax serve: %s needs a value\n", a);
      return EXIT_USAGE;
    }
    const char *v = argv[++i];
    if (!strcmp(a, "--db")) o.db = v;
    else if (!strcmp(a, "--listen")) o.listen = v;
    else if (!strcmp(a, "--threads")) {
      if (number_option(a, v, 1, 64, &o.threads)) return EXIT_USAGE;
    } else if (!strcmp(a, "--timeout")) {
      if (number_option(a, v, 1, 3600, &o.timeout)) return EXIT_USAGE;
    } else if (number_option(a, v, 16, 65536, &o.max_conns)) {
      return EXIT_USAGE;
    }
  }
  if (!o.db) {
    fprintf(stderr, "parallax serve: --db FILE is required (a store made by "
                    "'parallax ingest --db FILE PATH...')\n");
    return EXIT_USAGE;
  }

  /* The workers inherit this mask: the signals reach sigwait below. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  serve_server *srv = NULL;
  char err[600];
  int started = serve_start(&o, &srv, err, sizeof err);
  if (started) {
    fprintf(stderr, "parallax serve: %s\n", err);
    return started == -2 ? EXIT_USAGE : EXIT_FAILED;
  }
  const char *listen = o.listen ? o.listen : "127.0.0.1:8080";
  const char *colon = strrchr(listen, ':');
  printf("http://%.*s:%u/\n", (int)(colon - listen), listen, serve_port(srv));
  fflush(stdout);
  fprintf(stderr, "parallax serve: serving %s; Ctrl-C stops\n", o.db);

  int sig = 0;
  sigwait(&stop, &sig);
  fprintf(stderr, "parallax serve: stopping (%s)\n",
          sig == SIGINT ? "interrupted" : sig == SIGTERM ? "terminated" : "hang-up");
  serve_stop(srv);
  return EXIT_OK;
}
