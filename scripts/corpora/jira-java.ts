import { fill, picker, upperFirst, type GeneratedCorpus, type Pick } from './random-text';

// A Jira-style corpus of a large Java project ("Tessera", made up): bug reports written in Jira markup
// with {code}/{noformat} blocks, stack traces of dotted class names, config keys, `#` numbered lists,
// {{monospace}}, long server logs, versions and issue keys. Each report is one latent bug; about one
// bug in twenty is reported again by someone else, in other words, with another part of the trace
// or log, sometimes on another version (other line numbers). Written before any change it measures
// and not tuned afterwards: it stands for the kind of text, not for any one file.

const MODULES = {
  shard: { pkg: 'storage.shard', parts: ['Shard', 'Replica', 'Volume', 'Block', 'Placement', 'Scanner', 'Checksum', 'Pipeline', 'Transfer', 'Recovery', 'Report', 'Pool', 'Disk', 'Cache'] },
  catalog: { pkg: 'catalog.server', parts: ['Catalog', 'Namespace', 'Inode', 'Lease', 'Snapshot', 'Journal', 'Edit', 'Log', 'Checkpoint', 'Quota', 'Directory', 'Permission', 'Tailer', 'Fsck'] },
  ipc: { pkg: 'ipc', parts: ['Rpc', 'Server', 'Client', 'Connection', 'Call', 'Queue', 'Handler', 'Reader', 'Responder', 'Protobuf', 'Engine', 'Retry', 'Proxy', 'Socket'] },
  sched: { pkg: 'scheduler.resource', parts: ['Scheduler', 'Container', 'Allocation', 'Queue', 'Node', 'Application', 'Attempt', 'Fair', 'Capacity', 'Preemption', 'Reservation', 'Resource', 'Tracker', 'Launcher'] },
  security: { pkg: 'security.token', parts: ['Token', 'Delegation', 'Kerberos', 'Principal', 'Keytab', 'Credentials', 'Login', 'Ugi', 'Secret', 'Renewer', 'Authentication', 'Filter', 'Group', 'Mapping'] },
  wal: { pkg: 'regionserver.wal', parts: ['Wal', 'Region', 'Memstore', 'Flush', 'Compaction', 'Store', 'File', 'Split', 'Merge', 'Writer', 'Sync', 'Roller', 'Replay', 'Bloom'] },
  client: { pkg: 'client.io', parts: ['Input', 'Output', 'Stream', 'Stripe', 'Read', 'Write', 'Buffer', 'Hedged', 'Short', 'Circuit', 'Local', 'Erasure', 'Coder', 'Packet'] },
  web: { pkg: 'server.http', parts: ['Http', 'Servlet', 'Web', 'Ui', 'Jmx', 'Metrics', 'Rest', 'Json', 'Request', 'Response', 'Jetty', 'Status', 'Page', 'Proxy'] },
} as const;
type Module = keyof typeof MODULES;

const SUFFIXES = ['Manager', 'Impl', 'Service', 'Handler', 'Util', 'Policy', 'Default', 'Monitor', 'Worker', 'Factory', 'Context', 'Info', 'Protocol', 'Thread', 'Task', 'Executor'];
const VERBS = ['get', 'set', 'add', 'remove', 'process', 'handle', 'update', 'check', 'choose', 'load', 'close', 'run', 'create', 'open', 'read', 'write', 'init', 'start', 'stop', 'compute', 'verify', 'register', 'refresh', 'flush'];
const JDK_EXCEPTIONS = ['java.lang.NullPointerException', 'java.lang.IllegalStateException', 'java.lang.ArrayIndexOutOfBoundsException', 'java.util.ConcurrentModificationException', 'java.lang.ClassCastException', 'java.io.IOException', 'java.net.SocketTimeoutException', 'java.io.EOFException', 'java.lang.OutOfMemoryError', 'java.lang.IllegalArgumentException', 'java.lang.UnsupportedOperationException', 'java.nio.channels.ClosedChannelException', 'java.util.concurrent.TimeoutException', 'java.lang.NumberFormatException', 'java.io.FileNotFoundException', 'java.net.ConnectException'];
const COMMON_FRAMES = [
  'org.apache.tessera.ipc.ProtobufRpcEngine$Server$ProtoBufRpcInvoker.call(ProtobufRpcEngine.java:{n})',
  'org.apache.tessera.ipc.RPC$Server.call(RPC.java:{n})',
  'org.apache.tessera.ipc.Server$Handler$1.run(Server.java:{n})',
  'org.apache.tessera.ipc.Server$Handler.run(Server.java:{n})',
  'java.security.AccessController.doPrivileged(Native Method)',
  'javax.security.auth.Subject.doAs(Subject.java:422)',
  'org.apache.tessera.security.UserGroupInformation.doAs(UserGroupInformation.java:{n})',
  'java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1149)',
  'java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:624)',
  'java.lang.Thread.run(Thread.java:748)',
  'sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
  'java.lang.reflect.Method.invoke(Method.java:498)',
];
const NOISE_LOGGERS = ['org.apache.tessera.storage.shard.ShardServer', 'org.apache.tessera.catalog.server.CatalogSystem', 'org.apache.tessera.ipc.Server', 'org.apache.tessera.metrics.MetricsSystemImpl', 'org.apache.tessera.http.HttpServer2', 'org.apache.tessera.util.JvmPauseMonitor', 'org.apache.tessera.storage.shard.DataXceiver', 'org.apache.tessera.catalog.server.StateChange', 'org.apache.zookeeper.ClientCnxn', 'org.eclipse.jetty.server.Server'];
const NOISE_MESSAGES = [
  'Receiving {blk} src: /10.0.{a}.{b}:{port} dest: /10.0.{a}.{c}:9866', 'Received {blk} size 134217728 from /10.0.{a}.{b}:{port}',
  'PacketResponder: {blk}, type=LAST_IN_PIPELINE terminating', 'Detected pause in JVM or host machine (eg GC): pause of approximately {ms}ms',
  'IPC Server handler {h} on 8020, call Call#{call} Retry#0 from 10.0.{a}.{b}:{port}', 'Slow BlockReceiver write data to disk cost:{ms}ms (threshold=300ms)',
  'Session establishment complete on server zk{h}.example.com/10.0.{a}.{c}:2181, sessionid = 0x{hex}', 'Scheduled snapshot period at 10 second(s).',
  'BLOCK* allocate {blk}, replicas=10.0.{a}.{b}:9866, 10.0.{a}.{c}:9866 for /user/{user}/out/part-{part}', 'Started HttpServer2 on port {port}',
  'Roll Edit Log from 10.0.{a}.{b}', 'Number of transactions: {call} Total time for transactions(ms): {ms} Number of syncs: {h}',
  'Deleting {blk} file /data/{h}/tessera/current/finalized/subdir{h}/blk_{id}', 'Got finalize command for block pool BP-{id}-10.0.{a}.{b}-{ts}',
];
const OPERATIONS = ['during decommission', 'after a rolling upgrade', 'when the snapshot is deleted', 'while compaction is running', 'after a failover', 'under heavy load',
  'when a disk fails', 'on restart', 'when the lease expires', 'with security enabled', 'when the queue is full', 'after the token is renewed', 'during a rebalance',
  'when reading a truncated file', 'with erasure coding enabled', 'in a federated cluster', 'after the journal is rolled', 'when the client retries'];
const SYMPTOMS = ['fails with', 'throws', 'hangs and then throws', 'crashes with', 'logs', 'keeps retrying after'];
const OUTCOMES = ['data loss', 'a stuck job', 'the service exits', 'wrong results', 'a memory leak', 'slow reads', 'lost replicas', 'a deadlock', 'the UI shows nothing', 'permission denied'];
const PROSE = [
  'We hit this on our production cluster last week.', 'This happens roughly once a day on a cluster of {n} nodes.', 'The issue is reproducible on trunk as well.',
  'I looked at the code and it seems the check is missing in this path.', 'Restarting the process makes the problem go away for a while.', 'Attaching the relevant part of the log below.',
  'It looks like a race between the two threads.', 'There is no workaround other than restarting the service.', 'The same configuration worked fine on the previous release.',
  'Full logs are attached.', 'Not sure if this is related to the recent refactoring.', 'A patch with a unit test is attached.', 'This blocks our upgrade.',
  'The metrics look normal until the failure.', 'We saw it on two clusters so far.', 'Steps to reproduce are below.', 'Cc [~{user}], who touched this code recently.',
  'The following change may have introduced it.', 'It only happens under load.', 'Other clients are not affected.', 'Marking as critical since it causes an outage.',
];
const USERS = ['kihwal', 'arpitagarwal', 'jlowe', 'weichiu', 'elgoiri', 'ayushtkn', 'zhz', 'sodonnell', 'stevel', 'xkrogen', 'tasanuma', 'hexiaoqiao', 'ferhui', 'aajisaka'];
const VERSIONS = ['2.7.3', '2.8.5', '2.9.2', '3.0.3', '3.1.1', '3.1.4', '3.2.0', '3.2.2', '3.3.0', '3.3.4'];

interface Bug {
  module: Module;
  classes: string[]; // fully qualified
  methods: string[];
  exception: string;
  message: string;
  configKeys: string[];
  operation: string;
  outcome: string;
  lineBase: number[];
  words: string[];
  /** The issue the bug's reporters point to (the change that caused it, a related report). */
  related: string;
  version: number;
}

const shortName = (fq: string) => fq.slice(fq.lastIndexOf('.') + 1);

function makeClass(p: Pick, module: Module): string {
  const m = MODULES[module];
  const name = p.some(m.parts, p.int(1, 3)).join('') + (p.chance(0.7) ? p.one(SUFFIXES) : '');
  return `org.apache.tessera.${m.pkg}${p.chance(0.4) ? `.${p.one(['impl', 'fsdataset', 'protocol', 'util', 'ha', 'metrics'])}` : ''}.${name}`;
}

interface Codebase { classes: Record<Module, { name: string; methods: string[]; lines: number }[]> }

// The project's code: a fixed set of classes per module, each with its methods, so that reports of
// different bugs name the same popular classes (as real reports name the few central ones) and a
// class's methods are its own.
function makeCodebase(p: Pick): Codebase {
  const classes = {} as Codebase['classes'];
  for (const module of Object.keys(MODULES) as Module[]) {
    const seen = new Set<string>();
    classes[module] = [];
    while (classes[module].length < 90) {
      const name = makeClass(p, module);
      if (seen.has(name)) continue;
      seen.add(name);
      const methods = Array.from({ length: p.int(3, 12) }, () => `${p.one(VERBS)}${p.one(MODULES[module].parts)}${p.chance(0.5) ? p.one(['s', 'Internal', 'IfNeeded', 'Async', 'Locked', 'ForRead', 'AndWait', 'Unchecked']) : ''}`);
      classes[module].push({ name, methods, lines: p.int(300, 6000) });
    }
  }
  return { classes };
}

/** Zipf-like: the first items are picked far more often than the last. */
const zipf = <T>(p: Pick, xs: readonly T[]): T => xs[Math.min(xs.length - 1, Math.floor(Math.exp(p.random() * Math.log(xs.length + 1)) - 1))]!;

const TOPIC = ['append', 'truncate', 'checksum', 'replication', 'heartbeat', 'balancer', 'decommission', 'mover', 'quota', 'trash', 'encryption', 'zone', 'erasure', 'striped',
  'observer', 'router', 'federation', 'mount', 'table', 'acl', 'xattr', 'storage', 'policy', 'cache', 'directive', 'pool', 'audit', 'fsimage', 'upgrade', 'rollback', 'finalize',
  'standby', 'failover', 'fencing', 'zkfc', 'election', 'lease', 'recovery', 'pipeline', 'hflush', 'hsync', 'short', 'circuit', 'domain', 'socket', 'peer', 'cache', 'token',
  'renewal', 'kms', 'provider', 'keystore', 'webhdfs', 'httpfs', 'proxy', 'user', 'impersonation', 'group', 'mapping', 'ldap', 'metrics', 'jmx', 'counter', 'histogram', 'latency',
  'container', 'localizer', 'log', 'aggregation', 'timeline', 'queue', 'preemption', 'reservation', 'label', 'partition', 'affinity', 'placement', 'constraint', 'opportunistic',
  'docker', 'runtime', 'cgroups', 'gpu', 'fpga', 'numa', 'memory', 'vcore', 'shuffle', 'spill', 'merge', 'reducer', 'mapper', 'committer', 'staging', 'speculative', 'attempt',
  'snapshot', 'diff', 'rename', 'delete', 'concat', 'symlink', 'listing', 'iterator', 'batch', 'paging', 'inotify', 'edit', 'tailing', 'journal', 'quorum', 'epoch', 'txid',
  'volume', 'scanner', 'disk', 'balancer', 'slow', 'peer', 'outlier', 'block', 'report', 'incremental', 'invalidate', 'corrupt', 'missing', 'under', 'over', 'excess'];

function makeBug(p: Pick, code: Codebase): Bug {
  const module = zipf(p, Object.keys(MODULES) as Module[]);
  const picked = Array.from({ length: p.int(2, 4) }, () => zipf(p, code.classes[module]));
  const classes = picked.map((c) => c.name);
  const own = `org.apache.tessera.${MODULES[module].pkg}.${p.one(MODULES[module].parts)}${p.one(['NotFound', 'Expired', 'Corrupt', 'Invalid', 'Stale'])}Exception`;
  const parts = MODULES[module].parts.map((x) => x.toLowerCase());
  return {
    module, classes,
    methods: picked.map((c) => p.one(c.methods)),
    exception: p.chance(0.65) ? p.one(JDK_EXCEPTIONS) : own,
    message: fill(p, '{Cannot|Failed to|Unable to|Could not} {verb} {thing} {id}{tail}', {
      verb: p.one(VERBS), thing: `${p.one(parts)} ${p.one(parts)}`, id: p.one(['for blk_{id}', 'on volume /data/{h}/tessera', 'of application_{ts}_{part}', 'at txid {call}', '']),
      tail: p.one(['', ': expected {h} but was {c}', ' because it is closed', ', state is {STATE}']),
    }),
    configKeys: Array.from({ length: p.int(0, 2) }, () => `tessera.${module}.${p.some(parts, p.int(1, 2)).join('.')}.${p.one(['count', 'interval.ms', 'enabled', 'timeout', 'size', 'max', 'threshold', 'class'])}`),
    operation: p.one(OPERATIONS),
    outcome: p.one(OUTCOMES),
    lineBase: picked.map((c) => p.int(40, c.lines)),
    words: [...p.some(TOPIC, 3), ...p.some(parts, 1)],
    related: `TESSERA-${p.int(1000, 16999)}`,
    version: p.int(0, VERSIONS.length - 1),
  };
}

function vars(p: Pick): Record<string, string> {
  return {
    blk: `blk_${p.int(1073741825, 1099511627)}_${p.int(1000, 9999999)}`, a: String(p.int(0, 255)), b: String(p.int(1, 254)), c: String(p.int(1, 254)),
    port: String(p.int(30000, 60999)), ms: String(p.int(120, 90000)), h: String(p.int(1, 24)), call: String(p.int(1000, 9999999)), hex: p.hex(14),
    user: p.one(USERS), part: String(p.int(0, 99999)).padStart(5, '0'), id: String(p.int(1073741825, 1099511627)), ts: String(p.int(1500000000000, 1700000000000)),
    STATE: p.one(['CLOSED', 'UNDER_RECOVERY', 'FINALIZED', 'RUNNING', 'STANDBY']), n: String(p.int(20, 4000)),
  };
}

function stackTrace(p: Pick, bug: Bug, version: number): string {
  const v = vars(p);
  const frames: string[] = [];
  const depth = p.int(1, bug.classes.length);
  for (let i = 0; i < depth; i++) {
    const cls = bug.classes[i]!;
    frames.push(`\tat ${cls}.${bug.methods[i]}(${shortName(cls).split('$')[0]}.java:${bug.lineBase[i]! + version * 7})`);
  }
  // The shared frames' line numbers belong to the release, as in a real trace.
  for (const f of p.some(COMMON_FRAMES, p.int(2, 8))) frames.push(`\tat ${fill(p, f, { ...v, n: String(300 + ((COMMON_FRAMES.indexOf(f) * 389 + version * 53) % 2700)) })}`);
  const head = `${bug.exception}: ${fill(p, bug.message, v)}`;
  const caused = p.chance(0.3) ? [`Caused by: ${p.one(JDK_EXCEPTIONS)}`, `\tat ${bug.classes[0]}.${bug.methods[0]}(${shortName(bug.classes[0]!)}.java:${bug.lineBase[0]! + 40})`, '\t... 12 more'] : [];
  return [head, ...frames, ...caused].join('\n');
}

function logLines(p: Pick, bug: Bug, count: number, trace: string | undefined): string {
  const lines: string[] = [];
  const at = p.int(0, count);
  let t = p.int(0, 86_000);
  for (let i = 0; i < count; i++) {
    t += p.int(0, 40);
    const time = `2021-${String(p.int(1, 12)).padStart(2, '0')}-${String(p.int(1, 28)).padStart(2, '0')} ${new Date(t * 1000).toISOString().slice(11, 19)},${String(p.int(0, 999)).padStart(3, '0')}`;
    const thread = p.chance(0.4) ? ` [${p.one(['IPC Server handler', 'DataXceiver for client', 'PacketResponder', 'main', 'Thread'])}-${p.int(1, 200)}]` : '';
    if (i === at) {
      lines.push(`${time} ${p.one(['ERROR', 'WARN'])}${thread} ${p.one(bug.classes)}: ${fill(p, bug.message, vars(p))}`);
      if (trace) lines.push(trace);
    } else {
      lines.push(`${time} ${p.one(['INFO', 'INFO', 'INFO', 'WARN', 'DEBUG'])}${thread} ${p.one(NOISE_LOGGERS)}: ${fill(p, p.one(NOISE_MESSAGES), vars(p))}`);
    }
  }
  return lines.join('\n');
}

const TITLES = [
  '{C} {symptom} {E} {op}', '{E} in {C}.{m}', '{Cfq} {symptom} {E}', '{W1} {W2} {outcome} {op}', '{C}#{m} should not {verb} {W1} {op}',
  '{op2}, {W1} {W2} leads to {outcome}', '{key} is ignored by {C}', 'Fix {E} in {C}', '{C} may {verb} stale {W1} {op}', '[{MOD}] {outcome} {op}',
  '{Ebare} when {W1} {W2} {op}', '{C}: {msg}',
];

function title(p: Pick, bug: Bug, i: number): string {
  const cls = bug.classes[i % bug.classes.length]!;
  const e = shortName(bug.exception);
  return fill(p, p.one(TITLES), {
    C: shortName(cls), Cfq: cls, m: `${bug.methods[i % bug.methods.length]}()`, E: e, Ebare: e === 'NullPointerException' && p.chance(0.5) ? 'NPE' : e,
    symptom: p.one(SYMPTOMS), op: bug.operation, op2: upperFirst(bug.operation), outcome: bug.outcome, W1: bug.words[0]!, W2: bug.words[1]!,
    verb: p.one(VERBS), key: bug.configKeys[0] ?? `tessera.${bug.module}.${bug.words[0]}.enabled`, MOD: bug.module.toUpperCase(), msg: fill(p, bug.message, vars(p)),
  }).replace(/^./, (c) => c.toUpperCase());
}

function body(p: Pick, bug: Bug, report: number): string {
  // Reporters of one bug mostly run the release it shipped in, so their traces share line numbers.
  const version = p.chance(0.6) ? bug.version : p.int(0, VERSIONS.length - 1);
  const v = { ...vars(p), C: shortName(p.one(bug.classes)), op: bug.operation, outcome: bug.outcome, W1: bug.words[0]!, W2: bug.words[1]! };
  const out: string[] = [];
  out.push(fill(p, p.one([
    'We see {outcome} {op}. {C} {does not handle|mishandles|ignores} the {W1} {W2} case.',
    'When running version {VER}, {C} {throws an exception|fails|gets stuck} {op}.',
    '{Found this|Noticed this|Seeing this} {op}: the {W1} {W2} path in {{{C}}} ends in {outcome}.',
    'Hi, {op} we get {outcome}. See the stack trace below.',
  ]), { ...v, VER: VERSIONS[version]! }));
  // What the reporter found out about this bug in particular, in their own words.
  if (p.chance(0.75)) {
    const [w1, w2, w3] = p.some(bug.words, 3);
    const m = p.int(0, bug.methods.length - 1);
    out.push(fill(p, p.one([
      'The problem is in {{{M}}}: it {does not check|never checks|skips the check for} the {A} {B} before the {D} {finishes|completes|is done}.',
      '{Looking at|Reading} {C}.{M}(), the {A} is {used|read|updated} without {holding the lock|checking the state|a null check}, so a concurrent {B} {D} breaks it.',
      'It seems {M} in {C} {assumes|expects} the {A} {B} {is always set|never changes}, which is not true {during|after} {D}.',
      'When {A} and {B} happen together, {C} {calls|invokes} {M} {twice|again|with a stale {D}}.',
    ]), { M: bug.methods[m]!, C: shortName(bug.classes[m]!), A: w1!, B: w2!, D: w3! }));
  }
  if (p.chance(0.25)) out.push(`The error is {{${shortName(bug.exception)}: ${fill(p, bug.message, vars(p))}}}.`);
  for (const s of p.some(PROSE, p.int(1, 4))) out.push(fill(p, s, v));
  if (p.chance(0.45)) {
    const steps = Array.from({ length: p.int(2, 5) }, () => `# ${fill(p, p.one(['start a cluster with {n} nodes', 'set {{{key}}} to {h}', 'run the {W1} {W2} job', 'kill the active {C}', 'wait {h} minutes', 'restart {C}', 'trigger {W1} manually']), { ...v, key: bug.configKeys[0] ?? 'tessera.default.fs' })}`);
    out.push(`${p.one(['*Steps to reproduce*', 'h3. Steps to reproduce', 'Steps:'])}\n${steps.join('\n')}`);
  }
  const wantTrace = p.chance(0.6);
  const trace = wantTrace ? stackTrace(p, bug, version) : undefined;
  const longLog = p.chance(0.25);
  if (longLog) {
    out.push(p.one(['Log from the server:', 'Relevant log:', 'Logs:']));
    out.push(`{noformat}\n${logLines(p, bug, p.int(40, 400), trace)}\n{noformat}`);
  } else if (trace) {
    out.push(p.chance(0.5) ? `{code:java}\n${trace}\n{code}` : `{noformat}\n${trace}\n{noformat}`);
  } else if (p.chance(0.4)) {
    out.push(`{noformat}\n${logLines(p, bug, p.int(3, 15), undefined)}\n{noformat}`);
  }
  if (bug.configKeys.length > 0 && p.chance(0.5)) {
    out.push(p.chance(0.5)
      ? `Our config:\n{code:xml}\n${bug.configKeys.map((k) => `<property>\n  <name>${k}</name>\n  <value>${p.int(1, 600)}</value>\n</property>`).join('\n')}\n{code}`
      : `Setting {{${p.one(bug.configKeys)}}} to ${p.int(1, 100)} does not help.`);
  }
  if (p.chance(0.35)) {
    const key = p.chance(0.6) ? bug.related : `TESSERA-${p.int(1000, 16999)}`;
    out.push(`${p.one(['Looks related to', 'Maybe caused by', 'See also', 'This started after'])} ${p.chance(0.5) ? key : `[${key}|https://issues.example.org/jira/browse/${key}]`}.`);
  }
  if (p.chance(0.2)) out.push(`||Version||Nodes||\n|${VERSIONS[version]}|${p.int(3, 2000)}|`);
  if (report > 0 && p.chance(0.3)) out.push(p.one(['Could not find an existing JIRA for this.', 'Searched JIRA but found nothing similar.']));
  return out.join('\n\n');
}

export function jiraJavaCorpus(opts: { issues?: number; seed?: number } = {}): GeneratedCorpus {
  const p = picker(opts.seed ?? 20_241);
  const code = makeCodebase(p);
  const target = opts.issues ?? 2_500;
  const reports: { bug: number; index: number }[] = [];
  const bugs: Bug[] = [];
  while (reports.length < target) {
    const b = bugs.length;
    bugs.push(makeBug(p, code));
    const copies = p.chance(0.03) ? (p.chance(0.15) ? 3 : 2) : 1;
    for (let k = 0; k < copies; k++) reports.push({ bug: b, index: k });
  }
  // Later reports of a bug come later in time, some much later: shuffle by a random delay.
  const order = reports.map((r, i) => ({ ...r, at: i + (r.index > 0 ? p.int(1, 400) : 0) })).sort((a, b) => a.at - b.at).slice(0, target);
  const start = Date.UTC(2019, 0, 1);
  const first = new Map<number, number>();
  const issues: GeneratedCorpus['issues'] = [];
  const pairs: GeneratedCorpus['pairs'] = [];
  order.forEach((r, i) => {
    const id = 100_001 + i;
    const bug = bugs[r.bug]!;
    issues.push({ id, title: title(p, bug, r.index + p.int(0, 3)), body: body(p, bug, r.index), created_at: new Date(start + i * 13 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19) + '+00:00' });
    const original = first.get(r.bug);
    if (original === undefined) first.set(r.bug, id);
    else {
      pairs.push({ id, duplicate_of: original });
      if (p.chance(0.8)) pairs.push({ id: original, duplicate_of: id });
    }
  });
  return { issues, pairs };
}
