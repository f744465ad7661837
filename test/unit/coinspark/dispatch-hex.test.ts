import { describe, expect, it } from 'vitest';
import { runVectorOp } from '../../vectors/dispatch';

// The dispatch decodes long hex (contracts) natively for speed; it must refuse what the library's own decoder
// refuses, however the string is made.
describe('vector dispatch: long hex', () => {
  const base = { name: 'n', issuer: 'i', description: 'd', units: 'u', issueDate: null, expiryDate: null, interestRate: 0, multiple: 1 };
  const contract = '00'.repeat(200);

  it('hashes a long valid contract', () => {
    expect(runVectorOp('assethash', { ...base, contractContent: contract })).toMatchObject({ assetHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it.each([
    ['a character above U+00FF that Node would read as a hex digit', `${contract.slice(0, -1)}\u0130`],
    ['a Latin-1 letter that is not hex', `${contract.slice(0, -1)}\u00e9`],
    ['an odd length', `${contract}0`],
  ])('refuses %s', (_name, bad) => {
    const good = runVectorOp('assethash', { ...base, contractContent: contract });
    let result: unknown;
    try {
      result = runVectorOp('assethash', { ...base, contractContent: bad });
    } catch (e) {
      result = e;
    }
    expect(result).not.toEqual(good);
  });
});
