#include "tlsguard/dynsym.h"
#include "elf/dynsym.h"

#include <stdlib.h>
#include <string.h>

#include "elf/elf_fields.h"
#include "tlsguard/elf_module.h"

/* A GNU hash table's Bloom filter word: the class's width. */
static uint64_t rdword(const struct elf_module *m, const unsigned char *p) {
  return elf_read_uint(m, p, m->elf_class == ELFCLASS32 ? 4 : 8);
}

static const char *str_at(const struct elf_module *m, uint64_t off) {
  const struct dynsym_view *d = &m->dynsym;
  if (!d->strtab || off >= d->strsz ||
      !memchr(d->strtab + off, '\0', d->strsz - off))
    return NULL;
  return d->strtab + off;
}

/* An Elf32_Sym or Elf64_Sym as the file has it. */
static void sym_read(const struct elf_module *m, const unsigned char *p,
                     GElf_Sym *sym) {
  sym->st_name = ELF_FIELD(m, p, Sym, st_name);
  sym->st_info = ELF_FIELD(m, p, Sym, st_info);
  sym->st_other = ELF_FIELD(m, p, Sym, st_other);
  sym->st_shndx = ELF_FIELD(m, p, Sym, st_shndx);
  sym->st_value = ELF_FIELD(m, p, Sym, st_value);
  sym->st_size = ELF_FIELD(m, p, Sym, st_size);
}

bool dynsym_get(const struct elf_module *m, uint64_t symndx, GElf_Sym *sym,
                const char **name) {
  const struct dynsym_view *d = &m->dynsym;
  size_t entsize = ELF_SIZE(m, Sym);
  if (symndx >= d->nsyms || (symndx + 1) * entsize > d->syms.size)
    return false;
  sym_read(m, d->syms.p + symndx * entsize, sym);
  if (name)
    *name = str_at(m, sym->st_name);
  return !name || *name;
}

static uint16_t versym_of(const struct elf_module *m, uint64_t symndx,
                          bool *present) {
  const struct image_bytes *v = &m->dynsym.versym;
  *present = v->p && (symndx + 1) * 2 <= v->size;
  return *present ? elf_read_u16(m, v->p + symndx * 2) : 0;
}

/* Verdef/Verneed walkers over raw bytes: every structure and every link is
 * bounds-checked; a loop is cut after the declared count. Names are NULL
 * when they lie outside the dynamic string table. A callback returns true
 * to stop the walk, and the walk then returns true. */

/* Each Verdef whose first Verdaux is in bounds: its index and name. */
typedef bool (*verdef_visit)(void *ctx, uint16_t index, const char *name);

static bool walk_verdef(const struct elf_module *m, verdef_visit fn,
                        void *ctx) {
  const unsigned char *base = m->dynsym.verdef.p;
  uint64_t size = m->dynsym.verdef.size, off = 0;
  if (!base)
    return false;
  for (uint64_t n = 0; n < m->dynsym.verdefnum && off + 20 <= size; n++) {
    const unsigned char *vd = base + off;
    uint16_t ndx = elf_read_u16(m, vd + 4);
    uint32_t aux = elf_read_u32(m, vd + 12), next = elf_read_u32(m, vd + 16);
    if (off + aux + 8 <= size &&
        fn(ctx, ndx, str_at(m, elf_read_u32(m, base + off + aux))))
      return true;
    if (next == 0)
      break;
    off += next;
  }
  return false;
}

/* Each Vernaux: the file it is needed from, the version, its index
 * (vna_other) and whether it is weak. */
typedef bool (*vernaux_visit)(void *ctx, const char *file, const char *version,
                              uint16_t index, bool weak);

static bool walk_verneed(const struct elf_module *m, vernaux_visit fn,
                         void *ctx) {
  const unsigned char *base = m->dynsym.verneed.p;
  uint64_t size = m->dynsym.verneed.size, off = 0;
  if (!base)
    return false;
  for (uint64_t n = 0; n < m->dynsym.verneednum && off + 16 <= size; n++) {
    const unsigned char *vn = base + off;
    uint16_t cnt = elf_read_u16(m, vn + 2);
    const char *file = str_at(m, elf_read_u32(m, vn + 4));
    uint32_t aux = elf_read_u32(m, vn + 8), next = elf_read_u32(m, vn + 12);
    uint64_t aoff = off + aux;
    for (uint16_t k = 0; k < cnt && aoff + 16 <= size; k++) {
      const unsigned char *va = base + aoff;
      if (fn(ctx, file, str_at(m, elf_read_u32(m, va + 8)),
             elf_read_u16(m, va + 6), elf_read_u16(m, va + 4) & VER_FLG_WEAK))
        return true;
      uint32_t anext = elf_read_u32(m, va + 12);
      if (anext == 0)
        break;
      aoff += anext;
    }
    if (next == 0)
      break;
    off += next;
  }
  return false;
}

/* The name of version index, looked for with the walks above. */
struct version_by_index {
  uint16_t index;
  const char *name;
};

static bool verdef_has_index(void *ctx, uint16_t index, const char *name) {
  struct version_by_index *v = ctx;
  if (index != v->index)
    return false;
  v->name = name;
  return true;
}

static bool vernaux_has_index(void *ctx, const char *file, const char *version,
                              uint16_t index, bool weak) {
  (void)file, (void)weak;
  return verdef_has_index(ctx, index, version);
}

static const char *verdef_name(const struct elf_module *m, uint16_t index) {
  struct version_by_index v = {index, NULL};
  walk_verdef(m, verdef_has_index, &v);
  return v.name;
}

static const char *verneed_name(const struct elf_module *m, uint16_t index) {
  struct version_by_index v = {index, NULL};
  walk_verneed(m, vernaux_has_index, &v);
  return v.name;
}

const char *dynsym_version_name(const struct elf_module *m, uint64_t symndx,
                                bool *hidden) {
  bool present;
  uint16_t vs = versym_of(m, symndx, &present);
  *hidden = present && (vs & 0x8000);
  uint16_t index = vs & 0x7fff;
  if (!present || index <= 1) /* VER_NDX_LOCAL, VER_NDX_GLOBAL */
    return NULL;
  GElf_Sym sym;
  if (!dynsym_get(m, symndx, &sym, NULL))
    return NULL;
  return sym.st_shndx == SHN_UNDEF ? verneed_name(m, index)
                                   : verdef_name(m, index);
}

/* What one symbol-table entry is to a lookup. */
enum match {
  MATCH_NO,
  MATCH_YES,
  /* glibc: an unversioned reference meets a symbol of a real version (index
   * 3 and up, not hidden): taken only when it is the only such one. */
  MATCH_LONE_VERSION,
};

/* glibc elf/dl-lookup.c check_match and do_lookup_x's binding switch; with
 * musl, ldso/dynlink.c find_sym2: versions are not compared, a hidden
 * (non-default) version is never bound. */
static enum match matches(const struct elf_module *m, uint64_t symndx,
                          const char *name, const char *version, bool musl,
                          GElf_Sym *sym) {
  const char *sname;
  if (!dynsym_get(m, symndx, sym, &sname) || strcmp(sname, name))
    return MATCH_NO;
  if (sym->st_shndx == SHN_UNDEF)
    return MATCH_NO;
  int bind = GELF_ST_BIND(sym->st_info);
  if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
    return MATCH_NO; /* local symbols are ignored */
  bool present;
  uint16_t vs = versym_of(m, symndx, &present);
  if (!present)
    return MATCH_YES; /* an unversioned definer satisfies any reference */
  bool hidden = vs & 0x8000;
  uint16_t ndx = vs & 0x7fff;
  if (musl)
    return hidden ? MATCH_NO : MATCH_YES;
  if (version) {
    /* The version asked for, or an unversioned (index 0/1), non-hidden
     * definition. */
    const char *defined = ndx >= 1 ? verdef_name(m, ndx) : NULL;
    if (defined && !strcmp(defined, version))
      return MATCH_YES;
    return !defined && !hidden ? MATCH_YES : MATCH_NO;
  }
  /* An unversioned reference binds to index 0-2 (the base version), else
   * to a real version only when there is exactly one visible. */
  if (ndx < 3)
    return MATCH_YES;
  return hidden ? MATCH_NO : MATCH_LONE_VERSION;
}

/* A bucket chain walk's state: the exact hit, or the lone versioned one. */
struct lookup {
  const char *name, *version;
  bool musl;
  GElf_Sym lone_sym;
  uint64_t lone_ndx;
  unsigned n_lone;
};

static bool visit(const struct elf_module *m, struct lookup *l, uint64_t symndx,
                  GElf_Sym *sym) {
  GElf_Sym s;
  switch (matches(m, symndx, l->name, l->version, l->musl, &s)) {
  case MATCH_YES:
    *sym = s;
    return true;
  case MATCH_LONE_VERSION:
    if (l->n_lone++ == 0)
      l->lone_sym = s, l->lone_ndx = symndx;
    return false;
  case MATCH_NO:
    break;
  }
  return false;
}

static uint32_t gnu_hash(const char *s) {
  uint32_t h = 5381;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    h = h * 33 + *p;
  return h;
}

static uint32_t sysv_hash(const char *s) {
  uint32_t h = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    h = (h << 4) + *p;
    uint32_t g = h & 0xf0000000;
    if (g)
      h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

static int lookup_gnu(const struct elf_module *m, struct lookup *l,
                      GElf_Sym *sym, uint64_t *symndx) {
  const unsigned char *h = m->dynsym.gnu_hash.p;
  uint64_t size = m->dynsym.gnu_hash.size;
  uint32_t nbuckets = elf_read_u32(m, h), symoffset = elf_read_u32(m, h + 4),
           bloom_size = elf_read_u32(m, h + 8),
           bloom_shift = elf_read_u32(m, h + 12);
  uint64_t word = m->elf_class == ELFCLASS64 ? 8 : 4;
  uint64_t buckets = 16 + (uint64_t)bloom_size * word;
  uint64_t chains = buckets + (uint64_t)nbuckets * 4;
  if (nbuckets == 0 || bloom_size == 0 || chains > size)
    return -1; /* unusable table: caller falls back */
  uint32_t hash = gnu_hash(l->name);
  uint64_t bits = word * 8;
  uint64_t bloom = rdword(m, h + 16 + ((hash / bits) % bloom_size) * word);
  uint64_t mask =
      (1ull << (hash % bits)) | (1ull << ((hash >> (bloom_shift & 31)) % bits));
  if ((bloom & mask) != mask)
    return 0;
  uint32_t i = elf_read_u32(m, h + buckets + (hash % nbuckets) * 4);
  if (i < symoffset)
    return 0;
  for (;; i++) {
    uint64_t pos = chains + (uint64_t)(i - symoffset) * 4;
    if (pos + 4 > size || i >= m->dynsym.nsyms)
      return 0;
    uint32_t ch = elf_read_u32(m, h + pos);
    if ((ch | 1) == (hash | 1) && visit(m, l, i, sym)) {
      *symndx = i;
      return 1;
    }
    if (ch & 1)
      return 0;
  }
}

static int lookup_sysv(const struct elf_module *m, struct lookup *l,
                       GElf_Sym *sym, uint64_t *symndx) {
  const unsigned char *h = m->dynsym.sysv_hash.p;
  uint64_t size = m->dynsym.sysv_hash.size;
  uint32_t nbucket = elf_read_u32(m, h), nchain = elf_read_u32(m, h + 4);
  if (nbucket == 0 || 8 + 4 * ((uint64_t)nbucket + nchain) > size)
    return -1;
  uint32_t i = elf_read_u32(m, h + 8 + (sysv_hash(l->name) % nbucket) * 4);
  /* A chain longer than nchain is a loop in a corrupted table. */
  for (uint32_t steps = 0; i != 0 && i < nchain && steps <= nchain; steps++) {
    if (visit(m, l, i, sym)) {
      *symndx = i;
      return 1;
    }
    i = elf_read_u32(m, h + 8 + 4 * ((uint64_t)nbucket + i));
  }
  return 0;
}

static bool lookup(const struct elf_module *m, struct lookup *l, GElf_Sym *sym,
                   uint64_t *symndx) {
  int r = -1;
  if (m->dynsym.gnu_hash.p)
    r = lookup_gnu(m, l, sym, symndx);
  if (r < 0 && m->dynsym.sysv_hash.p) {
    l->n_lone = 0;
    r = lookup_sysv(m, l, sym, symndx);
  }
  if (r < 0) {
    l->n_lone = 0;
    r = 0;
    for (uint64_t i = 1; i < m->dynsym.nsyms && !r; i++)
      if (visit(m, l, i, sym))
        *symndx = i, r = 1;
  }
  if (r == 1)
    return true;
  if (l->n_lone == 1) {
    *sym = l->lone_sym;
    *symndx = l->lone_ndx;
    return true;
  }
  return false;
}

bool dynsym_lookup(const struct elf_module *m, const char *name,
                   const char *version, GElf_Sym *sym, uint64_t *symndx) {
  struct lookup l = {name, version, false, {0}, 0, 0};
  return lookup(m, &l, sym, symndx);
}

bool dynsym_lookup_musl(const struct elf_module *m, const char *name,
                        GElf_Sym *sym, uint64_t *symndx) {
  struct lookup l = {name, NULL, true, {0}, 0, 0};
  return lookup(m, &l, sym, symndx);
}

/* dynsym_each_verneed's callback, given only entries whose names read. */
struct each_verneed {
  verneed_fn fn;
  void *ctx;
};

static bool vernaux_named(void *ctx, const char *file, const char *version,
                          uint16_t index, bool weak) {
  const struct each_verneed *e = ctx;
  (void)index;
  return file && version && e->fn(e->ctx, file, version, weak);
}

bool dynsym_each_verneed(const struct elf_module *m, verneed_fn fn, void *ctx) {
  struct each_verneed e = {fn, ctx};
  return walk_verneed(m, vernaux_named, &e);
}

bool dynsym_has_verdef(const struct elf_module *m) {
  return m->dynsym.verdef.p != NULL;
}

/* The Verdef names by hash: the version check runs for every version
 * every module of every closure needs, and libc.so.6 defines some forty. */
struct verdef_index {
  uint32_t mask; /* slots - 1, a power of two less one */
  uint32_t n;
  bool complete; /* false: too many to index (hostile), walk instead */
  const char *slots[];
};

static uint32_t name_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static bool verdef_index_put(void *ctx, uint16_t index, const char *name) {
  struct verdef_index *x = ctx;
  (void)index;
  if (!name)
    return false;
  if (x->n >= x->mask / 2) {
    x->complete = false;
    return true;
  }
  for (uint32_t i = name_hash(name) & x->mask;; i = (i + 1) & x->mask) {
    if (!x->slots[i]) {
      x->slots[i] = name;
      x->n++;
      return false;
    }
    if (!strcmp(x->slots[i], name))
      return false;
  }
}

/* NULL when out of memory: the caller walks the Verdefs instead. */
static const struct verdef_index *verdef_index_of(const struct elf_module *m) {
  struct verdef_index *x =
      __atomic_load_n(&m->dynsym.verdef_index, __ATOMIC_ACQUIRE);
  if (x)
    return x;
  uint64_t n = m->dynsym.verdefnum < 4096 ? m->dynsym.verdefnum : 4096;
  uint32_t slots = 16;
  while (slots < 4 * n)
    slots *= 2;
  x = calloc(1, sizeof *x + slots * sizeof x->slots[0]);
  if (!x)
    return NULL;
  x->mask = slots - 1;
  x->complete = true;
  walk_verdef(m, verdef_index_put, x);
  /* Two threads may both make it: the first one kept wins. */
  struct verdef_index *none = NULL;
  struct dynsym_view *view = (struct dynsym_view *)&m->dynsym;
  if (!__atomic_compare_exchange_n(&view->verdef_index, &none, x, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    free(x);
    return none;
  }
  return x;
}

static bool verdef_is_named(void *ctx, uint16_t index, const char *name) {
  (void)index;
  return name && !strcmp(name, ctx);
}

bool dynsym_defines_version(const struct elf_module *m, const char *version) {
  if (!m->dynsym.verdef.p)
    return false;
  const struct verdef_index *x = verdef_index_of(m);
  if (!x || !x->complete)
    return walk_verdef(m, verdef_is_named, (void *)version);
  for (uint32_t i = name_hash(version) & x->mask; x->slots[i];
       i = (i + 1) & x->mask)
    if (!strcmp(x->slots[i], version))
      return true;
  return false;
}
