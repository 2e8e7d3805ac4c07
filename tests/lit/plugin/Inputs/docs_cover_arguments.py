"""Checks that every argument in the plugin's help appears in each document."""
import re
import sys

help_text, *docs = sys.argv[1:]
arguments = [m.group(1) for m in re.finditer(r"^  ([a-z-]+)", open(help_text).read(), re.M)]
if len(arguments) < 8:
    sys.exit(f"only {len(arguments)} arguments in the help output: {arguments}")
failed = False
for doc in docs:
    # roff escapes '-' as '\-'
    text = open(doc).read().replace("\\-", "-")
    for arg in arguments:
        if f"-fplugin-arg-tlsguard-{arg}" not in text:
            print(f"{doc}: -fplugin-arg-tlsguard-{arg} is not documented")
            failed = True
sys.exit(1 if failed else 0)
