#!/usr/bin/env python3
"""Lists Swift functions and initialisers longer than LIMIT lines (declaration to closing brace).

Usage: scripts/long-functions.py DIR [LIMIT=60]   e.g. scripts/long-functions.py Sources
"""
import re, sys, os
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 60
decl = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|class|final|override|mutating|nonisolated|convenience|required|@discardableResult)\s+)*(func\s+[^\s(<]+|init[?!]?\s*[(<]|deinit\b|(?:var|let)\s+\w+[^=]*\{\s*$)')
def strip(line):
    # drop string literals and comments (good enough for brace counting)
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split('//')[0]
out = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith('.swift'): continue
        path = os.path.join(root, f)
        lines = open(path, encoding='utf-8').read().split('\n')
        in_multiline = False
        clean = []
        for l in lines:
            if l.count('"""') % 2 == 1:
                in_multiline = not in_multiline; clean.append(''); continue
            clean.append('' if in_multiline else strip(l))
        for i, l in enumerate(lines):
            m = decl.match(l)
            if not m: continue
            depth = 0; started = False
            for j in range(i, len(lines)):
                depth += clean[j].count('{') - clean[j].count('}')
                if '{' in clean[j]: started = True
                if started and depth <= 0:
                    n = j - i + 1
                    if n > limit:
                        out.append((n, path, i + 1, m.group(1).strip()))
                    break
                if not started and j > i + 6: break
for n, p, line, name in sorted(out, reverse=True):
    print(f"{n:4d} {p}:{line} {name}")
