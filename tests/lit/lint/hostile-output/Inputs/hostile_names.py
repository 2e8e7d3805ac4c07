#!/usr/bin/env python3
"""Hostile names for the output tests: file, soname and symbol names that are
not UTF-8 or hold control characters, and the strict checks on what
tlsguard-lint wrote about them.

  hostile_names.py copy LIB DIR       LIB under every hostile file name in DIR
  hostile_names.py patch FILE OLD NEW replace bytes (NEW as \\xNN escapes)
  hostile_names.py check-json REPORT  strict UTF-8; every K_bytes decodes to
                                      the bytes K stands for
  hostile_names.py no-controls FILE   no control byte but newline reaches it
"""
import base64
import codecs
import json
import os
import shutil
import sys

# name -> why it is hostile
NAMES = {
    b"overlong-\xc0\xaf.so": "overlong '/'",
    b"surrogate-\xed\xa0\x80.so": "UTF-16 surrogate U+D800",
    b"beyond-\xf4\x90\x80\x80.so": "U+110000, past U+10FFFF",
    b"truncated-\xe2\x82.so": "a 3-byte sequence cut after 2",
    b"stray-\xff.so": "a byte no UTF-8 has",
    b"esc-\x1b[31mred.so": "ESC, a terminal escape sequence",
    b"cr-\r-del-\x7f.so": "carriage return, DEL",
    b"c1-\xc2\x9b.so": "C1 control CSI (well-formed UTF-8)",
    b"ok-\xc3\xa9-\xe2\x86\x92.so": "well-formed: e-acute, arrow",
}


# tlsguard-lint replaces each byte that is not part of a well-formed sequence.
codecs.register_error("tlsguard-per-byte", lambda e: ("\ufffd", e.start + 1))


def unescape(text):
    return text.encode("ascii").decode("unicode_escape").encode("latin-1")


def copy(lib, directory):
    os.makedirs(directory, exist_ok=True)
    for name in NAMES:
        shutil.copy(lib, os.path.join(os.fsencode(directory), name))


def patch(path, old, new):
    old, new = unescape(old), unescape(new)
    assert len(old) == len(new), "same length, or the ELF layout moves"
    data = open(path, "rb").read()
    assert old in data, f"{old!r} not in {path}"
    open(path, "wb").write(data.replace(old, new))


def walk(node, check):
    if isinstance(node, dict):
        for key, value in node.items():
            check(node, key, value)
            walk(value, check)
    elif isinstance(node, list):
        for value in node:
            walk(value, check)


def check_json(report):
    doc = json.loads(open(report, "rb").read().decode("utf-8", "strict"))
    count = 0

    def check(obj, key, value):
        nonlocal count
        if not key.endswith("_bytes"):
            return
        base = obj[key[: -len("_bytes")]]
        pairs = zip(base, value) if isinstance(value, list) else [(base, value)]
        for text, b64 in pairs:
            if b64 is None:
                assert "\ufffd" not in text, (key, text)
                continue
            raw = base64.b64decode(b64, validate=True)
            # The string is the bytes with each stray byte as U+FFFD.
            assert raw.decode("utf-8", "tlsguard-per-byte") == text, (key, text, raw)
            assert "\ufffd" in text, (key, text)
            count += 1

    walk(doc, check)
    # Every name with a stray byte came back, byte for byte.
    paths = set()
    for f in doc["files"]:
        paths.add(base64.b64decode(f["path_bytes"]) if "path_bytes" in f else f["path"].encode())
    print(f"{count} replaced strings, all recoverable")
    for p in sorted(paths):
        name = os.path.basename(p)
        print("path", "".join(chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}" for b in name))


def no_controls(path):
    data = open(path, "rb").read()
    bad = [b for b in data if (b < 0x20 and b != 0x0A) or b == 0x7F]
    assert not bad, f"{path}: control bytes {bad}"
    data.decode("utf-8", "strict")
    print(f"{path}: no control characters, strict UTF-8")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"copy": copy, "patch": patch, "check-json": check_json, "no-controls": no_controls}[cmd](*args)
