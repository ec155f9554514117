#!/usr/bin/env python3
"""Checks that the C++ in the guides is the code that is compiled and tested.

Each ```cpp block of a guide below (and any other block that carries the marker) must follow a line
    <!-- snippet: examples/guides/tools.cpp#typed-tool -->
and equal, line for line (common indentation removed), the lines between `// [typed-tool]` and `// [end]` in
that file (the whole file without #NAME), which CMake builds (examples/guides) and guides_test runs. Exit 1 with
every mismatch listed.
Run from the repository root: python3 docs/check_snippets.py (ctest: docs_snippets; scripts/docs).
With --write, each block is replaced by its region instead (after changing examples/guides).
"""
import pathlib
import re
import sys
import textwrap

GUIDES = ['tools.md', 'resources.md', 'prompts.md', 'call-context.md', 'middleware.md', 'deployment.md']
MARKER = re.compile(r'<!-- snippet: ([^\s#]+)(?:#(\S+))? -->')


def region(path, name):
    """The lines between the markers `// [name]` (or `# [name]`) and `// [end]`; the whole file without a name."""
    if name is None:
        return path.read_text(encoding='utf-8').strip('\n')
    lines = path.read_text(encoding='utf-8').split('\n')
    start = [i for i, l in enumerate(lines) if l.strip() in ('// [' + name + ']', '# [' + name + ']')]
    if len(start) != 1:
        return None
    end = next((i for i in range(start[0] + 1, len(lines)) if lines[i].strip() in ('// [end]', '# [end]')), None)
    if end is None:
        return None
    return textwrap.dedent('\n'.join(lines[start[0] + 1:end])).strip('\n')


def check(root, guide, write=False):
    problems = []
    lines = (root / 'docs' / guide).read_text(encoding='utf-8').split('\n')
    i = 0
    while i < len(lines):
        fence = lines[i].strip()
        if not fence.startswith('```') or fence == '```':
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == '```'), len(lines))
        block = textwrap.dedent('\n'.join(lines[i + 1:end])).strip('\n')
        marker = MARKER.search(lines[i - 1]) if i > 0 else None
        where = f'docs/{guide}:{i + 1}'
        if not marker and fence != '```cpp':
            pass  # other languages are checked when they carry a marker
        elif not marker:
            problems.append(f'{where}: a cpp block without <!-- snippet: FILE#NAME --> on the line before')
        else:
            source = root / marker.group(1)
            expected = region(source, marker.group(2)) if source.is_file() else None
            if expected is None:
                problems.append(f'{where}: no region "{marker.group(2) or "(whole file)"}" in {marker.group(1)}')
            elif block != expected and write:
                lines[i + 1:end] = expected.split('\n')
                end = i + 1 + len(expected.split('\n'))
            elif block != expected:
                problems.append(f'{where}: differs from {marker.group(0)[14:-4]}; run docs/check_snippets.py --write')
        i = end + 1
    if write:
        (root / 'docs' / guide).write_text('\n'.join(lines), encoding='utf-8')
    return problems


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    problems = []
    for guide in GUIDES:
        if (root / 'docs' / guide).is_file():
            problems += check(root, guide, write='--write' in sys.argv)
        else:
            problems.append(f'docs/{guide}: missing')
    for p in problems:
        print(p, file=sys.stderr)
    print(f'check_snippets: {len(GUIDES)} guides, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
