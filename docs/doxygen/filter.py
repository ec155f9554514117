#!/usr/bin/env python3
"""Doxygen INPUT_FILTER for our headers: their plain // comments become the API reference.

Usage: filter.py FILE writes the filtered text on stdout; filter.py --into DIR FILE... writes DIR/<absolute path>
for each, which filter.sh (Doxygen's INPUT_FILTER) prints: one Python start instead of one per header.
Not for: changing any header.

- The comment block that opens a file documents the file (@file).
- A block of // lines right before a declaration at namespace or class scope documents it (///).
- A // comment after a member or enumerator on the same line documents it (///<), continuation lines too.
- Comments inside function bodies, section rulers (// --- tools ---) and comments before #include,
  #pragma or a closing brace stay plain.
- Lines indented past the comment's own margin (examples, diagrams) become @verbatim blocks; elsewhere the
  characters Doxygen would read as commands or HTML (\\ @ < > & # % $) are escaped, except inside `code`.
"""
import pathlib
import re
import sys

SCOPE_OPENER = re.compile(r'^\s*(template\s*<.*>\s*)?(namespace|class|struct|union|enum)\b[^;()]*\{\s*$'
                          r'|^\s*namespace\b.*\{')
SPECIAL = re.compile(r'([\\@<>&#%$])')
HIDDEN_NAMESPACE = re.compile(r'^\s*namespace\s+((\w+::)*detail|boost(::\w+)*)\s*\{')
TEMPLATE_MEMBER = re.compile(r'(\w+<[\w:, ]*>::\w+(?:\(\))?)')
BOOST_SPECIALIZATION = re.compile(r'^\s*(template\s*<>\s*)?(struct|class)\s+boost::.*;\s*$')
LIST_ITEM = re.compile(r'^(- |\d+\. )')



def code_and_comment(line):
    """Splits a line at its first // outside string and character literals: (code, comment or None)."""
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == '\\':
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in '"\'':
            # A raw string R"(...)" is left alone: our headers keep them inside function bodies.
            quote = c
        elif line.startswith('//', i):
            return line[:i], line[i + 2:]
        i += 1
    return line, None


def escape(text):
    """Escapes Doxygen's special characters outside `code spans`."""
    parts = text.split('`')
    for k in range(0, len(parts), 2):
        # "result<T>::value()" in prose: Doxygen would read "::value()" as a link it cannot resolve. As code it
        # shows as written.
        pieces = TEMPLATE_MEMBER.split(parts[k])
        parts[k] = ''.join('`' + p + '`' if n % 2 else SPECIAL.sub(r'\\\1', p) for n, p in enumerate(pieces))
    return '`'.join(parts)


def render_block(indent, texts, file_doc):
    """The /// lines for one comment block (texts: the text after each //)."""
    bodies = [t[1:] if t.startswith(' ') else t for t in texts]
    out = []
    if file_doc:
        out.append(indent + '/// @file')
    verbatim = False
    item_indent = None  # where the text of the list item being read starts ("- x": 2), or None
    for body in bodies:
        depth = len(body) - len(body.lstrip(' '))
        item = LIST_ITEM.match(body)
        if not verbatim and item:
            item_indent = len(item.group(0))
        elif not body.strip() or (item_indent is not None and depth not in (0, item_indent)):
            item_indent = None
        continues_item = item_indent is not None and depth == item_indent and not item  # or lazily, at 0
        literal = depth >= 2 and not continues_item
        if literal and not verbatim:
            out.append(indent + '/// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~')
            verbatim = True
        elif not literal and verbatim:
            out.append(indent + '/// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~')
            verbatim = False
        out.append(indent + '/// ' + (body if literal else escape(body)))
    if verbatim:
        out.append(indent + '/// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~')
    return out


def documents(next_code):
    """Whether a comment right before this line of code should document it."""
    s = next_code.strip()
    return bool(s) and not s.startswith(('#', '}', 'public:', 'private:', 'protected:', 'using namespace'))


def filter_text(lines):
    out = []
    scopes = []       # for each open brace: True for namespace/class/enum scope, False for a body
    block = []        # pending comment block: (indent, text)
    trailing_col = None  # column of the last ///< comment, for its continuation lines
    first_code_seen = False

    def in_scope():
        return all(scopes)

    def flush(next_code):
        nonlocal block
        if not block:
            return
        texts = [t for _, t in block]
        ruler = texts[0].strip().startswith('---')
        file_doc = not first_code_seen and not out_has_code[0]
        if in_scope() and not ruler and (file_doc or documents(next_code)):
            out.extend(render_block(block[0][0], texts, file_doc))
        else:
            out.extend(i + '//' + t for i, t in block)
        block = []

    out_has_code = [False]
    hidden_depth = None  # the brace depth at which a namespace detail or boost { ... } being blanked began
    for line in lines:
        code, comment = code_and_comment(line)
        if comment is not None and comment.startswith(('/', '!')) and not block:
            comment = None  # already a Doxygen comment (///, //!): left as written
        if hidden_depth is None and HIDDEN_NAMESPACE.match(code):
            hidden_depth = len(scopes)
            out.extend(i + '//' + t for i, t in block)  # a comment about the namespace stays plain
            block = []
        if hidden_depth is not None:
            # Internals (detail) and specialisations of Boost's traits are not our API: blank lines, so that
            # Doxygen's line numbers stay those of the header.
            stripped = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', code)
            net = stripped.count('{') - stripped.count('}')
            if net > 0:
                scopes.extend([False] * net)
            elif net < 0:
                del scopes[len(scopes) + net:]
            out.append('')
            if len(scopes) <= hidden_depth:
                hidden_depth = None
            continue

        if comment is not None and not code.strip():
            col = len(code)
            if trailing_col is not None and col == trailing_col and not block and in_scope():
                out.append(code + '///< ' + escape(comment.lstrip()))
                continue
            trailing_col = None
            block.append((code, comment))
            continue
        trailing_col = None
        if not code.strip():
            # A blank line ends a block: a file's opening comment keeps its role, others stay plain.
            if block and not out_has_code[0]:
                flush('x')
            elif block:
                out.extend(i + '//' + t for i, t in block)
                block = []
            out.append(line)
            continue
        if BOOST_SPECIALIZATION.match(code):
            # template <> struct boost::system::is_error_code_enum<...>: Boost's trait, not our API.
            if out and out[-1].strip() == 'template <>':
                out[-1] = ''
            out.append('')
            continue
        flush(code)
        out_has_code[0] = True
        if comment is not None and in_scope() and not code.strip().startswith('}') \
                and not comment.strip().startswith('---'):
            trailing_col = len(code)
            out.append(code + '///< ' + escape(comment.lstrip()))
        else:
            out.append(line)
        # Track braces (outside literals and the comment) to tell scopes from bodies.
        stripped = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', code)
        opens = stripped.count('{')
        closes = stripped.count('}')
        is_scope = bool(SCOPE_OPENER.match(stripped)) or stripped.strip().startswith(('namespace', 'extern "C"'))
        # Braces opened and closed on the same line leave the depth as it was.
        net = opens - closes
        if net > 0:
            scopes.extend([is_scope] + [False] * (net - 1))
        elif net < 0:
            del scopes[len(scopes) + net:]
    flush('')
    return out


def filtered(path):
    with open(path, encoding='utf-8') as f:
        return '\n'.join(filter_text(f.read().split('\n')))


def main():
    if sys.argv[1] == '--into':
        # Many files in one process (scripts/docs): DIR/<absolute path of each>, which filter.sh prints.
        into = pathlib.Path(sys.argv[2])
        for name in sys.argv[3:]:
            target = into / pathlib.Path(name).resolve().relative_to('/')
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(filtered(name), encoding='utf-8')
    else:
        sys.stdout.write(filtered(sys.argv[1]))


if __name__ == '__main__':
    main()
