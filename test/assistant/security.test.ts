import { assessSecurity } from '../../src/assistant/security/detect';
import { findCredential } from '../../src/assistant/security/credentials';

test('an exploitable injection with a proof of concept is a security report, for the reasons given', () => {
  const v = assessSecurity({
    title: 'SQL injection in the search endpoint',
    body: "`q` is concatenated into the query. PoC: `GET /api/search?q=' OR '1'='1' --` returns every user's password hash.",
  });
  expect(v.security).toBe(true);
  expect(v.reasons).toEqual(expect.arrayContaining(['an injection', 'a proof of concept']));
  expect(v.reasons.join(' ')).not.toMatch(/search|password/);
});

test('strong rules decide alone; weak words need company; a feature request lowers them', () => {
  expect(assessSecurity({ title: 'Remote code execution via the import endpoint', body: 'Details to follow.' }).security).toBe(true);
  expect(assessSecurity({ title: 'XSS in the profile page', body: 'The bio is not escaped.' }).security).toBe(true);
  expect(assessSecurity({ title: 'Please assign a CVE for the sandbox escape', body: 'Plugins reach process.' }).security).toBe(true);
  expect(assessSecurity({ title: 'The parser may be vulnerable', body: 'Not sure, just a feeling.' }).security).toBe(false);
  expect(assessSecurity({ title: 'The parser may be vulnerable', body: 'Not sure.', classifierSignal: true, modelLabels: ['security'] }).security).toBe(true);
  expect(assessSecurity({ title: 'Add CSRF protection to the forms', body: 'It would be nice to add an option for CSRF tokens.' }).security).toBe(false);
  expect(assessSecurity({ title: 'Dependency injection fails for scoped services', body: 'Cannot resolve the logger.' }).security).toBe(false);
  expect(assessSecurity({ title: 'Build warning', body: 'gcc: -Wformat-security warning in log.c' }).security).toBe(false);
});

test('a credential in the text makes a security report, and placeholders do not', () => {
  expect(findCredential(`token: ghp_${'a1B2'.repeat(9)}`)).toBe('a GitHub token');
  expect(findCredential('aws_access_key_id = AKIAZ7Q3X9P2M4K8T1VB')).toBe('an AWS access key');
  expect(findCredential('DATABASE_URL=postgres://app:s3cr3tPassw0rd@db.internal/prod')).toBe('a password in a connection URL');
  expect(findCredential('password = "hunter2hunter2x9"')).toBe('a password or key');
  expect(findCredential('password: <your password>')).toBeNull();
  expect(findCredential('Set GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }} in the workflow')).toBeNull();
  expect(assessSecurity({ title: 'CI prints my token', body: `GITHUB_TOKEN=ghp_${'Zx9'.repeat(12)}` })).toMatchObject({ security: true, reasons: ['a GitHub token in the text'] });
});
