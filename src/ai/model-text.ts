// What a model reads of an issue's body: its opening, where a report says what it is about, and its
// end, where a pasted log stops. GitHub serves bodies of hundreds of kilobytes (228 KB among one busy
// repository's issues), and every one is triaged: the whole text is stored, a bounded part is read, so
// neither a model's input limit nor its cost grows with it.

export const BODY_HEAD_CHARS = 16_000;
export const BODY_TAIL_CHARS = 4_000;

export function bodyForModel(body: string): string {
  if (body.length <= BODY_HEAD_CHARS + BODY_TAIL_CHARS) return body;
  return `${body.slice(0, BODY_HEAD_CHARS)}\n[… ${body.length - BODY_HEAD_CHARS - BODY_TAIL_CHARS} characters omitted …]\n${body.slice(-BODY_TAIL_CHARS)}`;
}
