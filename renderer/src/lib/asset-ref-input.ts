import { decodeAssetRefText } from '../../../shared/coinspark/assetref';

/**
 * Inline check of a typed asset reference (wallet-behaviour.md §6.5): trimmed, then "block-offset-prefix".
 * Returns the problem in words, or null when it decodes. Main checks again when adding.
 */
export function assetRefProblem(input: string): string | null {
  const text = input.trim();
  if (text === '') return 'Enter an asset reference, such as 456789-65432-9599.';
  if (!/^[0-9-]+$/.test(text)) return `“${text}” does not appear to be a valid asset reference: it may contain only digits and hyphens (like 456789-65432-9599).`;
  const parts = text.split('-');
  if (parts.length !== 3 || parts.some((p) => p === '')) return `“${text}” does not appear to be a valid asset reference: it needs three numbers separated by hyphens.`;
  const decoded = decodeAssetRefText(text);
  if (!decoded.ok) return `“${text}” does not appear to be a valid asset reference (${decoded.error}).`;
  return null;
}
