/* cmd_eval.c — parallax eval: scores predictions against gold files.
 * "eval clusters --gold G --pred P" prints the table of
 * tools/score_clusters.py (B-cubed, pairwise, NMI, ARI), or one JSON
 * object with --json. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax eval clusters --gold GOLD.tsv --pred PRED.tsv "
          "[--json]\n\n"
          "Files hold \"id<TAB>label\" lines. Gold ids missing from PRED\n"
          "count as singletons; PRED ids not in GOLD are ignored.\n\n");
  cli_exit_help(out);
}

static void print_table(const char *g, const char *p,
                        const px_cluster_scores *s) {
  printf("gold: %s\npred: %s\n", g, p);
  printf("items %zu   gold clusters %zu   predicted clusters %zu\n", s->items,
         s->gold_clusters, s->pred_clusters);
  if (s->missing_in_pred)
    printf("WARNING: %zu gold %s missing from pred (scored as singletons)\n",
           s->missing_in_pred, cli_plural(s->missing_in_pred, "id", "ids"));
  if (s->extra_in_pred)
    printf("WARNING: %zu pred %s not in gold (ignored)\n", s->extra_in_pred,
           cli_plural(s->extra_in_pred, "id", "ids"));
  printf("%-10s %9s %9s %9s\n", "metric", "precision", "recall", "F1");
  printf("%-10s %9.4f %9.4f %9.4f\n", "B-cubed", s->bcubed_p, s->bcubed_r,
         s->bcubed_f1);
  printf("%-10s %9.4f %9.4f %9.4f\n", "pairwise", s->pair_p, s->pair_r,
         s->pair_f1);
  printf("NMI (arithmetic) %.4f\nARI              %.4f\n", s->nmi, s->ari);
}

static void print_json(const px_cluster_scores *s) {
  printf("{\"items\": %zu, \"gold_clusters\": %zu, \"pred_clusters\": %zu, "
         "\"bcubed_precision\": %.6f, \"bcubed_recall\": %.6f, "
         "\"bcubed_f1\": %.6f, \"pair_precision\": %.6f, "
         "\"pair_recall\": %.6f, \"pair_f1\": %.6f, \"nmi\": %.6f, "
         "\"ari\": %.6f, \"missing_in_pred_as_singletons\": %zu, "
         "\"pred_ids_not_in_gold_ignored\": %zu}\n",
         s->items, s->gold_clusters, s->pred_clusters, s->bcubed_p,
         s->bcubed_r, s->bcubed_f1, s->pair_p, s->pair_r, s->pair_f1, s->nmi,
         s->ari, s->missing_in_pred, s->extra_in_pred);
}

int cmd_eval(int argc, char **argv) {
  const char *gold = NULL, *pred = NULL;
  int json = 0;
  if (argc < 2 || strcmp(argv[1], "clusters")) {
    help(argc > 1 && !strcmp(argv[1], "--help") ? stdout : stderr);
    return argc > 1 && !strcmp(argv[1], "--help") ? 0 : 2;
  }
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--gold") && i + 1 < argc) gold = argv[++i];
    else if (!strcmp(argv[i], "--pred") && i + 1 < argc) pred = argv[++i];
    else if (!strcmp(argv[i], "--json")) json = 1;
    else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      help(stdout);
      return 0;
    } else {
      fprintf(stderr, "parallax eval: unknown argument '%s'\n", argv[i]);
      return 2;
    }
  }
  if (!gold || !pred) {
    help(stderr);
    return 2;
  }
  px_cluster_scores s;
  char err[512];
  px_status st = px_cluster_score_files(gold, pred, &s, err, sizeof err);
  if (st != PX_OK) {
    fprintf(stderr, "parallax eval: %s\n", *err ? err : px_strerror(st));
    return 2;
  }
  if (json) print_json(&s);
  else print_table(gold, pred, &s);
  return 0;
}
