import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { createInboxStore, type InboxStore } from '../inbox/store';
import { createLogger } from '../log';
import { type Command, type CommandOutput, processOutput, UsageError } from './command';

const USAGE = `triageflow inbox list
       triageflow inbox retry ID [ID ...] | --all

list: each repository's deliveries waiting to be triaged (and how many wait for its pace), refused past
INBOX_REPO_QUOTA and parked, then the parked deliveries with their errors. retry: puts parked deliveries
back (by the ids list shows, or all of them); they are forwarded and triaged again. Works against the
running dev stack's database, or DATABASE_URL.`;

export const inboxCommand: Command = createInboxCommand();

export function createInboxCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'inbox',
    summary: 'List the webhook inbox per repository and its parked deliveries, or put parked ones back',
    usage: USAGE,
    async run(argv, env) {
      const [action, ...rest] = argv;
      if (action !== 'list' && action !== 'retry') throw new UsageError(`inbox takes "list" or "retry" (got ${action ? `"${action}"` : 'nothing'})`);
      const target = action === 'retry' ? retryTarget(rest) : undefined;
      if (action === 'list' && rest.length) throw new UsageError(`inbox list takes no arguments (got ${rest.join(' ')})`);
      const config = loadConfig(env);
      const db = await openDatabase(config, createLogger(config.logLevel));
      try {
        const store = createInboxStore(db.pool);
        if (target === undefined) return await list(store, io);
        const retried = await store.retryParked(target);
        io.out(retried.length
          ? `Put back ${retried.length} parked ${retried.length === 1 ? 'delivery' : 'deliveries'}: ${retried.join(', ')}. The forwarder sends them again.\n`
          : `Nothing was put back: ${target === 'all' ? 'no delivery is parked' : `no parked delivery has the id ${target.join(', ')}`} (see triageflow inbox list).\n`);
        return retried.length || target === 'all' ? 0 : 1;
      } finally {
        await db.close();
      }
    },
  };
}

function retryTarget(args: string[]): number[] | 'all' {
  if (args.length === 1 && args[0] === '--all') return 'all';
  const ids = args.map(Number);
  if (!args.length || ids.some((id) => !Number.isSafeInteger(id) || id < 1)) {
    throw new UsageError(`inbox retry takes the ids of parked deliveries, as inbox list shows them, or --all (got ${args.join(' ') || 'nothing'})`);
  }
  return ids;
}

async function list(store: InboxStore, io: CommandOutput): Promise<number> {
  const [backlog, repos, parked] = await Promise.all([store.backlog(), store.repoStats(), store.parked(200)]);
  io.out(`${backlog.pending} waiting to be triaged (oldest ${backlog.oldestAgeSeconds} s), ${backlog.parked} parked.\n`);
  if (repos.length) {
    io.out(`\n${'repository'.padEnd(40)} ${'waiting'.padStart(8)} ${'paced'.padStart(8)} ${'refused'.padStart(8)} ${'parked'.padStart(8)}\n`);
    for (const r of repos) io.out(`${r.repo.padEnd(40)} ${String(r.pending).padStart(8)} ${String(r.throttled).padStart(8)} ${String(r.refused).padStart(8)} ${String(r.parked).padStart(8)}\n`);
  }
  if (parked.length) {
    io.out('\nParked (put back with: triageflow inbox retry ID, or --all):\n');
    for (const d of parked) io.out(`  ${d.id}  ${d.repo}#${d.number}  ${d.event}.${d.action ?? ''}  delivery ${d.deliveryId}  parked ${d.parkedAt}\n      ${d.error ?? 'no error recorded'}\n`);
  }
  return 0;
}
