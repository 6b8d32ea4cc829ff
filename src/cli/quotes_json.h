/* quotes_json.h — quotations as JSON, shared by `parallax quotes` and
 * `parallax analyze` (which adds a "quotes" array per article). */
#ifndef PX_QUOTES_JSON_H
#define PX_QUOTES_JSON_H
#include <jansson.h>
#include "parallax.h"

/* One quotation as a JSON object with the fields score_quotes.py reads
 * (article_id, kind, text, start, end, speaker, speaker_mention,
 * speaker_start, speaker_end, cue, confidence) and the evidence beside them
 * (role, how, pieces, cue_start, cue_end, unclosed). article_id may be NULL
 * (then left out). Returns a new reference. */
json_t *px_cli_quote_json(const char *article_id, const char *text,
                          const px_quote_list *l, const px_quote *q);

/* The quotations of an analysed article as a JSON array (new reference),
 * or NULL when out of memory. For cmd_analyze:
 *   json_object_set_new(o, "quotes", px_cli_quotes_json(quoter, &doc)); */
json_t *px_cli_quotes_json(px_quoter *quoter, const px_doc *doc);
#endif
