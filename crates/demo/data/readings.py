#!/usr/bin/env python3
"""Rewrites the readings (kana = "...") of inventory-procedures.toml and
city-procedures.toml from each name, with a real morphological dictionary:
MeCab's UniDic (unidic-lite) through fugashi, both from PyPI, which work
offline once installed. Nothing else in the files changes.

    pip install fugashi unidic-lite
    python3 crates/demo/data/readings.py
"""
import re
from pathlib import Path

from build_inventory import reading

HERE = Path(__file__).parent


def rewrite(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    name = None
    changed = 0
    for i, line in enumerate(lines):
        m = re.match(r'^name = "(.*)"$', line)
        if m:
            name = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
            continue
        if line.startswith("kana = ") and name is not None:
            new = 'kana = "' + reading(name) + '"'
            if new != line:
                lines[i] = new
                changed += 1
            name = None
    path.write_text("\n".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    for file in ("inventory-procedures.toml", "city-procedures.toml"):
        print(file, rewrite(HERE / file), "readings changed")
