import { ConfigError, loadConfig, requireWebhookSecret } from '../../src/config';

test('defaults give a working embedded setup', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, webhookSecrets: [], temporal: { address: undefined, namespace: 'default', taskQueue: 'triage' } });
  expect(c.dataDir).toMatch(/\.data$/);
  expect(c.workflowIdleTimeoutMs).toBe(7 * 86_400_000);
  expect(c.ai).toMatchObject({ offlineEmbedder: 'bge-small', offlineSentenceTokens: 64, mavenRepositoryUrl: undefined });
});

test('several webhook secrets are split on commas for rotation', () => {
  expect(loadConfig({ GITHUB_WEBHOOK_SECRET: ' a , b,,c ' }).webhookSecrets).toEqual(['a', 'b', 'c']);
});

test.each([
  [{ PORT: 'abc' }, /PORT/],
  [{ PORT: '70000' }, /PORT must be 0..65535/],
  [{ WORKFLOW_IDLE_TIMEOUT: 'forever' }, /WORKFLOW_IDLE_TIMEOUT must be a duration/],
  [{ WORKFLOW_MAX_HISTORY_EVENTS: '60000' }, /WORKFLOW_MAX_HISTORY_EVENTS must be 20\.\.10000/],
  [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must start with postgres/],
  [{ OPENAI_BASE_URL: 'localhost:11434' }, /OPENAI_BASE_URL/],
  [{ OFFLINE_EMBEDDER: 'minilm' }, /OFFLINE_EMBEDDER must be bge-small .* or hashed/],
  [{ OFFLINE_SENTENCE_TOKENS: '100' }, /OFFLINE_SENTENCE_TOKENS must be 32, 64 or 128/],
  [{ MAVEN_REPOSITORY_URL: 'repo1.maven.org' }, /MAVEN_REPOSITORY_URL must be an http\(s\) URL/],
  [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  [{ NEAR_DUPLICATE_THRESHOLD: '2' }, /NEAR_DUPLICATE_THRESHOLD/],
])('%j is rejected with a message naming the variable', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test('the message never echoes a secret value', () => {
  try {
    loadConfig({ DATABASE_URL: 'mysql://user:hunter2@host/db' });
    throw new Error('expected a ConfigError');
  } catch (err) {
    expect((err as Error).message).not.toContain('hunter2');
  }
});

test('a server without a webhook secret refuses to start unless told it is development', () => {
  expect(() => requireWebhookSecret(loadConfig({}))).toThrow(/GITHUB_WEBHOOK_SECRET: not set.*TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET=1/s);
  expect(() => requireWebhookSecret(loadConfig({ TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET: '1' }))).not.toThrow();
  expect(() => requireWebhookSecret(loadConfig({ GITHUB_WEBHOOK_SECRET: 's' }))).not.toThrow();
});
