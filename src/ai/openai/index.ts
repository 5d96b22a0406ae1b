export { createOpenAIConnection, OPENAI_DEFAULT_BASE_URL, type OpenAIConnection } from './client';
export { createOpenAIEmbedder, DEFAULT_EMBED_BATCH, l2Normalise, type OpenAIEmbedderOptions } from './embedder';
export { createOpenAIClassifier, type OpenAIClassifierOptions } from './classifier';
export { callProvider, toModelError, type CallContext } from './map-error';
export { buildMessages, truncate } from './prompt';
export { classificationResponseFormat, parseAnswer } from './output-schema';
export { chatUsage, embeddingCost } from './usage';
