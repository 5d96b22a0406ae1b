import fs from 'node:fs';
import path from 'node:path';

// The commands of the runtime image, read from the Dockerfile itself so the build test runs what the
// image runs; a Dockerfile that no longer has them fails here with the instruction to look at.

export interface ImageCommands {
  /** ENTRYPOINT of the final stage, e.g. ["node", "dist/src/cli.js"]; the role is appended. */
  entrypoint: string[];
  /** The exec form of HEALTHCHECK CMD. */
  healthcheck: string[];
}

export function readImageCommands(file: string): ImageCommands {
  // Continuation lines joined, then only the final stage (after the last FROM) counts.
  const text = fs.readFileSync(file, 'utf8').replace(/\\\n\s*/g, '');
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));
  const exec = (pattern: RegExp, what: string): string[] => {
    const m = pattern.exec(finalStage);
    if (!m) throw new Error(`${path.basename(file)}: the final stage has no ${what} in exec (JSON) form; the build test runs it.`);
    return JSON.parse(m[1]!) as string[];
  };
  if (!/^RUN npm run build$/m.test(text)) throw new Error(`${path.basename(file)}: no "RUN npm run build" line; the build test runs that command.`);
  return {
    entrypoint: exec(/^ENTRYPOINT (\[.*\])$/m, 'ENTRYPOINT'),
    healthcheck: exec(/^HEALTHCHECK .*?CMD (\[.*\])$/m, 'HEALTHCHECK ... CMD'),
  };
}
