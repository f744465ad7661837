// PSBT RPCs (filled in below).
import { MethodDef } from './rpc.js';
import { NodeState } from './state.js';

export function psbtMethods(S: NodeState): Record<string, MethodDef> {
  void S;
  return {};
}
