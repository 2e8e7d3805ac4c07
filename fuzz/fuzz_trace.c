/* libFuzzer harness: the tracer's trace file (trace/ring.h, records.h) as a
 * traced process may leave it -- a header, then records, torn or not -- read
 * and reported in both formats, with no module files (the launcher's
 * path). */
#include <stdint.h>
#include <stdio.h>

#include "records.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *sink;
  if (!sink)
    sink = fopen("/dev/null", "w");
  struct trace t = {0};
  if (trace_parse(data, size, &t) && sink) {
    trace_report(&t, sink, false, "fuzz", NULL);
    trace_report(&t, sink, true, "fuzz", NULL);
  }
  trace_free(&t);
  return 0;
}
