import { randomBytes } from 'node:crypto';
import { calcGross, calcNet, type AssetRef, type Genesis } from '../../../shared/coinspark/index';
import { formatQuantity, formatSmallestUnit } from '../../../shared/format/quantity';
import { UserFacingError } from '../../../shared/ipc/result';
import type { PrepareRequest, FeeChoice } from '../../../shared/ipc/channels/send';
import type { QuantityDisplay } from '../../../shared/model/asset-view';
import type { AssetRow } from '../../../shared/model/asset-lists';
import type { AssetAmount, AssetQuote, BitcoinFigures, FeeEstimate, SendPreview, SendResult } from '../../../shared/model/send';
import { formatBtc, formatSatPerVb, rawFromDisplay, satPerKvbFromText, satsFromBtc } from '../../../shared/send/amount';
import { checkRecipient, type RecipientOk, type SendPurpose } from '../../../shared/send/recipient';
import { decodeBitcoinAddress } from '../../../shared/bitcoin/address';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { effectiveState, summarize, VALID_STATE_TEXT } from '../assets/asset-views';
import { fromGenesisRecord } from '../assets/genesis-record';
import { RpcError, type RpcClient } from '../core/rpc-client';
import { parseTxHex } from '../core/raw-tx';
import { buildAssetSend } from './build-asset-send';
import { buildBitcoinSend } from './build-bitcoin-send';
import { buildMigration } from './build-migration';
import { checkPlan, type AssetFacts, type CheckedTx } from './check-tx';
import { explainBroadcastError, isTransportFailure } from './core-errors';
import {
  broadcast,
  changeAddress,
  coreFees,
  FEE_TARGET_BLOCKS,
  fillPsbt,
  finalizePsbt,
  isKnownToNode,
  isOwnAddress,
  lockedOutputs,
  lockOutputs,
  signWithCore,
  unlockOutputs,
  walletKind,
  type WalletKind,
} from './core-calls';
import { ASSET_RECIPIENT_SATS, CHANGE_MIN_SATS, refuse, sumSats, type FeePolicy, type TxPlan } from './plan';
import { previewOutputs, type AssetLabeler } from './preview';
import { barePsbt, vsizeOfSigned } from './tx-bytes';
import { classifyCoins, migrationReserve, type WalletCoins } from './wallet-coins';

/**
 * `send:*`: the wallet builds, checks, signs and broadcasts its own transactions by the CoinSpark rules
 * (wallet-behaviour.md §1, §7.2–7.3, §8): asset sends, bitcoin sends, migration of everything.
 *
 * A send is two steps. `prepare` builds the exact transaction (coin selection here, never Core's: Core spends a
 * coin it was told to, locked or not), checks it with `apply` (check-tx.ts), holds its coins (in this service, and
 * in Core with lockunspent) and returns the review, decoded from the transaction's bytes. `confirm` (or, for a
 * watch-only wallet, `exportPsbt` then `broadcastSigned`) signs that very transaction, checks that what was signed
 * is what was reviewed, broadcasts it, records it as the wallet's own, writes the change's quantities (state SELF,
 * §3.2) and syncs. Any failure releases what the draft held and says what happened; nothing is left half-done.
 */
export interface SendService {
  figures(): BitcoinFigures;
  /** Drafts under review (coins held). */
  drafts(): number;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    send: SendService;
  }
}

export interface SendServiceOptions {
  /** How long a reviewed send holds its coins. */
  draftTtlMs?: number;
  /** Fee rate used when Core has no estimate (sat/kvB): SparkBit's 10,000 sat per kB. */
  fallbackSatPerKvb?: bigint;
  now?: () => Date;
}

type SendChannels = 'send:figures' | 'send:feeEstimate' | 'send:quote' | 'send:prepare' | 'send:cancel' | 'send:confirm' | 'send:exportPsbt' | 'send:broadcastSigned';

interface Draft {
  id: string;
  plan: TxPlan;
  checked: CheckedTx;
  psbt: string;
  rpc: RpcClient;
  kind: WalletKind;
  /** Locks this draft took in Core on outputs holding no asset: released if the send does not happen. */
  releasable: { txid: string; vout: number }[];
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
  note: string;
  busy: boolean;
  /** Change addresses this draft pays: given back for the next review if it is not sent. */
  changes: ChangeAddress[];
}

interface ChangeAddress {
  address: string;
  script: Uint8Array;
}

const WALLET_MIN_SAT_PER_KVB = 1000n; // Core's own wallets never go below 1 sat/vB

export function initSendService(ctx: ServiceContext, options: SendServiceOptions = {}): ServiceModule<SendChannels> & { service: SendService } {
  const ttl = options.draftTtlMs ?? 15 * 60_000;
  const fallback = options.fallbackSatPerKvb ?? 10_000n;
  const now = options.now ?? (() => new Date());
  const drafts = new Map<string, Draft>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Prepares run one at a time, so two reviews never pick the same coins. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const assets = () => {
    const a = ctx.services.assets;
    if (!a) throw new Error('The asset lists are not open.');
    return a;
  };
  const client = (): RpcClient => {
    const c = ctx.services.core?.client();
    if (!c) {
      const d = ctx.services.core?.status().diagnosis;
      throw new UserFacingError('not-connected', d ? `Not connected to Bitcoin Core: ${d.title}. ${d.message}` : 'The wallet is not connected to Bitcoin Core yet.');
    }
    return c;
  };
  const network = () => ctx.services.core?.status().network ?? ctx.options.network ?? 'mainnet';

  // ── assets: names, display, facts ──
  const summaryOf = (row: Readonly<AssetRow>) => summarize(row, [], new Map(), now());
  const labelOf = (row: Readonly<AssetRow> | undefined, id: number): string => {
    if (!row) return `asset ${id}`;
    const s = summaryOf(row);
    return s.shortName ?? s.name ?? (s.assetRef ? `asset ${s.assetRef}` : `asset ${id}`);
  };
  const displayOf = (row: Readonly<AssetRow> | undefined): QuantityDisplay | null => (row ? summaryOf(row).display : null);
  const labeler = (): AssetLabeler => {
    const cache = new Map<number, { label: string; display: QuantityDisplay | null }>();
    const info = (id: number) => {
      let hit = cache.get(id);
      if (!hit) {
        const row = assets().lists.asset(id);
        cache.set(id, (hit = { label: labelOf(row, id), display: displayOf(row) }));
      }
      return hit;
    };
    return {
      label: (id) => info(id).label,
      display: (id) => info(id).display,
      byRef: (ref) => assets().lists.assetByRef({ blockNum: ref.blockNum, txOffset: ref.txOffset, txIDPrefix: ref.txIDPrefix.toLowerCase() })?.assetId,
    };
  };
  const factsOf = (id: number): AssetFacts => {
    const row = assets().lists.asset(id);
    return {
      label: labelOf(row, id),
      genesis: row?.genesis ? fromGenesisRecord(row.genesis) : null,
      assetRef: row?.assetRef ? { ...row.assetRef } : null,
    };
  };

  // ── coins and figures ──
  const heldByDrafts = (): Set<string> => {
    const held = new Set<string>();
    for (const d of drafts.values()) for (const c of d.plan.inputs) held.add(c.key);
    return held;
  };
  const coinsNow = (): WalletCoins => classifyCoins(assets().unspent(), assets().lists, ctx.services.history?.ledger);

  const figures = (): BitcoinFigures => {
    const a = ctx.services.assets;
    if (!a || a.tip() === null) {
      return { confirmedSats: '0', unconfirmedSats: '0', assetFreeSats: '0', assetBoundSats: '0', outputs: 0, reserveSats: migrationReserve(0).toString(), spendableSats: '0', known: false };
    }
    const coins = classifyCoins(a.unspent(), a.lists, ctx.services.history?.ledger);
    let confirmed = 0n;
    let unconfirmed = 0n;
    for (const c of coins.all) {
      if (c.confirmations > 0) confirmed += c.sats;
      else unconfirmed += c.sats;
    }
    const free = sumSats(coins.free);
    const reserve = migrationReserve(coins.all.length);
    let spendable = free - CHANGE_MIN_SATS;
    if (coins.totalSats - reserve < spendable) spendable = coins.totalSats - reserve;
    return {
      confirmedSats: confirmed.toString(),
      unconfirmedSats: unconfirmed.toString(),
      assetFreeSats: free.toString(),
      assetBoundSats: (coins.totalSats - free).toString(),
      outputs: coins.all.length,
      reserveSats: reserve.toString(),
      spendableSats: (spendable > 0n ? spendable : 0n).toString(),
      known: true,
    };
  };
  const emitFigures = (): void => ctx.events.emitCoalesced('send:figures', figures, 300);
  // The figures follow the lists and the wallet's outputs, which both announce themselves as assets:changed.
  const unsubscribeEvents = ctx.events.subscribe((name) => {
    if (name === 'assets:changed') emitFigures();
  });

  // ── fees ──
  const feeEstimate = async (): Promise<FeeEstimate> => {
    const fees = await coreFees(client());
    const floor = fees.minRelay > WALLET_MIN_SAT_PER_KVB ? fees.minRelay : WALLET_MIN_SAT_PER_KVB;
    let suggested = fees.estimate ?? fallback;
    let source =
      fees.estimate !== null
        ? `Bitcoin Core estimates ${formatSatPerVb(fees.estimate)} sat/vB for confirmation within ${fees.blocks ?? FEE_TARGET_BLOCKS} blocks.`
        : `Bitcoin Core has no fee estimate yet (it has not seen enough blocks); ${formatSatPerVb(fallback)} sat/vB is suggested instead. Raise it if the network is busy.`;
    if (suggested < floor) {
      suggested = floor;
      source += ` Raised to ${formatSatPerVb(floor)} sat/vB, the least Bitcoin Core relays and its wallets pay.`;
    }
    return {
      coreSatPerKvb: fees.estimate?.toString() ?? null,
      blocks: fees.blocks,
      suggestedSatPerKvb: suggested.toString(),
      source,
      minRelaySatPerKvb: fees.minRelay.toString(),
    };
  };
  const feePolicy = async (rpc: RpcClient, choice: FeeChoice): Promise<FeePolicy> => {
    const fees = await coreFees(rpc);
    if (choice.mode === 'total') {
      const sats = /^\d{1,16}$/.test(choice.sats.trim()) ? BigInt(choice.sats.trim()) : null;
      if (sats === null) refuse('bad-fee', `“${choice.sats.slice(0, 20)}” is not a fee in satoshis: use digits only.`);
      return { target: { kind: 'total', sats }, minRelaySatPerKvb: fees.minRelay };
    }
    const rate = satPerKvbFromText(choice.satPerVb);
    if (!rate.ok) refuse('bad-fee', rate.message);
    if (rate.value > 10_000_000n) refuse('bad-fee', `${choice.satPerVb} sat/vB is above the 10,000 sat/vB Bitcoin Core accepts at most (maxfeerate): a typing error?`);
    if (rate.value < fees.minRelay) {
      refuse('fee-below-relay', `${choice.satPerVb} sat/vB is below the ${formatSatPerVb(fees.minRelay)} sat/vB Bitcoin Core relays. Nothing was sent.`);
    }
    return { target: { kind: 'rate', satPerKvb: rate.value }, minRelaySatPerKvb: fees.minRelay };
  };

  // ── amounts ──
  const requireAsset = (assetId: number): Readonly<AssetRow> => {
    const row = assets().lists.asset(assetId);
    if (!row) throw new UserFacingError('not-found', `There is no asset ${assetId} in this wallet.`);
    return row;
  };
  // The texts are for main's own sentences (refusals, the send's note); the renderer formats the raw figures.
  type QuoteTexts = { grossText: string; netText: string; smallestUnit: string; spendableText: string };
  const quote = (assetId: number, amount: string, mode: 'receive' | 'send', coins: WalletCoins): AssetQuote & { gross: bigint; net: bigint; texts: QuoteTexts } => {
    const row = requireAsset(assetId);
    const display = displayOf(row);
    const genesis: Genesis | null = row.genesis ? fromGenesisRecord(row.genesis) : null;
    const net = (gross: bigint): bigint => (genesis ? calcNet(genesis, gross) : gross);
    const spendable = coins.assetBalance(assetId).known;
    const fmt = (raw: bigint): string => formatQuantity(raw, display, now()).text;
    let gross: bigint;
    let rounded = false;
    if (amount.trim().toLowerCase() === 'max') {
      gross = spendable;
    } else {
      const typed = rawFromDisplay(amount, display, now());
      if (!typed.ok) throw new UserFacingError('bad-amount', typed.message);
      rounded = typed.value.rounded;
      gross = mode === 'receive' && genesis ? calcGross(genesis, typed.value.raw) : typed.value.raw;
    }
    const n = net(gross);
    const hasCharges = !!genesis && (genesis.chargeFlatMantissa > 0 || genesis.chargeBasisPoints > 0);
    return {
      gross,
      net: n,
      grossRaw: gross.toString(),
      netRaw: n.toString(),
      chargeRaw: (gross - n).toString(),
      display,
      rounded,
      spendableRaw: spendable.toString(),
      hasCharges,
      texts: { grossText: fmt(gross), netText: fmt(n), smallestUnit: formatSmallestUnit(display), spendableText: fmt(spendable) },
    };
  };

  // ── change addresses: fresh from Core, and kept for the next review when a send does not happen ──
  const spareChange = new Map<string, ChangeAddress[]>();
  const walletKey = (rpc: RpcClient): string => `${rpc.url.toString()}|${rpc.wallet ?? ''}`;
  const takeChange = async (rpc: RpcClient, taken: ChangeAddress[]): Promise<ChangeAddress> => {
    const spare = spareChange.get(walletKey(rpc))?.pop();
    const address = spare?.address ?? (await changeAddress(rpc));
    const decoded = decodeBitcoinAddress(address);
    if (!decoded || !decoded.networks.includes(network())) refuse('no-change-address', `Bitcoin Core gave a change address the wallet cannot use (${address.slice(0, 90)}).`);
    const change = { address, script: decoded.script };
    taken.push(change);
    return change;
  };
  const giveBackChange = (rpc: RpcClient, changes: ChangeAddress[]): void => {
    if (changes.length === 0) return;
    const key = walletKey(rpc);
    const list = spareChange.get(key) ?? [];
    list.push(...changes);
    spareChange.set(key, list.slice(-20));
  };

  // ── drafts ──
  const release = async (draft: Draft): Promise<number> => {
    if (!drafts.delete(draft.id)) return 0;
    clearTimeout(draft.timer);
    giveBackChange(draft.rpc, draft.changes);
    await unlockOutputs(draft.rpc, draft.releasable).catch((error: unknown) => ctx.log.warn('send: releasing coin locks failed', error instanceof Error ? error.message : error));
    emitFigures();
    return draft.plan.inputs.length;
  };
  const takeDraft = (draftId: string): Draft => {
    const draft = drafts.get(draftId);
    if (!draft) throw new UserFacingError('draft-expired', 'This review is no longer held (it expired, was sent or was cancelled). Review the send again.');
    if (draft.busy) throw new UserFacingError('draft-busy', 'This send is already being signed.');
    return draft;
  };

  const recipientFor = (text: string, purpose: SendPurpose): RecipientOk => {
    const r = checkRecipient(text, network(), purpose);
    if (!r.ok) refuse(r.reason, r.message);
    return r;
  };

  const prepare = (request: PrepareRequest): Promise<SendPreview> =>
    serial(async () => {
      const a = assets();
      const rpc = client();
      // The wallet's outputs as Core has them now (a pass of sync, or the one running): a coin spent a moment ago
      // must not be chosen.
      try {
        await ctx.services.sync?.syncNow();
      } catch (error) {
        ctx.log.warn('send: sync before review failed', error instanceof Error ? error.message : error);
      }
      if (a.tip() === null) refuse('not-synced', 'The wallet has not finished reading its outputs from Bitcoin Core yet. Try again in a moment.');
      const warnings: string[] = [];
      const coins = coinsNow();
      const exclude = heldByDrafts();
      const reserve = migrationReserve(coins.all.length);
      const kind = await walletKind(rpc, Math.floor(now().getTime() / 1000));
      const changes: ChangeAddress[] = [];
      try {
        return await prepareWith(request, rpc, kind, coins, exclude, reserve, warnings, changes);
      } catch (error) {
        giveBackChange(rpc, changes);
        throw error;
      }
    });

  const prepareWith = async (
    request: PrepareRequest, rpc: RpcClient, kind: WalletKind, coins: WalletCoins, exclude: Set<string>, reserve: bigint, warnings: string[], changes: ChangeAddress[],
  ): Promise<SendPreview> => {
      let plan: TxPlan;
      let assetSend: SendPreview['assetSend'] = null;
      let note: string;

      if (request.kind === 'asset') {
        const row = requireAsset(request.assetId);
        const label = labelOf(row, row.assetId);
        const recipient = recipientFor(request.recipient, 'asset');
        if (!row.genesis || !row.assetRef || row.assetRef.txOffset === 0) {
          refuse('not-sendable', `${label} cannot be sent yet: its genesis transaction must be confirmed and read by the wallet first (wallet-behaviour §8.1).`);
        }
        if (row.dispute) {
          refuse('disputed', `${label} cannot be sent while its trackers disagree about this wallet’s balance (${row.dispute.message}) The wallet never spends units it cannot count.`);
        }
        const state = effectiveState(row);
        if (state !== 'VALID') warnings.push(`${label} is not validated: ${VALID_STATE_TEXT[state]}.`);
        const q = quote(row.assetId, request.amount, request.mode, coins);
        if (q.gross <= 0n) refuse('bad-amount', `There are no units of ${label} to send.`);
        if (q.net <= 0n) refuse('bad-amount', `After the payment charges of ${label}, the recipient would receive nothing. Send more.`);
        if (q.rounded && !request.acceptRounding) {
          refuse('rounded', `The amount was rounded down to ${request.mode === 'receive' ? q.texts.netText : q.texts.grossText}: the smallest amount of ${label} is ${q.texts.smallestUnit}. Review again to accept the rounded amount.`);
        }
        if (q.rounded) warnings.push(`The amount was rounded down to what ${label} can carry (its smallest amount is ${q.texts.smallestUnit}).`);
        const balance = coins.assetBalance(row.assetId);
        if (balance.known < q.gross) {
          if (balance.known === 0n && balance.unknownOutputs > 0) {
            refuse('balance-unknown', `The balance of ${label} is not known yet: the trackers have not said how many units ${balance.unknownOutputs === 1 ? 'its output holds' : `its ${balance.unknownOutputs} outputs hold`}. Sending waits until they have.`);
          }
          const more = balance.unknownOutputs > 0 ? ` (${balance.unknownOutputs} more output${balance.unknownOutputs === 1 ? ' is' : 's are'} still being counted)` : '';
          refuse('over-balance', `You can send at most ${q.texts.spendableText} of ${label} now${more}; this send needs ${q.texts.grossText}.`);
        }
        const free = coins.holding(row.assetId).filter((c) => !exclude.has(c.key)).reduce((s, c) => s + c.known.get(row.assetId)!, 0n);
        if (free < q.gross) refuse('held-by-review', `Some units of ${label} are held by another send under review. Finish or cancel it first.`);
        const fee = await feePolicy(rpc, request.fee);
        const change = await takeChange(rpc, changes);
        const bitcoinChange = await takeChange(rpc, changes);
        const paymentRef = recipient.coinspark?.paymentRef ?? 0n;
        plan = buildAssetSend({
          coins, exclude, assetId: row.assetId, assetRef: row.assetRef as AssetRef, gross: q.gross, net: q.net, label,
          recipientScript: recipient.script, paymentRef, changeScript: change.script, bitcoinChangeScript: bitcoinChange.script, fee,
        });
        const after = coins.totalSats - ASSET_RECIPIENT_SATS - plan.fee;
        if (after < reserve) {
          refuse('reserve-breached', `This send would leave ${formatBtc(after)} BTC, below the ${formatBtc(reserve)} BTC this wallet keeps back to move its assets elsewhere later (wallet-behaviour §7.3). Add bitcoin to the wallet first.`);
        }
        assetSend = { assetId: row.assetId, label, grossRaw: q.grossRaw, netRaw: q.netRaw, chargeRaw: q.chargeRaw, display: q.display };
        note = `${q.texts.netText} of ${label} to ${request.recipient.trim()}`;
      } else if (request.kind === 'bitcoin') {
        const recipient = recipientFor(request.recipient, 'bitcoin');
        let amount: bigint | 'max' = 'max';
        if (request.amount.trim().toLowerCase() !== 'max') {
          const sats = satsFromBtc(request.amount);
          if (!sats.ok) refuse('bad-amount', sats.message);
          amount = sats.value;
        }
        const fee = await feePolicy(rpc, request.fee);
        const change = await takeChange(rpc, changes);
        plan = buildBitcoinSend({ coins, exclude, amount, recipientScript: recipient.script, paymentRef: recipient.coinspark?.paymentRef ?? 0n, changeScript: change.script, fee, reserveSats: reserve });
        note = `${formatBtc(plan.outputs[0]!.sats)} BTC to ${request.recipient.trim()}`;
      } else {
        const recipient = recipientFor(request.recipient, 'migration');
        if (await isOwnAddress(rpc, recipient.bitcoinAddress)) {
          refuse('own-address', 'This address belongs to this wallet: migrating to it would move nothing away. Enter a CoinSpark address of the other wallet.');
        }
        if (exclude.size > 0) refuse('held-by-review', 'Another send is under review and holds some of the outputs. Finish or cancel it before moving everything.');
        const fee = await feePolicy(rpc, request.fee);
        plan = buildMigration({ coins, recipientScript: recipient.script, paymentRef: recipient.coinspark?.paymentRef ?? 0n, fee });
        note = `everything to ${request.recipient.trim()}`;
        warnings.push(`Everything moves: all ${plan.inputs.length} outputs of this wallet, ${formatBtc(plan.outputs[0]!.sats)} BTC after the fee and every asset listed. Nothing stays here.`);
      }

      const checked = checkPlan(plan, factsOf);
      const labels = labeler();
      let migration: AssetAmount[] | null = null;
      if (plan.kind === 'migration') {
        migration = [...checked.inputs.entries()]
          .map(([id, held]) => ({ assetId: id, label: labels.label(id), raw: held.known > 0n ? held.known.toString() : null, display: labels.display(id) }))
          .sort((x, y) => x.label.localeCompare(y.label));
        for (const [id, held] of checked.inputs) {
          if (held.unknown) warnings.push(`Some outputs’ quantity of ${labels.label(id)} is not known yet: those units move too.`);
        }
      }

      // Hold the coins: here (other reviews skip them) and in Core (its own sends skip them). Outputs holding
      // assets are locked persistently and stay locked whatever happens (they must never be spent by Core's own
      // coin selection); outputs free of assets are locked for the review only.
      const alreadyLocked = await lockedOutputs(rpc);
      const toLockFree = plan.inputs.filter((c) => !alreadyLocked.has(c.key) && c.known.size === 0 && c.unknown.size === 0).map((c) => ({ txid: c.txid, vout: c.vout }));
      const toLockAssets = plan.inputs.filter((c) => !alreadyLocked.has(c.key) && (c.known.size > 0 || c.unknown.size > 0)).map((c) => ({ txid: c.txid, vout: c.vout }));
      try {
        await lockOutputs(rpc, toLockAssets, true);
        await lockOutputs(rpc, toLockFree, false);
      } catch (error) {
        if (error instanceof RpcError && error.code === -8) {
          await unlockOutputs(rpc, toLockFree).catch(() => undefined);
          refuse('stale', `One of the outputs chosen was spent or locked meanwhile (${error.message}). Nothing was sent; review the send again.`);
        }
        throw error;
      }

      const id = randomBytes(16).toString('hex');
      const expiresAt = now().getTime() + ttl;
      const used = new Set(plan.outputs.map((o) => Buffer.from(o.script).toString('hex')));
      const draft: Draft = {
        id, plan, checked, psbt: barePsbt(checked.unsigned), rpc, kind, releasable: toLockFree, expiresAt, note, busy: false,
        changes: changes.filter((c) => used.has(Buffer.from(c.script).toString('hex'))),
        timer: setTimeout(() => void release(draft), ttl),
      };
      draft.timer.unref?.();
      drafts.set(id, draft);
      giveBackChange(rpc, changes.filter((c) => !draft.changes.includes(c)));
      changes.length = 0; // the draft holds the ones it pays now
      emitFigures();

      const leaving = plan.kind === 'migration' ? coins.totalSats : plan.outputs.filter((o) => o.role === 'recipient').reduce((s, o) => s + o.sats, 0n) + plan.fee;
      return {
        draftId: id,
        kind: plan.kind,
        signing: kind.mode,
        inputCount: plan.inputs.length,
        inputSats: sumSats(plan.inputs).toString(),
        outputs: previewOutputs(plan, checked, labels, network()),
        feeSats: plan.fee.toString(),
        vsize: plan.vsize,
        feeRateSatPerKvb: ((plan.fee * 1000n) / BigInt(plan.vsize)).toString(),
        feeNote: plan.feeNote,
        assetSend,
        migration,
        paymentRef: plan.paymentRef > 0n ? plan.paymentRef.toString() : null,
        warnings,
        balanceAfterSats: (coins.totalSats - leaving).toString(),
        reserveSats: reserve.toString(),
        expiresAt: new Date(expiresAt).toISOString(),
      };
  };

  /** The signed transaction must be the reviewed one: same inputs in the same order, same outputs, same version. */
  const sameTransaction = (draft: Draft, hex: string): string => {
    const signed = parseTxHex(hex);
    const want = draft.checked.parsed;
    const same =
      !!signed &&
      signed.inputs.length === want.inputs.length &&
      signed.inputs.every((i, k) => i.txid === want.inputs[k]!.txid && i.vout === want.inputs[k]!.vout) &&
      signed.outputs.length === want.outputs.length &&
      signed.outputs.every((o, k) => o.value === want.outputs[k]!.value && Buffer.from(o.script).equals(Buffer.from(want.outputs[k]!.script))) &&
      hex.slice(0, 8) === Buffer.from(draft.checked.bytes.subarray(0, 4)).toString('hex') &&
      hex.slice(-8) === Buffer.from(draft.checked.bytes.subarray(-4)).toString('hex');
    if (!same || !signed) {
      void release(draft);
      refuse('not-the-reviewed-transaction', 'The signed transaction is not the one you reviewed (its inputs or outputs differ). Nothing was sent.');
    }
    return signed.txid;
  };

  /** Quantities of our new change computed here (SELF, wallet-behaviour.md §3.2), until a tracker confirms them. */
  const writeLocalBalances = (draft: Draft, txid: string): void => {
    const { plan, checked } = draft;
    const lists = assets().lists;
    lists.batch(() => {
      plan.outputs.forEach((output, vout) => {
        if (output.role !== 'change' && output.role !== 'bitcoin-change') return;
        const units = checked.units[vout]!;
        for (const asset of lists.assets()) {
          const held = checked.inputs.get(asset.assetId);
          if (held?.unknown && units.unknown.has(asset.assetId)) continue; // some of it is not known: the trackers will tell
          const qty = (units.known.get(asset.assetId) ?? 0n).toString();
          const patch = { qty, qtyChecked: null, qtyFailures: 0, state: 'SELF' as const, provenance: { source: 'computed' as const, agree: [], disagree: [], step: null, note: null } };
          if (!lists.addBalance(asset.assetId, txid, vout, patch)) {
            const row = lists.balance(asset.assetId, txid, vout);
            if (row && row.qty === null) lists.updateBalance(asset.assetId, txid, vout, patch);
          }
        }
      });
    });
  };

  const finish = async (draft: Draft, hex: string): Promise<SendResult> => {
    const txid = sameTransaction(draft, hex);
    const rpc = draft.rpc;
    // Recorded before it is sent: sync must never see this spend before it knows the spend is ours.
    ctx.services.ownTransactions?.record(txid, { kind: 'send', note: draft.note });
    try {
      await broadcast(rpc, hex);
    } catch (error) {
      let sent = false;
      if (isTransportFailure(error)) sent = await isKnownToNode(rpc, txid);
      const explained = explainBroadcastError(error);
      if (explained.reason === 'already-confirmed') sent = true;
      if (!sent) {
        await release(draft);
        if (isTransportFailure(error)) refuse('broadcast-unknown', `Bitcoin Core did not answer while sending, and it does not have the transaction: nothing was sent. (${error instanceof Error ? error.message : String(error)})`);
        refuse(explained.reason, explained.message);
      }
    }
    writeLocalBalances(draft, txid);
    // Sent: Core drops the locks of the coins it spent; this draft holds nothing any more.
    drafts.delete(draft.id);
    clearTimeout(draft.timer);
    try {
      await ctx.services.sync?.syncNow();
    } catch (error) {
      ctx.log.warn('send: sync after broadcast failed', error instanceof Error ? error.message : error);
    }
    emitFigures();
    const parsed = parseTxHex(hex)!;
    return { txid, feeSats: draft.plan.fee.toString(), vsize: vsizeOfSigned(hex, parsed.nonWitnessSize) };
  };

  const withDraft = async <T>(draftId: string, fn: (draft: Draft) => Promise<T>): Promise<T> => {
    const draft = takeDraft(draftId);
    if (draft.expiresAt <= now().getTime()) {
      await release(draft);
      throw new UserFacingError('draft-expired', 'This review expired and its coins were released. Review the send again.');
    }
    draft.busy = true;
    try {
      return await fn(draft);
    } finally {
      draft.busy = false;
    }
  };

  const confirm = (draftId: string, passphrase: string | undefined): Promise<SendResult> =>
    withDraft(draftId, async (draft) => {
      const kind = await walletKind(draft.rpc, Math.floor(now().getTime() / 1000));
      if (kind.mode === 'watch-only') {
        refuse('watch-only', 'This wallet holds no keys and cannot sign: export the PSBT, sign it with the wallet that has the keys, then load the signed PSBT here.');
      }
      const signed = await signWithCore(draft.rpc, draft.psbt, kind, passphrase);
      if ('incomplete' in signed) {
        await release(draft);
        refuse('not-signed', 'Bitcoin Core could not sign every input of this transaction (a key it does not have?). Nothing was sent.');
      }
      return finish(draft, signed.hex);
    });

  const exportPsbt = (draftId: string): Promise<{ psbt: string; fileName: string }> =>
    withDraft(draftId, async (draft) => ({
      psbt: await fillPsbt(draft.rpc, draft.psbt),
      fileName: `coinspark-${draft.plan.kind}-${draft.checked.parsed.txid.slice(0, 8)}.psbt`,
    }));

  const broadcastSigned = (draftId: string, psbtText: string): Promise<SendResult> =>
    withDraft(draftId, async (draft) => {
      const psbt = psbtText.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(psbt) || psbt.length % 4 !== 0 || !psbt.startsWith('cHNidP8')) {
        refuse('bad-psbt', 'This is not a PSBT: load the file the signing wallet saved (a binary .psbt or its base64 text).');
      }
      const finalized = await finalizePsbt(draft.rpc, psbt);
      if ('incomplete' in finalized) refuse('not-signed', 'This PSBT is not fully signed yet: every input needs its signature before it can be sent. The review is still held; load the PSBT again once it is signed.');
      return finish(draft, finalized.hex);
    });

  const service: SendService = { figures, drafts: () => drafts.size };
  ctx.services.send = service;

  return {
    service,
    handlers: {
      'send:figures': () => figures(),
      'send:feeEstimate': () => feeEstimate(),
      'send:quote': ({ assetId, amount, mode }) => {
        const { gross: _g, net: _n, texts: _t, ...q } = quote(assetId, amount, mode, coinsNow());
        return q;
      },
      'send:prepare': (request) => prepare(request),
      'send:cancel': async ({ draftId }) => {
        const draft = drafts.get(draftId);
        return { released: draft && !draft.busy ? await release(draft) : 0 };
      },
      'send:confirm': ({ draftId, passphrase }) => confirm(draftId, passphrase),
      'send:exportPsbt': ({ draftId }) => exportPsbt(draftId),
      'send:broadcastSigned': ({ draftId, psbt }) => broadcastSigned(draftId, psbt),
    },
    async stop() {
      unsubscribeEvents();
      for (const draft of [...drafts.values()]) await release(draft);
    },
  };
}
