import { parse as parseYaml } from 'yaml';
import type { MissingInfoItem } from '../../domain/assistant';
import { itemOfHeading } from './headings';

// A repository's issue templates (.github/ISSUE_TEMPLATE/), read for two things: the section headings
// they make authors fill in, each tied to what it asks for, and the text they put into a new issue
// themselves (placeholders, default answers), which is not the author's and proves nothing.

export const ISSUE_TEMPLATE_DIR = '.github/ISSUE_TEMPLATE';

export interface TemplateSection {
  heading: string;
  /** What the section asks for, or null when it asks for nothing the rules know (e.g. "Website or app"). */
  item: MissingInfoItem | null;
}

export interface IssueTemplate {
  /** The file it came from, e.g. "bug_report.yml". */
  file: string;
  sections: TemplateSection[];
  /** Lines the template itself puts into an issue's body, trimmed and lower-cased. */
  boilerplate: string[];
}

/** True for the files GitHub offers as templates (not config.yml, which configures the chooser). */
export function isTemplateFile(name: string): boolean {
  return /\.(md|ya?ml)$/i.test(name) && !/^config\.ya?ml$/i.test(name);
}

/** Reads a Markdown template or an issue form; null when the file is neither (it is then ignored). */
export function parseTemplate(file: string, text: string): IssueTemplate | null {
  try {
    return /\.ya?ml$/i.test(file) ? parseForm(file, text) : parseMarkdown(file, text);
  } catch {
    return null;
  }
}

function parseMarkdown(file: string, text: string): IssueTemplate {
  const body = text.replace(/\r\n?/g, '\n').replace(/^---\n[\s\S]*?\n---\n/, '').replace(/<!--[\s\S]*?-->/g, '');
  const sections: TemplateSection[] = [];
  const boilerplate: string[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    const heading = /^(?:#{1,6}\s+(.+?)\s*#*|\*\*([^*]+)\*\*:?)$/.exec(line);
    if (heading) {
      const label = (heading[1] ?? heading[2]!).replace(/[*_`]/g, '').trim();
      sections.push({ heading: label, item: itemOfHeading(label) });
    } else if (line && !/^(?:[-*+]|\d+[.)])$/.test(line)) {
      boilerplate.push(line.toLowerCase());
    }
  }
  return { file, sections, boilerplate };
}

interface FormElement {
  type?: string;
  id?: string;
  attributes?: { label?: string; value?: string; options?: unknown[] };
}

// An issue form renders each field as "### <label>" followed by the answer ("_No response_" when empty);
// a field's `value` is pre-filled text, and markdown fields do not reach the issue at all.
function parseForm(file: string, text: string): IssueTemplate | null {
  const form = parseYaml(text) as { body?: FormElement[] } | null;
  if (!form || !Array.isArray(form.body)) return null;
  const sections: TemplateSection[] = [];
  const boilerplate: string[] = [];
  for (const element of form.body) {
    const label = element?.attributes?.label;
    if (element?.type === 'markdown' || typeof label !== 'string') continue;
    sections.push({ heading: label.trim(), item: itemOfHeading(label, element.id) });
    const value = element.attributes?.value;
    if (typeof value === 'string') boilerplate.push(...value.split('\n').map((l) => l.trim().toLowerCase()).filter((l) => l && !/^(?:[-*+]|\d+[.)])$/.test(l)));
  }
  return { file, sections, boilerplate };
}
