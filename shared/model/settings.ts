import * as v from 'valibot';

/**
 * User settings, persisted by main (electron-store in Electron, conf in Node). The schema is the single source of
 * truth: main validates the file on load and every update from the renderer against it.
 */
export const NetworkSchema = v.picklist(['mainnet', 'testnet', 'regtest']);
export type Network = v.InferOutput<typeof NetworkSchema>;

export const ThemeSchema = v.picklist(['system', 'light', 'dark']);

const Url = v.pipe(v.string(), v.maxLength(2048));
const ShortText = v.pipe(v.string(), v.maxLength(256));
const PathText = v.pipe(v.string(), v.maxLength(4096));

export const RpcSettingsSchema = v.strictObject({
  /** e.g. http://127.0.0.1:8332. Empty = the default port of the network on 127.0.0.1. */
  url: v.union([v.literal(''), Url]),
  auth: v.picklist(['cookie', 'password']),
  /** Explicit cookie file; empty = look in the data directory. */
  cookieFile: v.union([v.literal(''), PathText]),
  /** Bitcoin Core data directory; empty = the OS default. */
  dataDir: v.union([v.literal(''), PathText]),
  user: v.union([v.literal(''), ShortText]),
  /** Wallet name for /wallet/<name>; empty = the node's only loaded wallet. */
  wallet: v.union([v.literal(''), ShortText]),
});
export type RpcSettings = v.InferOutput<typeof RpcSettingsSchema>;

export const WindowBoundsSchema = v.strictObject({
  x: v.number(),
  y: v.number(),
  width: v.pipe(v.number(), v.minValue(200)),
  height: v.pipe(v.number(), v.minValue(200)),
  maximized: v.boolean(),
});
export type WindowBounds = v.InferOutput<typeof WindowBoundsSchema>;

export const SettingsSchema = v.strictObject({
  version: v.literal(1),
  network: NetworkSchema,
  rpc: RpcSettingsSchema,
  /** Tracker URLs used in place of (or before) those on asset pages. */
  trackerOverrides: v.pipe(v.array(Url), v.maxLength(20)),
  ui: v.strictObject({
    theme: ThemeSchema,
    showHiddenAssets: v.boolean(),
    /** A name the user gives this wallet, shown in the title bar. */
    walletLabel: v.pipe(v.string(), v.maxLength(64)),
    // Added after version 1 was released: optional with their default, so a file written before reads as it was.
    /** The desktop app looks for a new version at start and daily (the About screen's button works either way). */
    checkUpdates: v.optional(v.boolean(), true),
    /** The demo-network banner was closed: it is not shown again for this data directory. */
    demoNoticeClosed: v.optional(v.boolean(), false),
  }),
  window: v.nullable(WindowBoundsSchema),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  network: 'mainnet',
  rpc: { url: '', auth: 'cookie', cookieFile: '', dataDir: '', user: '', wallet: '' },
  trackerOverrides: [],
  ui: { theme: 'system', showHiddenAssets: false, walletLabel: '', checkUpdates: true, demoNoticeClosed: false },
  window: null,
};

/** What the renderer may change in one call: any subset of the user-editable sections. */
export const SettingsPatchSchema = v.strictObject({
  network: v.optional(NetworkSchema),
  rpc: v.optional(v.partial(RpcSettingsSchema)),
  trackerOverrides: v.optional(SettingsSchema.entries.trackerOverrides),
  ui: v.optional(v.partial(SettingsSchema.entries.ui)),
});
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;
