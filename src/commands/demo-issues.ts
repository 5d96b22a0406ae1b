import type { SampleIssue } from '../github/sample-payload';

// A small, varied set: a crash, a reworded copy of it (a near-duplicate), a feature request, a question, a docs gap, a security
// report and an issue with an empty title (shown as invalid), so every path of the pipeline shows up.
const repo = { repoId: 900_001, repoFullName: 'demo-org/widgets' };
const labels = [
  { name: 'bug', description: "Something isn't working" },
  { name: 'enhancement', description: 'New feature or request' },
  { name: 'question', description: 'Further information is requested' },
  { name: 'documentation', description: 'Improvements or additions to documentation' },
];

export const DEMO_ISSUES: SampleIssue[] = [
  { ...repo, number: 1, title: 'App crashes with TypeError when saving a widget', body: '### Steps to reproduce\n1. Create a widget\n2. Click save\n\n### Actual behaviour\n```\nTypeError: Cannot read properties of undefined (reading \'id\')\n    at save (widget.js:42:13)\n```\n\n### Expected behaviour\nThe widget is saved.', labels: [labels[0]!], reactions: 12 },
  { ...repo, number: 2, title: 'App crashes with a TypeError when saving a widget', body: '### Steps to reproduce\n1. Create a widget\n2. Click save\n\n### Actual behaviour\n```\nTypeError: Cannot read properties of undefined (reading \'id\')\n    at save (widget.js:42:13)\n```\n\n### Expected behaviour\nThe widget is saved. Happens every time.' },
  { ...repo, number: 3, title: 'Feature request: export widgets as CSV', body: 'It would be great to export the widget list as CSV so we can share it with finance. Proposal: an Export button next to Import.', labels: [labels[1]!] },
  { ...repo, number: 4, title: 'How do I configure a custom theme?', body: 'I read the docs but could not find how to set my own colours. Is there an option for it?', labels: [labels[2]!] },
  { ...repo, number: 5, title: 'README install section is outdated', body: 'The README still says `npm install widgets@1`, but version 3 is current. The docs should be updated.', labels: [labels[3]!] },
  { ...repo, number: 6, title: 'Security: session token leaks into server logs', body: 'The session token is written to the access log in plain text. Anyone with log access can take over accounts. This is a security vulnerability.', reactions: 30 },
  { ...repo, number: 7, title: '   ', body: 'Submitted by mistake without a title.' },
];
