import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config';
import { issuesPayload } from '../github/sample-payload';
import { signBody } from '../github/sign';
import { UsageError, type Command } from './command';
import { DEMO_ISSUES } from './demo-issues';
import { readDevSecrets } from './dev-secrets';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Sends a handful of signed sample issue webhooks to a running server',
  usage: 'demo [--url http://localhost:3000]',
  async run(argv, env) {
    const config = loadConfig(env);
    const urlFlag = argv.indexOf('--url');
    if (urlFlag >= 0 && !argv[urlFlag + 1]) throw new UsageError('--url needs a value, e.g. --url http://localhost:3000');
    const base = (urlFlag >= 0 ? argv[urlFlag + 1]! : `http://localhost:${config.port}`).replace(/\/$/, '');
    const secret = config.webhookSecrets[0] ?? readDevSecrets(config.dataDir).webhookSecret;
    if (!secret) throw new UsageError('No webhook secret: set GITHUB_WEBHOOK_SECRET, or start `npm run dev` once so it generates one in DATA_DIR.');

    for (const issue of DEMO_ISSUES) {
      const body = JSON.stringify(issuesPayload(issue));
      const res = await fetch(`${base}/webhooks/github`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signBody(secret, body) },
        body,
      }).catch((err: Error) => {
        throw new Error(`Cannot reach ${base}: ${err.message}. Start the stack with \`npm run dev\`, or pass --url.`);
      });
      const answer = await res.text();
      process.stdout.write(`${res.status}  ${issue.repoFullName}#${issue.number}  ${JSON.stringify(issue.title)}  ${answer}\n`);
      if (res.status === 401) throw new Error('The server rejected the signature: GITHUB_WEBHOOK_SECRET here differs from the server\'s.');
    }
    process.stdout.write(`\nOpen ${base}/ to watch them being triaged.\n`);
    return 0;
  },
};
