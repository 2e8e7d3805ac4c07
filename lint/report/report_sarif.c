/* --format=sarif: SARIF 2.1.0 (OASIS), one run, every rule declared up
 * front, results streamed, unreadable inputs as tool execution
 * notifications. Allow-listed findings carry an external suppression so
 * code-scanning views show them as dismissed, not as new alerts. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/formats.h"
#include "tlsguard/json_writer.h"
#include "tlsguard/output.h"

/* SARIF's levels are tlsguard's severities, by name. */
static const char *sarif_level(enum severity s) { return severity_name(s); }

/* A URI reference for a path: percent-encoded, file:// for absolute paths. */
static char *path_uri(const char *path) {
  size_t len = strlen(path);
  char *uri = xmalloc(len * 3 + 8);
  char *o = uri;
  if (path[0] == '/')
    o += sprintf(o, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (isalnum(*p) || strchr("-._~/", *p))
      *o++ = (char)*p;
    else
      o += sprintf(o, "%%%02X", *p);
  }
  *o = '\0';
  return uri;
}

/* "physicalLocation": the file as a URI, and its line when known (> 0). */
static void physical_location(struct json_writer *w, const char *path,
                              unsigned line) {
  char *uri = path_uri(path);
  jw_key(w, "physicalLocation");
  jw_object(w);
  jw_key(w, "artifactLocation");
  jw_object(w);
  jw_kstring(w, "uri", uri);
  jw_object_end(w);
  if (line) {
    jw_key(w, "region");
    jw_object(w);
    jw_kuint(w, "startLine", line);
    jw_object_end(w);
  }
  jw_object_end(w);
  free(uri);
}

static void location(struct json_writer *w, const char *path) {
  jw_key(w, "locations");
  jw_array(w);
  jw_object(w);
  physical_location(w, path, 0);
  jw_object_end(w);
  jw_array_end(w);
}

static void text_object(struct json_writer *w, const char *key,
                        const char *text) {
  jw_key(w, key);
  jw_object(w);
  jw_kstring(w, "text", text);
  jw_object_end(w);
}

/* The declarations (DWARF file:line) of the variables the static accesses
 * reach: code-scanning views can then point at the source, not the .so. */
static void related_locations(struct json_writer *w, const char *path,
                              const struct finding *f) {
  /* The cause: another module's block, when that is what is made static. */
  bool cause = f->block_owner && strcmp(f->block_owner, path);
  size_t n = cause;
  for (size_t i = 0; i < f->n_vars; i++)
    n += f->vars[i].reached && f->vars[i].file && f->vars[i].line;
  if (!n)
    return;
  jw_key(w, "relatedLocations");
  jw_array(w);
  uint64_t id = 0;
  if (cause) {
    char *what =
        xasprintf("the %" PRIu64 "-byte TLS block made static", f->block_size);
    jw_object(w);
    jw_kuint(w, "id", id++);
    physical_location(w, f->block_owner, 0);
    text_object(w, "message", what);
    jw_object_end(w);
    free(what);
  }
  for (size_t i = 0; i < f->n_vars; i++) {
    const struct finding_var *v = &f->vars[i];
    if (!v->reached || !v->file || !v->line)
      continue;
    char *what = xasprintf("'%s' (%" PRIu64 " bytes) is declared here", v->name,
                           v->size);
    jw_object(w);
    jw_kuint(w, "id", id++);
    physical_location(w, v->file, v->line);
    text_object(w, "message", what);
    jw_object_end(w);
    free(what);
  }
  jw_array_end(w);
}

void sarif_begin(struct json_writer *w) {
  jw_object(w);
  jw_kstring(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  jw_kstring(w, "version", "2.1.0");
  jw_key(w, "runs");
  jw_array(w);
  jw_object(w);
  jw_key(w, "tool");
  jw_object(w);
  jw_key(w, "driver");
  jw_object(w);
  jw_kstring(w, "name", "tlsguard-lint");
  jw_kstring(w, "version", TLSGUARD_VERSION);
  jw_kstring(w, "semanticVersion", TLSGUARD_VERSION);
  jw_key(w, "rules");
  jw_array(w);
  for (int i = 0; i < RULE_COUNT; i++) {
    const struct rule *r = rule_get((enum rule_id)i);
    jw_object(w);
    jw_kstring(w, "id", r->id);
    text_object(w, "shortDescription", r->title);
    text_object(w, "fullDescription", r->help);
    text_object(w, "help", r->help);
    char *uri = rule_help_uri((enum rule_id)i);
    jw_kstring(w, "helpUri", uri);
    free(uri);
    jw_key(w, "defaultConfiguration");
    jw_object(w);
    jw_kstring(w, "level", sarif_level(r->severity));
    jw_object_end(w);
    jw_object_end(w);
  }
  jw_array_end(w);
  jw_object_end(w); /* driver */
  jw_object_end(w); /* tool */
  jw_key(w, "results");
  jw_array(w);
}

void sarif_file(struct json_writer *w, const struct file_report *r) {
  for (size_t i = 0; i < r->n_findings; i++) {
    const struct finding *f = &r->findings[i];
    jw_object(w);
    jw_kstring(w, "ruleId", rule_get(f->rule)->id);
    jw_kuint(w, "ruleIndex", (uint64_t)f->rule);
    jw_kstring(
        w, "level",
        sarif_level(f->allowed_by ? rule_get(f->rule)->severity : f->severity));
    size_t len = strlen(f->message) + 1;
    for (size_t k = 0; k < f->n_notes; k++)
      len += strlen(f->notes[k]) + 1;
    char *text = xmalloc(len);
    strcpy(text, f->message);
    for (size_t k = 0; k < f->n_notes; k++) {
      strcat(text, "\n");
      strcat(text, f->notes[k]);
    }
    text_object(w, "message", text);
    free(text);
    location(w, r->path);
    related_locations(w, r->path, f);
    if (f->allowed_by) {
      jw_key(w, "suppressions");
      jw_array(w);
      jw_object(w);
      jw_kstring(w, "kind", "external");
      char *why = xasprintf("allowed by %s", f->allowed_by);
      jw_kstring(w, "justification", why);
      free(why);
      jw_object_end(w);
      jw_array_end(w);
    }
    jw_key(w, "properties");
    jw_object(w);
    if (f->symbol)
      jw_kstring(w, "symbol", f->symbol);
    if (f->reloc_name)
      jw_kstring(w, "relocation", f->reloc_name);
    if (f->block_owner) {
      jw_kstring(w, "blockOwner", f->block_owner);
      jw_kuint(w, "blockSize", f->block_size);
      jw_kuint(w, "blockAlign", f->block_align);
    }
    jw_kstring_array(w, "chain", (const char *const *)f->chain, f->chain_len);
    if (f->n_vars) {
      jw_key(w, "variables");
      jw_array(w);
      for (size_t k = 0; k < f->n_vars; k++) {
        jw_object(w);
        jw_kstring(w, "name", f->vars[k].name);
        jw_kuint(w, "size", f->vars[k].size);
        if (f->vars[k].file) {
          jw_kstring(w, "file", f->vars[k].file);
          jw_kuint(w, "line", f->vars[k].line);
        }
        jw_kbool(w, "reached", f->vars[k].reached);
        jw_object_end(w);
      }
      jw_array_end(w);
    }
    jw_object_end(w);
    jw_object_end(w);
  }
}

void sarif_end(struct json_writer *w, const struct run_summary *s,
               const struct input_error *errors, size_t n_errors) {
  (void)s;
  jw_array_end(w); /* results */
  jw_key(w, "invocations");
  jw_array(w);
  jw_object(w);
  jw_kbool(w, "executionSuccessful", n_errors == 0);
  jw_key(w, "toolExecutionNotifications");
  jw_array(w);
  for (size_t i = 0; i < n_errors; i++) {
    jw_object(w);
    jw_kstring(w, "level", "error");
    text_object(w, "message", errors[i].message);
    location(w, errors[i].path);
    jw_object_end(w);
  }
  jw_array_end(w);
  jw_object_end(w);
  jw_array_end(w);  /* invocations */
  jw_object_end(w); /* run */
  jw_array_end(w);  /* runs */
  jw_object_end(w);
}
