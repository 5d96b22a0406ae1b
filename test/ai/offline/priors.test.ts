import { createTextClassifier, COLD_START_MAX_CONFIDENCE } from '../../../src/ai/offline';
import { issue } from './fixture';

// Cold start: nothing learned, so the transparent rules decide, with honest confidence.
describe('cold-start rules', () => {
  const clf = createTextClassifier();
  const predict = (title: string, body = '', reactions?: number) => clf.predict(issue(title, body, reactions === undefined ? {} : { reactions }));

  test.each([
    ['[Bug] Export button does nothing', '', 'bug'],
    ['Export fails', '### Steps to reproduce\n\n1. Click export\n\n### Expected behavior\n\nA file\n\n### Actual behavior\n\nNothing', 'bug'],
    ['Export fails', 'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\nValueError: bad', 'bug'],
    ['Feature request: export to PDF', '', 'feature'],
    ['Export to PDF', 'It would be nice to add support for PDF export.', 'feature'],
    ['How do I export only one account?', 'I could not find an option for that.', 'question'],
    ['Typo in the README', 'The README says instal.', 'documentation'],
  ])('%s → %s', (title, body, expected) => {
    const p = predict(title, body);
    expect(p.category).toBe(expected);
    expect(p.trained).toBe(false);
    expect(p.confidence).toBeLessThanOrEqual(COLD_START_MAX_CONFIDENCE);
    expect(p.reasons.length).toBeGreaterThan(0);
  });

  test('an issue with no cue at all gets a low-confidence guess and says so', () => {
    const p = predict('Export', 'Export.');
    expect(p.confidence).toBeLessThan(0.4);
  });

  test('priority follows security, data loss, crashes, regressions and popularity', () => {
    expect(predict('[Bug] XSS in the attribution control', 'A script injection vulnerability.').priority).toBe('p0');
    expect(predict('[Bug] Import corrupts the journal', 'The file is corrupted afterwards, data loss.').priority).toBe('p0');
    expect(predict('[Bug] App crashes on start', 'Segmentation fault.').priority).toBe('p1');
    expect(predict('[Bug] Budget shows zero since 2.8', 'This used to work in 2.7, a regression.').priority).toBe('p1');
    expect(predict('[Bug] Wrong colour on the save button', 'It is blue instead of green.').priority).toBe('p2');
    expect(predict('[Bug] Wrong colour on the save button', 'It is blue instead of green.', 40).priority).toBe('p1');
    expect(predict('Feature request: dark mode', '').priority).toBe('p3');
  });

  test('a feature request about security is not an emergency', () => {
    expect(predict('Feature request: encrypt the journal for better security', '').priority).toBe('p3');
  });
});
