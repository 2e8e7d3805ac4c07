// A translation unit without thread-locals compiles to the same bytes with
// and without the plugin: the plugin adds nothing when there is nothing to
// do (no metadata, no attributes, no reordering), at -O0, -O2 and with
// debug information.
//
// RUN: %clang -fPIC -O2 -c %s -o %t.plain.o
// RUN: %clang -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -c %s -o %t.guarded.o
// RUN: cmp %t.plain.o %t.guarded.o
// RUN: %clang -fPIC -O0 -g -c %s -o %t.plain.o
// RUN: %clang -fPIC -O0 -g -fplugin=%plugin -c %s -o %t.guarded.o
// RUN: cmp %t.plain.o %t.guarded.o
// RUN: %clang -fPIC -O2 -c %s -o %t.plain.o
// RUN: %clang -fPIC -O2 -fpass-plugin=%plugin -c %s -o %t.guarded.o
// RUN: cmp %t.plain.o %t.guarded.o

struct point {
  double x, y;
};

static double squared(double v) { return v * v; }

double distance2(const struct point *a, const struct point *b) {
  return squared(a->x - b->x) + squared(a->y - b->y);
}

int counter;
int next(void) { return ++counter; }
