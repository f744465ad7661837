import { describe, expect, it } from 'vitest';
import { bindHandlers, isAppMainFrame, type Handlers, type SenderInfo } from '../../../main/node/ipc-dispatch';
import { UserFacingError } from '../../../shared/ipc/result';
import { APP_ORIGIN } from '../../../main/node/security/session-policy';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings';

const appFrame: SenderInfo = { transport: 'electron', frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const notUsed = () => {
    throw new Error('not used in this test');
  };
  return new Proxy({ ...overrides } as Handlers, {
    get: (target, key: string) => (target as Record<string, unknown>)[key] ?? notUsed,
  });
}

describe('bindHandlers', () => {
  const calls: unknown[] = [];
  const dispatch = bindHandlers(
    handlers({
      'settings:update': (patch) => {
        calls.push(patch);
        return { ...DEFAULT_SETTINGS, ui: { ...DEFAULT_SETTINGS.ui, ...patch.ui } };
      },
      'assets:add': () => {
        throw new UserFacingError('bad-reference', 'That asset reference is not valid.');
      },
      'app:info': () => {
        throw new Error('disk on fire');
      },
    }),
    { isTrustedSender: isAppMainFrame(APP_ORIGIN) },
  );

  it('passes a valid call from the app page to its handler', async () => {
    const result = await dispatch('settings:update', { ui: { walletLabel: 'Main' } }, appFrame);
    expect(result).toMatchObject({ ok: true, value: { ui: { walletLabel: 'Main' } } });
    expect(calls).toContainEqual({ ui: { walletLabel: 'Main' } });
  });

  it.each<[string, SenderInfo]>([
    ['another origin', { transport: 'electron', frameUrl: 'https://evil.example/', isMainFrame: true }],
    ['a subframe of the app page', { ...appFrame, isMainFrame: false } as SenderInfo],
    ['a file:// page', { transport: 'electron', frameUrl: 'file:///tmp/index.html', isMainFrame: true }],
    ['an unparsable URL', { transport: 'electron', frameUrl: 'not a url', isMainFrame: true }],
    ['the wrong transport', { transport: 'websocket', connectionId: 1 }],
  ])('rejects a wrong sender: %s', async (_name, sender) => {
    const before = calls.length;
    const result = await dispatch('settings:update', { ui: { walletLabel: 'x' } }, sender);
    expect(result).toEqual({ ok: false, error: { code: 'BAD_SENDER', message: expect.any(String) } });
    expect(calls.length).toBe(before);
  });

  it.each(['settings:nope', 'constructor', '__proto__', 42, null])('rejects an unknown channel: %s', async (channel) => {
    const result = await dispatch(channel, undefined, appFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it.each([
    ['wrong type', { ui: { walletLabel: 42 } }],
    ['unknown key', { ui: { walletLabel: 'a' }, admin: true }],
    ['too long', { ui: { walletLabel: 'x'.repeat(65) } }],
    ['not an object', 'settings'],
    ['bad enum', { network: 'moonnet' }],
  ])('rejects a malformed payload (%s) before the handler sees it', async (_name, payload) => {
    const before = calls.length;
    const result = await dispatch('settings:update', payload, appFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(calls.length).toBe(before);
  });

  it('turns thrown errors into typed error results', async () => {
    expect(await dispatch('app:info', undefined, appFrame)).toEqual({ ok: false, error: { code: 'HANDLER_ERROR', message: 'disk on fire' } });
    expect(await dispatch('assets:add', { reference: '1-2-3' }, appFrame)).toEqual({
      ok: false,
      error: { code: 'HANDLER_ERROR', message: 'That asset reference is not valid.', reason: 'bad-reference' },
    });
  });
});
