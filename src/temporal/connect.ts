import { Client, Connection } from '@temporalio/client';

export interface TemporalClientProvider {
  /** The process's one client, connected on first use. */
  get(): Promise<Client>;
  close(): Promise<void>;
}

export function createTemporalClientProvider(opts: { address: string; namespace: string }): TemporalClientProvider {
  let connecting: Promise<{ connection: Connection; client: Client }> | undefined;
  const connect = async () => {
    // A server that does not answer (stopped, partitioned) fails the connect soon; callers retry later.
    const connection = await Connection.connect({ address: opts.address, connectTimeout: 5_000 });
    return { connection, client: new Client({ connection, namespace: opts.namespace }) };
  };
  return {
    async get() {
      connecting ??= connect().catch((err: unknown) => {
        connecting = undefined; // the next request tries again
        throw err;
      });
      return (await connecting).client;
    },
    async close() {
      if (connecting) await (await connecting.catch(() => undefined))?.connection.close();
    },
  };
}

export const temporalWorkflowLink = (uiUrl: string | undefined, namespace: string) => (workflowId: string): string | null =>
  uiUrl ? `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}` : null;
