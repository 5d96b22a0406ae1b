import { detectMissingInfo } from '../../src/assistant/missing-info/detect';
import { parseTemplate } from '../../src/assistant/missing-info/templates';

const BUG = ['steps', 'expected', 'actual', 'version'] as const;
const items = (r: ReturnType<typeof detectMissingInfo>) => r.missing.map((m) => m.item);

test('a bug report without steps or version lacks exactly those, each with a reason', () => {
  const r = detectMissingInfo({
    repo: 'octo/widget', required: BUG, title: 'Export crashes',
    body: 'The export crashes with a segmentation fault and the window closes. It should save a PNG instead.',
  });
  expect(items(r)).toEqual(['steps', 'version']);
  expect(r.missing[0]!.reason).toMatch(/steps to reproduce/i);
  expect(r.missing[1]!.reason).toMatch(/version/i);
  expect(r.present.map((p) => p.item)).toEqual(['expected', 'actual']);
});

test('a complete report lacks nothing, and says where it found each item', () => {
  const r = detectMissingInfo({
    repo: 'octo/widget', required: [...BUG, 'logs'], title: 'Export crashes on PNG',
    body: [
      '### Steps to reproduce', '1. Open a drawing', '2. Choose File > Export > PNG', '',
      '### Expected behavior', 'A PNG is saved.', '', '### Actual behavior', 'The app closes with a segmentation fault.', '',
      '### Version', 'widget 2.4.1 on Ubuntu 22.04', '', '```', 'Segmentation fault (core dumped)', '```',
    ].join('\n'),
  });
  expect(r.missing).toEqual([]);
  expect(Object.fromEntries(r.present.map((p) => [p.item, p.evidence]))).toEqual({
    steps: 'the "Steps to reproduce" section', expected: 'the "Expected behavior" section', actual: 'the "Actual behavior" section',
    version: 'the "Version" section', logs: 'pasted output in a code block',
  });
});

test('an issue form\'s empty answers and a version of other software do not count', () => {
  const body = ['### Repro steps', '', '_No response_', '', '### Python version', '', '3.11', '', '### What happened?', '', 'It hangs forever when the file is large.'].join('\n');
  const r = detectMissingInfo({ repo: 'octo/widget', required: ['steps', 'version', 'actual'], title: 'Hangs', body });
  expect(items(r)).toEqual(['steps', 'version']);
  expect(r.missing[0]!.reason).toBe('The template\'s "Repro steps" section is left empty.');
});

test('the repository\'s templates: their sections map to items and their example text is not the author\'s', () => {
  const form = parseTemplate('bug.yml', [
    'name: Bug', 'body:', '  - type: markdown', '    attributes: {value: "Thanks!"}',
    '  - type: textarea', '    id: repro', '    attributes:', '      label: How do we see it?', '      value: |', '        1. Open the app', '        2. Click the button',
    '  - type: input', '    id: version', '    attributes: {label: Build number}',
  ].join('\n'))!;
  expect(form.sections).toEqual([{ heading: 'How do we see it?', item: 'steps' }, { heading: 'Build number', item: 'version' }]);
  const untouched = ['### How do we see it?', '', '1. Open the app', '2. Click the button', '', '### Build number', '', '_No response_'].join('\n');
  const r = detectMissingInfo({ repo: 'octo/widget', required: ['steps', 'version'], title: 'Button broken', body: untouched, templates: [form] });
  expect(items(r)).toEqual(['steps', 'version']);
  const answered = untouched.replace('2. Click the button', '2. Click the button\n3. Drag the slider left').replace('_No response_', '7.2.0');
  expect(detectMissingInfo({ repo: 'octo/widget', required: ['steps', 'version'], title: 'Button broken', body: answered, templates: [form] }).missing).toEqual([]);

  const md = parseTemplate('bug_report.md', '---\nname: Bug\nabout: x\n---\n**Describe the bug**\nA clear description.\n\n**Environment**\n- Version: [e.g. 22]\n')!;
  expect(md.sections.map((s) => s.item)).toEqual(['actual', 'version']);
  expect(md.boilerplate).toContain('a clear description.');
  expect(parseTemplate('config.yml', 'blank_issues_enabled: false')).toBeNull();
});

test('a report that says it cannot be reproduced lacks steps even with a log', () => {
  const r = detectMissingInfo({
    repo: 'octo/widget', required: ['steps', 'logs'], title: 'Random crash',
    body: 'Happened once overnight. Can\'t reproduce, the error is seemingly random.\n```\n2024-01-02T03:04:05Z ERROR: worker died\n```',
  });
  expect(items(r)).toEqual(['steps']);
  expect(r.missing[0]!.reason).toMatch(/cannot be reproduced/);
});
