// A translation unit without thread-locals compiles to the same bytes with
// and without the plugin: the plugin adds nothing when there is nothing to
// do (no metadata, no attributes, no reordering), at -O0, -O2 and with
// debug information.
//
// RUN: %cc -fPIC -O2 -c %s -o %t.plain.o
// RUN: %cc -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -c %s -o %t.guarded.o
// RUN: cmp %t.plain.o %t.guarded.o
// gcc records its command line, -fplugin= included, in the debug
// information unless told not to:
// RUN: %cc -fPIC -O0 -g -gno-record-gcc-switches -c %s -o %t.plain.o
// RUN: %cc -fPIC -O0 -g -gno-record-gcc-switches -fplugin=%plugin -c %s -o %t.guarded.o
// RUN: cmp %t.plain.o %t.guarded.o
// RUN: %if compiler-clang %{ %cc -fPIC -O2 -c %s -o %t.plain.o %}
// RUN: %if compiler-clang %{ %cc -fPIC -O2 -fpass-plugin=%plugin -c %s -o %t.guarded.o %}
// RUN: %if compiler-clang %{ cmp %t.plain.o %t.guarded.o %}


struct point {
  double x, y;
};

static double squared(double v) { return v * v; }

double distance2(const struct point *a, const struct point *b) {
  return squared(a->x - b->x) + squared(a->y - b->y);
}

int counter;
int next(void) { return ++counter; }
