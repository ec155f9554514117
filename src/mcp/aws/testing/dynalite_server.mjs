// Starts dynalite (node_modules/dynalite, pinned in package-lock.json) for a test: on 127.0.0.1 only, on the
// given port or a free one (--port 0), in memory unless --path names a LevelDB directory. Prints the port on
// its own line once it listens, and exits when its stdin closes, so it never outlives the test that started it.
//   node dynalite_server.mjs --port 0 [--path DIR] [--ssl --cert FILE --key FILE]
import { readFileSync } from 'node:fs';
import dynalite from 'dynalite';

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (arg('--path')) options.path = arg('--path');
if (args.includes('--ssl')) {
  options.ssl = true;
  options.cert = readFileSync(arg('--cert'));
  options.key = readFileSync(arg('--key'));
  options.ca = options.cert;
}

const server = dynalite(options);
server.on('error', (e) => {
  process.stderr.write(`dynalite: ${e.message}\n`);
  process.exit(1);
});
server.listen(Number(arg('--port') ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
