#!/usr/bin/env python3
"""Stage src/cli/commands.ts containing only registrations whose command files are staged.

Several contributors edit commands.ts in the working tree while their commands are unfinished;
this keeps each commit's CLI consistent with the files the commit actually contains."""
import re, subprocess
src = open('src/cli/commands.ts').read()
staged = set(subprocess.run(['git', 'ls-files', '--cached', 'src/cli'], capture_output=True, text=True).stdout.split())
keep_names = []
lines = []
for line in src.splitlines():
    m = re.match(r"import \{ register as (\w+) \} from '\./([\w-]+)\.js';", line)
    if m:
        if f'src/cli/{m.group(2)}.ts' in staged:
            keep_names.append(m.group(1)); lines.append(line)
        continue
    m = re.match(r'export const commands: Register\[\] = \[(.*)\];', line)
    if m:
        names = [n.strip() for n in m.group(1).split(',') if n.strip()]
        lines.append('export const commands: Register[] = [' + ', '.join(n for n in names if n in keep_names) + '];')
        continue
    lines.append(line)
blob = '\n'.join(lines) + '\n'
h = subprocess.run(['git', 'hash-object', '-w', '--stdin'], input=blob, capture_output=True, text=True).stdout.strip()
subprocess.run(['git', 'update-index', '--add', '--cacheinfo', f'100644,{h},src/cli/commands.ts'], check=True)
print(blob)
