// Starts dynalite (node_modules/dynalite, pinned in package-lock.json) for a test: on 127.0.0.1 only, on the
// given port or a free one (--port 0), in memory unless --path names a LevelDB directory. Prints the port on
// its own line once it listens, and exits when its stdin closes, so it never outlives the test that started it.
// It also keeps DynamoDB's TTL setting per table (UpdateTimeToLive, DescribeTimeToLive), which dynalite lacks, and
// takes two commands on stdin: "drop-answer <Operation>" (a fault, see below) and "items-read" (how many items
// the reads so far have read: a measure of what DynamoDB would bill).
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

// DynamoDB's TTL settings, which dynalite lacks: UpdateTimeToLive and DescribeTimeToLive are answered here, per
// table name, as DynamoDB answers them (dynalite never deletes expired items, so the setting is only kept and
// reported). Every other request goes to dynalite.
const ttlSettings = new Map();
const answer = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};
const ttlOperation = (data) => {
  const attribute = ttlSettings.get(data.TableName);
  if (data.TimeToLiveSpecification === undefined) {
    const description = attribute ? { TimeToLiveStatus: 'ENABLED', AttributeName: attribute } : { TimeToLiveStatus: 'DISABLED' };
    return [200, { TimeToLiveDescription: description }];
  }
  const spec = data.TimeToLiveSpecification;
  if (spec.Enabled && attribute) {
    return [400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'TimeToLive is already enabled' }];
  }
  if (spec.Enabled) ttlSettings.set(data.TableName, spec.AttributeName);
  else ttlSettings.delete(data.TableName);
  return [200, { TimeToLiveSpecification: spec }];
};
// A fault for tests: "drop-answer <Operation>" on stdin makes the next such request be applied and its answer
// lost (the connection is closed instead), as when a network fails after DynamoDB did the work.
const answersToDrop = new Map();
const dropAnswer = (operation, res) => {
  const pending = answersToDrop.get(operation) ?? 0;
  if (pending === 0) return;
  answersToDrop.set(operation, pending - 1);
  res.end = () => res.socket.destroy();
};

// Items read so far: ScannedCount of every Query and Scan (the items evaluated before any FilterExpression, which
// is what DynamoDB bills), and 1 per GetItem that found its item. Answered by "items-read" on stdin.
let itemsRead = 0;
const countItemsRead = (operation, res) => {
  if (operation !== 'Query' && operation !== 'Scan' && operation !== 'GetItem') return;
  const end = res.end.bind(res);
  res.end = (body, ...rest) => {
    try {
      const answer = JSON.parse(body);
      itemsRead += operation === 'GetItem' ? (answer.Item ? 1 : 0) : (answer.ScannedCount ?? 0);
    } catch {
      // not a JSON answer (an error page): nothing was read
    }
    return end(body, ...rest);
  };
};

const [dynaliteHandler] = server.listeners('request');
server.removeAllListeners('request');
server.on('request', (req, res) => {
  const target = req.headers['x-amz-target'] ?? '';
  if (target !== 'DynamoDB_20120810.UpdateTimeToLive' && target !== 'DynamoDB_20120810.DescribeTimeToLive') {
    countItemsRead(target.split('.')[1], res);
    dropAnswer(target.split('.')[1], res);
    return dynaliteHandler(req, res);
  }
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    try {
      answer(res, ...ttlOperation(JSON.parse(body)));
    } catch {
      answer(res, 400, { __type: 'com.amazon.coral.service#SerializationException' });
    }
  });
});
server.on('error', (e) => {
  process.stderr.write(`dynalite: ${e.message}\n`);
  process.exit(1);
});
server.listen(Number(arg('--port') ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});

let commands = '';
process.stdin.on('data', (chunk) => {
  commands += chunk;
  let newline;
  while ((newline = commands.indexOf('\n')) >= 0) {
    const [command, operation] = commands.slice(0, newline).trim().split(/\s+/);
    commands = commands.slice(newline + 1);
    if (command === 'drop-answer') {
      answersToDrop.set(operation, (answersToDrop.get(operation) ?? 0) + 1);
      process.stdout.write(`${command} ${operation}\n`);
    } else if (command === 'items-read') {
      process.stdout.write(`${itemsRead}\n`);
    }
  }
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
