export { loadDataset } from './load';
export { parseCsvDataset } from './csv';
export { parseGithubIssues } from './github-issues';
export { defaultLabelMap, loadLabelMap, matchLabels, normalizeLabel, type LabelMap, type LabelMatch } from './label-map';
export { DatasetError, type Dataset, type DatasetRow, type SkippedRow } from './types';
