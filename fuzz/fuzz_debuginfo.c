/* libFuzzer harness for the separate-debug-file path: libdwfl's lookup by
 * build-id under --debug-dir, its reading of the file it finds, and the
 * DWARF walk over it (tls_variables_find with an on-disk path, which
 * fuzz-elf-module does not give). The input is a library and its debug
 * file: a 4-byte little-endian length L, L bytes of library, the rest the
 * debug file. Both are written to a private directory (the debug file at
 * .build-id/xx/rest.debug for the library's build-id, and beside it as
 * fuzz.debug for a .gnu_debuglink), then read. Seeds come from
 * scripts/run-fuzzers (a stripped library and its objcopy
 * --only-keep-debug file). Any crash, sanitizer report or leak is a bug. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tlsguard/debuginfo.h"
#include "tlsguard/elf_module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/tlsguard-fuzz-debuginfo-XXXXXX";
static char lib_path[64], debug_dir[64], link_path[64];

static void write_file(const char *path, const uint8_t *data, size_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return;
  while (size) {
    ssize_t n = write(fd, data, size);
    if (n <= 0)
      break;
    data += n;
    size -= (size_t)n;
  }
  close(fd);
}

/* The library's GNU build-id, as hex, or false. */
static bool build_id(Elf *elf, char *out, size_t outlen) {
  Elf_Scn *scn = NULL;
  while ((scn = elf_nextscn(elf, scn))) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
      continue;
    Elf_Data *d = elf_getdata(scn, NULL);
    size_t off = 0, name_off, desc_off;
    GElf_Nhdr nh;
    while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
      if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 || nh.n_descsz < 2 ||
          nh.n_descsz * 2 + 1 > outlen)
        continue;
      const unsigned char *id = (const unsigned char *)d->d_buf + desc_off;
      for (size_t k = 0; k < nh.n_descsz; k++)
        snprintf(out + 2 * k, 3, "%02x", id[k]);
      return true;
    }
  }
  return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!lib_path[0]) {
    if (!mkdtemp(dir))
      abort();
    snprintf(lib_path, sizeof lib_path, "%s/fuzz.so", dir);
    snprintf(debug_dir, sizeof debug_dir, "%s/debug", dir);
    snprintf(link_path, sizeof link_path, "%s/fuzz.debug", dir);
  }
  if (size < 4)
    return 0;
  size_t lib_size = (size_t)data[0] | (size_t)data[1] << 8 |
                    (size_t)data[2] << 16 | (size_t)data[3] << 24;
  if (lib_size > size - 4)
    return 0;
  const uint8_t *lib = data + 4, *debug = lib + lib_size;
  size_t debug_size = size - 4 - lib_size;
  write_file(lib_path, lib, lib_size);
  write_file(link_path, debug, debug_size);

  void *image = malloc(lib_size ? lib_size : 1);
  memcpy(image, lib, lib_size);
  struct elf_module *m = calloc(1, sizeof *m);
  char err[512], id[256], id_path[384] = "";
  if (elf_module_open_memory(m, lib_path, image, lib_size, err, sizeof err) ==
      MODULE_OK) {
    Elf *elf = elf_module_sections(m);
    bool have_id = elf && build_id(elf, id, sizeof id);
    if (elf)
      elf_end(elf);
    if (have_id) {
      char sub[128];
      snprintf(sub, sizeof sub, "%s/.build-id/%.2s", debug_dir, id);
      mkdir(debug_dir, 0755);
      snprintf(id_path, sizeof id_path, "%s/.build-id", debug_dir);
      mkdir(id_path, 0755);
      mkdir(sub, 0755);
      snprintf(id_path, sizeof id_path, "%s/%s.debug", sub, id + 2);
      write_file(id_path, debug, debug_size);
    }
    struct tls_variables vars;
    tls_variables_find(m, lib_path, NULL, debug_dir, NULL, &vars);
    tls_variables_free(&vars);
    static const uint64_t offsets[] = {0, 8};
    static const char *const names[] = {"counter"};
    struct tls_wanted want = {offsets, 2, names, 1};
    tls_variables_find(m, lib_path, NULL, debug_dir, &want, &vars);
    tls_variables_free(&vars);
    if (id_path[0])
      unlink(id_path);
  }
  elf_module_close(m);
  free(m);
  free(image);
  unlink(lib_path);
  unlink(link_path);
  return 0;
}
