import { securityScore, SECURITY_THRESHOLD } from '../../domain/assistant';
import { findCredential } from './credentials';

// Does an issue read as a vulnerability report? Explicit rules, each a family that counts once, plus the
// classifier's signal: a report is one at a score of 3, so a strong rule (remote code execution, an
// injection with its payload, a CVE request) decides alone and the weaker ones need company. A secret in
// the text decides alone too. Feature requests, questions and docs about security lower the score.

export interface SecurityVerdict {
  security: boolean;
  score: number;
  /** The explicit rules' part of the score, without the classifier's or model's signal. */
  rulesScore: number;
  /** The rules that fired, in words a maintainer can check (never quoting the report). */
  reasons: string[];
}

export interface SecurityInput {
  title: string;
  body: string;
  /** The offline classifier's security signal (its security words). */
  classifierSignal?: boolean;
  /** Labels the model chose; "security" or "vulnerability" among them counts as its signal. */
  modelLabels?: string[];
}

type Family = [reason: string, weight: number, pattern: RegExp];

const STRONG: Family[] = [
  ['remote or arbitrary code execution', 3, /\b(?:remote|arbitrary) (?:code|command) execution\b|\bRCE\b|\b(?:execut|run)(?:es|s|ing)? (?:arbitrary|attacker[- ]controlled|the attacker'?s?|any) (?:code|commands?|scripts?)\b|\bruns? code on the (?:server|worker|host|machine)\b/i],
  ['cross-site scripting', 3, /\b(?:stored|reflected|dom[- ]based|persistent|blind)[- ]xss\b|\bxss (?:in|on|via|through|vulnerability|attack|payload)\b|\bcross[- ]site scripting\b/i],
  ['a CVE request', 3, /\b(?:request(?:ing)?|assign(?:ing)?|reserve|obtain|need)\b[^.\n]{0,30}\bCVE\b|\bCVE[- ](?:ID|number|identifier)\b|\bCVE request\b/i],
];
const CLASSES: Family[] = [
  ['an injection', 2, /\b(?:sql|sqli|command|shell|os|code|template|ldap|nosql|xpath|header|crlf|html|script|argument|query)[- ]injection\b|\bSSTI\b|\bsqli\b|\binjectable\b/i],
  ['path traversal', 3, /\b(?:path|directory) traversal\b|\bzip[- ]slip\b|\.\.(?:%2f|%5c|%252f)|(?:\.\.[/\\]){2,}(?:etc|windows|root|home)\b|\/etc\/(?:passwd|shadow)\b/i],
  ['server-side request forgery', 3, /\bSSRF\b|\bserver[- ]side request forgery\b|169\.254\.169\.254/i],
  ['XML external entities', 3, /\bXXE\b|<!ENTITY\s+\S+\s+SYSTEM/i],
  ['cross-site request forgery', 3, /\bCSRF\b|\bXSRF\b|\bcross[- ]site request forgery\b/i],
  ['an authentication or permission bypass', 2, /\b(?:auth\w*|login|permission|access control|2fa|mfa|signature)[- ]bypass\b|\bbypass(?:es|ing)? (?:the )?(?:auth\w*|login|permissions?|access control|sandbox|signature)\b|\b(?:without|no) (?:any )?(?:auth\w*|login|a token|ownership check)\b|\bnot verified\b|\bnever (?:compares|checks|verifies)\b/i],
  ['privilege escalation', 3, /\bprivilege escalation\b|\bescalat\w+ (?:of )?privileges?\b|\bbecome (?:an? )?(?:admin|root)\b/i],
  ['a sandbox escape', 3, /\bsandbox escape\b|\bescape(?:s)? (?:the|its) sandbox\b|\boutside the sandbox\b/i],
  ['unsafe deserialization', 3, /\bdeserializ\w+ of untrusted\b|\bunsafe deserializ\w*|\bpickle\.loads?\b|\btorch\.load\b|\byaml\.load\b(?!_)|!!python\/object/i],
  ['memory corruption an attacker controls', 3, /\b(?:heap|stack)[- ](?:buffer[- ])?overflow\b.*\b(?:exploit\w*|attacker|crafted|remote|return address)|\b(?:use[- ]after[- ]free|double[- ]free)\b.*\b(?:remote|client|crafted|attacker|function pointer)|\breturn address is overwritten\b/is],
  ['prototype pollution', 3, /\bprototype pollution\b|"__proto__"\s*:/i],
  ['an open redirect', 2, /\bopen redirect\b/i],
  ['access to other users\' data', 2, /\bIDOR\b|\binsecure direct object\b|\b(?:other|another) (?:customers?|users?|accounts?)'?s? (?:data|invoices?|orders?|emails?|files?|messages?)\b|\bsomeone else'?s\b|\b(?:returns?|exposes?|leaks?|shows?|lists?) (?:the )?(?:password[- ]hash\w*|tokens?|secrets?|credentials|private keys?|every (?:customer|user)'?s?)\b/i],
  ['clickjacking', 3, /\bclickjacking\b|\bX-Frame-Options\b/i],
  ['default or hard-coded credentials', 2, /\bhard[- ]?coded (?:passwords?|credentials?|keys?|secrets?)\b|\bdefault (?:admin )?(?:password|credentials|account)\b|\bcreates? an admin account with (?:the )?password\b/i],
  ['personal data exposed', 2, /\b(?:emails?|phone numbers?|addresses|personal data|PII|passwords?|tokens?|secrets?|credentials)(?: and [\w ]{1,20})? (?:is|are|get|gets) (?:exposed|leaked|public(?:ly readable)?)\b/i],
  ['a timing attack', 2, /\btiming attack\b|\bnot constant[- ]time\b|\bleaks? the key through (?:response )?timing\b/i],
  ['a denial of service', 2, /\bReDoS\b|\bdenial[- ]of[- ]service\b|\bzip bomb\b|\btakes? the (?:site|service|server) down\b/i],
  ['an account takeover', 3, /\baccount takeover\b|\btake over (?:the |any |an? )?(?:account|session)\b|\bsession hijack\w*|\bsteals? (?:the )?sessions?\b|\bimpersonate\b|\bact as (?:any|another) user\b|\bgives? full control\b/i],
  ['a script payload', 2, /<script\b[^>]*>[^<]*(?:alert|fetch|document\.cookie|eval)|\bon(?:error|load)\s*=\s*\S*(?:alert|fetch|document)|javascript:alert|<svg\/on\w+=/i],
  ['a proof of concept', 1, /\bPoC\b|\bproof[- ]of[- ]concept\b|\bpayload\b|\bcrafted (?:file|input|request|image|packet|archive|address|string|message|url|cookie|token)s?\b|' OR '?1'?\s*=\s*'?1|\bUNION SELECT\b|;\s*(?:rm|curl|wget|cat|id|whoami)\b|\$\((?:curl|wget|id|whoami|reboot|rm)\b|\{\{\s*7\s*\*\s*7\s*\}\}|"\$ne"/i],
];
const WEAK: Family[] = [
  ['vulnerability words', 1, /\bvulnerab\w*|\bexploit(?:able|ed|s)?\b|\battackers?\b|\bmalicious\b|\bsecurity (?:issue|bug|flaw|hole|vulnerability|problem|risk|impact|concern)\b|\bunauthenticated\b|\bunauthori[sz]ed\b|\bphishing\b/i],
  ['a CVE number', 1, /\bCVE-\d{4}-\d{3,}\b/i],
];
// Security words that say nothing about a vulnerability: compiler flags, dependency injection, sanitizer builds.
const NOISE = /-W(?:error=)?format-security|\bdependency injection\b|\bsanitizers?\b|\b(?:stack ?overflow|Stack Overflow)\b(?![- ]in)/gi;
const MITIGATING: [string, RegExp][] = [
  ['it asks for a feature', /\b(?:feature request|please add|would be (?:nice|great|good|useful|helpful)|add (?:an? )?(?:option|setting|flag|support|command)|make (?:the|it) \w+ configurable|would you accept)\b/i],
  ['it asks a question', /(?:^|\n)\s*(?:how (?:do|can|to|should)|is it (?:safe|possible|ok)|can you confirm|are we affected|why does)\b/i],
  ['it is about documentation', /\b(?:typo|docs?:|documentation|tutorial|readme|disclosure policy)\b/i],
  ['it says it is not a vulnerability', /\bnot (?:a|an) (?:security )?vulnerab\w*|\bnot affected\b|\bfalse positive\b|\bdon'?t (?:use|ship)\b/i],
];

export function assessSecurity(input: SecurityInput): SecurityVerdict {
  const text = `${input.title}\n${(input.body ?? '').replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')}`.slice(0, 100_000);
  const credential = findCredential(text);
  if (credential) return { security: true, score: 5, rulesScore: 5, reasons: [`${credential} in the text`] };
  const clean = text.replace(NOISE, ' ');
  const reasons: string[] = [];
  let score = 0;
  for (const [reason, weight, pattern] of [...STRONG, ...CLASSES, ...WEAK]) {
    if (pattern.test(clean)) {
      score += weight;
      reasons.push(reason);
    }
  }
  // Mitigations count only against weak evidence: a feature request never outweighs a working exploit.
  const strong = STRONG.some(([, , p]) => p.test(clean));
  for (const [why, pattern] of MITIGATING) {
    if (!strong && pattern.test(clean)) {
      score -= 2;
      reasons.push(`lowered: ${why}`);
    }
  }
  const model = (input.modelLabels ?? []).some((l) => /security|vulnerab/i.test(l));
  if (model) reasons.push('the model\'s security label');
  else if (input.classifierSignal) reasons.push('the classifier\'s security signal');
  const total = securityScore(score, { model, classifier: input.classifierSignal });
  return { security: total >= SECURITY_THRESHOLD, score: total, rulesScore: score, reasons };
}
