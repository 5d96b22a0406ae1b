import { plainTfidfIndex, rankByCosine } from '../../src/duplicates/plain-tfidf';

// The cosines below are scikit-learn 1.x's, computed once with
// TfidfVectorizer(lowercase=True, token_pattern='[a-z0-9_]+', sublinear_tf=True) over "title\ntitle\nbody".
const ISSUES = [
  { number: 1, title: 'NPE in BlockManager', body: 'java.lang.NullPointerException at BlockManager.chooseTarget(BlockManager.java:1234)' },
  { number: 2, title: 'BlockManager throws NullPointerException', body: 'Seen during decommission: NullPointerException in chooseTarget' },
  { number: 3, title: 'Web UI shows nothing', body: 'The status page is empty after restart, JAVA_HOME is set' },
  { number: 4, title: 'Status page empty', body: 'After a restart the web UI status page shows nothing at all' },
];

test("ranks by the cosines scikit-learn's TfidfVectorizer gives for the same scheme", () => {
  const index = plainTfidfIndex(ISSUES);
  const ranked = (n: number) => rankByCosine(index, n).map((r) => [r.number, Number(r.score.toFixed(6))]);
  expect(ranked(1)).toEqual([[2, 0.416781], [4, 0.04266]]);
  expect(ranked(3)).toEqual([[4, 0.650873]]);
  expect(ranked(4)).toEqual([[3, 0.650873], [1, 0.04266]]);
  expect(ranked(99)).toEqual([]);
});
