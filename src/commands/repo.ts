import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { repoAllowed } from '../github/repo-allowlist';
import { createRepoSecretStore, RepoSecretError } from '../github/repo-secrets';
import { webhookSecretsKey } from '../github/repo-secrets-key';
import { createLogger } from '../log';
import { type Command, type CommandOutput, processOutput, UsageError } from './command';

const USAGE = `triageflow repo add [--rotate] OWNER/NAME | repo list | repo remove OWNER/NAME

add     Generates a webhook secret of the repository's own and prints it once. From then on its
        deliveries are accepted with that secret only, never with the shared GITHUB_WEBHOOK_SECRET.
        --rotate makes a new one; the old one keeps working for 24 hours while GitHub's settings change.
remove  Forgets the repository's own secret: the shared secret applies to it again.
list    The repositories with secrets of their own (names, ids, fingerprints; never the secrets).`;

const NAME = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

export const repoCommand: Command = createRepoCommand();

export function createRepoCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'repo',
    summary: 'Per-repository webhook secrets: add (shown once), rotate, list, remove',
    usage: USAGE,
    async run(argv, env) {
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { rotate: { type: 'boolean', default: false } } });
      const [action, fullName] = positionals;
      if (action !== 'list' && action !== 'add' && action !== 'remove') throw new UsageError(`Unknown repo action "${action ?? ''}": use add, list or remove.`);
      if (action !== 'list' && !(fullName && NAME.test(fullName))) throw new UsageError(`repo ${action} needs the repository as OWNER/NAME, e.g. octo-org/app.`);
      const config = loadConfig(env);
      const db = await openDatabase(config, createLogger({ level: 'warn' }));
      try {
        const store = createRepoSecretStore(db.pool, webhookSecretsKey(config));
        if (action === 'list') {
          const rows = await store.list();
          if (!rows.length) io.out('No repository has a webhook secret of its own; every delivery is checked against GITHUB_WEBHOOK_SECRET.\n');
          for (const r of rows) {
            io.out(`${r.fullName}  id ${r.repoId ?? '(not seen yet)'}  fingerprint ${r.fingerprint}  added ${r.createdAt}${r.rotatedAt ? `  rotated ${r.rotatedAt}` : ''}${r.previousUntil ? `  (previous secret valid until ${r.previousUntil})` : ''}\n`);
          }
          return 0;
        }
        if (action === 'remove') {
          const removed = await store.remove(fullName!);
          io.out(removed ? `${fullName} has no webhook secret of its own any more: GITHUB_WEBHOOK_SECRET applies to it again.\n` : `${fullName} had no webhook secret of its own.\n`);
          return removed ? 0 : 1;
        }
        const made = await store.add(fullName!, { rotate: values.rotate });
        io.out([
          `${made.rotated ? 'New webhook secret' : 'Webhook secret'} for ${fullName} (fingerprint ${made.fingerprint}), shown only this once:`,
          '',
          `  ${made.secret}`,
          '',
          `Paste it as the secret of ${fullName}'s webhook (Settings → Webhooks → Edit → Secret).`,
          made.rotated
            ? 'The previous secret keeps working for 24 hours; after that only this one does.'
            : `From now on deliveries for ${fullName} are accepted with this secret only, never with the shared GITHUB_WEBHOOK_SECRET.`,
          'Running servers pick it up within 10 seconds.',
          '',
        ].join('\n'));
        if (!repoAllowed(config.guard.repoAllowlist, fullName!)) io.err(`Note: GITHUB_REPOS does not list ${fullName}, so its deliveries are still ignored; add it there.\n`);
        return 0;
      } catch (err) {
        if (err instanceof RepoSecretError) {
          io.err(`repo: ${err.message}\n`);
          return 1;
        }
        throw err;
      } finally {
        await db.close();
      }
    },
  };
}
